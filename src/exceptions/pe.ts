// The processing element as the engine's users drive it: the state (state.ts) plus one method per
// architectural event, each running the operation (a function over the state, in its own file)
// and then taking whatever pending exception became unmasked. Every method returns its trace.
import { PEState } from "./state.js";
import type { Trace } from "./trace.js";
import { hex } from "../arch/bits.js";
import { syncExternalAbort, type ExternalAbortAccess } from "./abort.js";
import { executeESB } from "./esb.js";
import { exceptionReturn } from "./eret.js";
import { takePendingInterrupts } from "./interrupts.js";
import { recordError, type RecordedError } from "./records.js";
import { executeDAIF, executeHVC, executeMRS, executeMSR, executeSMC, executeSVC, illegalStateCheck } from "./sysreg-ops.js";

export { PEState, UNKNOWN, type ErrRecordAccess, type PEOptions, type PERegisters, type RasInterrupt } from "./state.js";

export class PE extends PEState {

  /**
   * An error source asserts a physical SError with this ISS[24:0]; taken now if unmasked.
   * `inFlight`: not yet recognized by the PE; it becomes pending at the next SynchronizeErrors().
   */
  raiseSError(iss: number, inFlight = false): Trace {
    return this.run(() => {
      if (inFlight) {
        if (this.tracing) this.traceState("SError signalled", "SError in flight", this.serrorInFlight === null ? "-" : hex(this.serrorInFlight), hex(iss), "not yet synchronized: pending at the next error synchronization event");
        this.serrorInFlight = iss & 0x01ff_ffff;
        return;
      }
      if (this.tracing) this.traceState("SError asserted", "pending SError", this.serrorPending ? "1" : "0", "1", `syndrome ${hex(iss)}`);
      this.serrorPending = true;
      this.serrorISS = iss & 0x01ff_ffff;
      takePendingInterrupts(this);
    });
  }

  /** EL2 injects a virtual SError: VSESR_EL2 = vsesr (with FEAT_RAS), HCR_EL2.VSE = 1. */
  injectVirtualSError(vsesr?: bigint): Trace {
    return this.run(() => {
      if (vsesr !== undefined) this.setReg("VSESR_EL2", vsesr, "inject virtual SError", "syndrome for ESR_EL1.ISS[24:0]");
      this.setHcrBit("VSE", true, "inject virtual SError", "HCR_EL2.VSE=1: virtual SError pending");
      takePendingInterrupts(this);
    });
  }

  /** Sets a physical IRQ/FIQ line level. */
  setLine(line: "IRQ" | "FIQ", level: boolean): Trace {
    return this.run(() => {
      const before = line === "IRQ" ? this.irqLine : this.fiqLine;
      this.traceState(`${line} line`, `${line} line`, before ? "1" : "0", level ? "1" : "0", level ? "asserted" : "deasserted");
      if (line === "IRQ") this.irqLine = level;
      else this.fiqLine = level;
      takePendingInterrupts(this);
    });
  }

  /** ESB at the current PC. */
  esb(): Trace {
    return this.run(() => {
      if (!illegalStateCheck(this)) executeESB(this);
      takePendingInterrupts(this);
    });
  }

  /** ERET at the current EL. */
  eret(): Trace {
    return this.run(() => {
      if (!illegalStateCheck(this)) exceptionReturn(this);
      takePendingInterrupts(this);
    });
  }

  /** A load/store/fetch at the current PC gets a synchronous External abort. */
  externalAbort(access: ExternalAbortAccess): Trace {
    return this.run(() => {
      if (!illegalStateCheck(this)) syncExternalAbort(this, access, "the access consumed an uncorrected error");
      takePendingInterrupts(this);
    });
  }

  /** A node records an error in ERR<n> and signals it. */
  recordError(n: number, err: RecordedError): Trace {
    return this.run(() => {
      recordError(this, n, err);
      takePendingInterrupts(this);
    });
  }

  /** MSR <reg>, X<rt> (rt: the register number reported in a trap's ISS; default 0). */
  msr(reg: string, value: bigint, rt = 0): Trace {
    return this.run(() => {
      if (illegalStateCheck(this)) return;
      if (reg === "DAIFSet" || reg === "DAIFClr") executeDAIF(this, reg, Number(value & 0xfn));
      else executeMSR(this, reg, value, rt);
      takePendingInterrupts(this);
    });
  }

  /** MRS X<rt>, <reg> (rt: reported in a trap's ISS; default 0). */
  mrs(reg: string, rt = 0): { value: bigint | null; trace: Trace } {
    let value: bigint | null = null;
    const trace = this.run(() => {
      if (illegalStateCheck(this)) return;
      value = executeMRS(this, reg, rt);
      takePendingInterrupts(this);
    });
    return { value, trace };
  }

  svc(imm16: number): Trace {
    return this.run(() => {
      if (!illegalStateCheck(this)) executeSVC(this, imm16);
      takePendingInterrupts(this);
    });
  }

  /** HVC #imm16 (HCR_EL2.HCD / SCR_EL3.HCE decide UNDEFINED). */
  hvc(imm16: number): Trace {
    return this.run(() => {
      if (!illegalStateCheck(this)) executeHVC(this, imm16);
      takePendingInterrupts(this);
    });
  }

  /** SMC #imm16 (HCR_EL2.TSC traps it to EL2; SCR_EL3.SMD makes it UNDEFINED). */
  smc(imm16: number): Trace {
    return this.run(() => {
      if (!illegalStateCheck(this)) executeSMC(this, imm16);
      takePendingInterrupts(this);
    });
  }

  /** Takes whatever pending exception is unmasked now (an instruction boundary). */
  checkInterrupts(): Trace {
    return this.run(() => takePendingInterrupts(this));
  }

}
