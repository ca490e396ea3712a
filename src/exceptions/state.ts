// The processing element's state: register file, PSTATE, PC, security state, features, the
// pending physical/virtual exceptions, and the traced writes every operation makes. It imports
// no operation: the operations (take.ts, abort.ts, eret.ts, esb.ts, interrupts.ts, records.ts,
// sysreg-ops.ts) are functions over this state, and pe.ts is the facade that sequences them.
import { extract, fromWords, hex, insert } from "../arch/bits.js";
import type { EL } from "../arch/el.js";
import { DEFAULT_FEATURES, type FeatureSet } from "../arch/features.js";
import { PSTATE_RESET_EL3, type Pstate } from "../arch/pstate.js";
import type { ErrRecordReg } from "../sysregs/decl.js";
import { UNKNOWN, type MaybeUnknown, type RegisterFileContract, type RegisterHandle } from "../sysregs/types.js";
import { elRegisters, registerHandle, type ELRegisters } from "./reg-handles.js";
import { routingControls, type RoutingControls, type RoutingState } from "./controls.js";
import { HCR, SCR } from "./fields.js";
import { NO_TRACE, showValue, type Trace, type TraceStep } from "./trace.js";

/** One memory-mapped error record as the register file exposes it. */
export interface ErrRecordAccess {
  read(reg: ErrRecordReg): bigint;
  /** Hardware write (no W1C semantics). */
  set(reg: ErrRecordReg, value: bigint): void;
  /** Software write (W1C with guards on STATUS). */
  write(reg: ErrRecordReg, value: bigint): void;
}

export interface PERegisters extends RegisterFileContract {
  errRecord(n: number): ErrRecordAccess;
}

/** A fault-handling (FHI) or error-recovery (ERI) interrupt a record asserted. */
export interface RasInterrupt {
  readonly kind: "FHI" | "ERI";
  readonly record: number;
  readonly why: string;
}

export interface PEOptions {
  readonly features?: FeatureSet;
  readonly pstate?: Pstate;
  readonly pc?: bigint;
  /** Security state when EL3 is not implemented (IMPLEMENTATION DEFINED; default Non-secure). */
  readonly secureWithoutEL3?: boolean;
  /** Record a trace (default true). Off: operations return NO_TRACE and run faster. */
  readonly trace?: boolean;
}

const PSTATE_KEYS = ["EL", "SP", "nRW", "N", "Z", "C", "V", "D", "A", "I", "F", "IL", "SS", "PAN", "UAO", "DIT", "SSBS", "TCO", "BTYPE"] as const;

export class PEState {
  readonly features: FeatureSet;
  readonly regs: PERegisters;
  pstate: Pstate;
  pc: bigint;
  /** A physical SError is pending (edge-triggered model: cleared when taken or deferred by ESB). */
  serrorPending = false;
  /** ISS[24:0] the core reports for the pending SError (IESB bit clear; set on take when synchronized by IESB). */
  serrorISS = 0;
  /**
   * An SError signalled by a source but not yet recognized by the PE (ISS), or null.
   * It becomes pending at the next SynchronizeErrors(): an ESB, an implicit ESB
   * (IESB) on exception entry/return, or else at the next instruction boundary.
   */
  serrorInFlight: number | null = null;
  /** Physical IRQ/FIQ lines (level: stay asserted until deasserted). */
  irqLine = false;
  fiqLine = false;
  /** RAS interrupts asserted by error records (not routed through a GIC model). */
  readonly rasInterrupts: RasInterrupt[] = [];
  tracing: boolean;
  /** Number of exceptions taken so far. */
  entries = 0;
  readonly secureWithoutEL3: boolean;

  private log: TraceStep[] = [];
  private depth = 0;
  // Cached routing controls are keyed on these words of HCR_EL2 / SCR_EL3 (-1: none yet).
  private cHcrLo = -1;
  private cHcrHi = -1;
  private cScrLo = -1;
  private cScrHi = -1;
  private cSecure = false;
  private cCtl: RoutingControls | null = null;
  private cValid = false;
  private cEL3 = false;
  // Pre-resolved registers, created on first use.
  private hHcr: RegisterHandle | null = null;
  private hScr: RegisterHandle | null = null;
  private readonly banks: (ELRegisters | undefined)[] = [];

  constructor(regs: PERegisters, opts: PEOptions = {}) {
    this.regs = regs;
    this.features = opts.features ?? regs.features ?? DEFAULT_FEATURES;
    this.pstate = opts.pstate ?? PSTATE_RESET_EL3;
    this.pc = opts.pc ?? 0n;
    this.tracing = opts.trace ?? true;
    this.secureWithoutEL3 = opts.secureWithoutEL3 ?? false;
  }

  get el(): EL {
    return this.pstate.EL;
  }

  /** IsSecure(): EL3 is always Secure; below it SCR_EL3.NS decides (v8.2 has no Secure EL2 or Realm). */
  get secure(): boolean {
    return this.secureFor(this.features.EL3 ? this.scrHandle().lo() : 0);
  }

  /** IsSecure() given SCR_EL3[31:0] (NS is bit 0). */
  private secureFor(scrLo: number): boolean {
    if (this.pstate.EL === 3) return true;
    if (!this.features.EL3) return this.secureWithoutEL3;
    return (scrLo & SCR.NS.loMask) === 0;
  }

  private scrHandle(): RegisterHandle {
    return (this.hScr ??= registerHandle(this.regs, "SCR_EL3"));
  }

  private hcrHandle(): RegisterHandle {
    return (this.hHcr ??= registerHandle(this.regs, "HCR_EL2"));
  }

  /** ESR/FAR/ELR/SPSR/VBAR/SCTLR of `el` (1..3) as pre-resolved handles (the entry/return hot path). */
  bank(el: Exclude<EL, 0>): ELRegisters {
    return (this.banks[el] ??= elRegisters(this.regs, el));
  }

  /** SCR_EL3 as routing reads it (0 without EL3). */
  scr(): bigint {
    return this.features.EL3 ? this.scrHandle().read() : 0n;
  }

  /** HCR_EL2 as stored (0 without EL2). */
  hcr(): bigint {
    return this.features.EL2 ? this.hcrHandle().read() : 0n;
  }

  routingState(): RoutingState {
    const f = this.features;
    return {
      el: this.pstate.EL,
      secure: this.secure,
      scr: this.scr(),
      hcr: this.hcr(),
      haveEL2: f.EL2,
      haveEL3: f.EL3,
      haveRAS: f.FEAT_RAS,
      haveVHE: f.FEAT_VHE,
      aarch32: f.aarch32,
    };
  }

  /**
   * Decoded routing controls for the current HCR_EL2/SCR_EL3/security state.
   * Cached for the duration of one operation (run()): the PE invalidates the cache
   * whenever it writes HCR_EL2/SCR_EL3 or executes an MSR, and at the start of every
   * operation (so direct writes through pe.regs between operations are seen).
   */
  controls(): RoutingControls {
    const el3 = this.pstate.EL === 3;
    if (this.cCtl !== null && this.cValid && this.cEL3 === el3) return this.cCtl;
    let hLo = 0, hHi = 0, sLo = 0, sHi = 0;
    if (this.features.EL2) {
      const h = this.hcrHandle();
      hLo = h.lo();
      hHi = h.hi();
    }
    if (this.features.EL3) {
      const h = this.scrHandle();
      sLo = h.lo();
      sHi = h.hi();
    }
    const secure = this.secureFor(sLo);
    this.cValid = true;
    this.cEL3 = el3;
    if (this.cCtl !== null && hLo === this.cHcrLo && hHi === this.cHcrHi && sLo === this.cScrLo && sHi === this.cScrHi && secure === this.cSecure) return this.cCtl;
    this.cHcrLo = hLo;
    this.cHcrHi = hHi;
    this.cScrLo = sLo;
    this.cScrHi = sHi;
    this.cSecure = secure;
    this.cCtl = routingControls({ ...this.routingState(), hcr: fromWords(hLo, hHi), scr: fromWords(sLo, sHi), secure });
    return this.cCtl;
  }

  /** Forgets the cached routing controls (after a write the PE cannot see). */
  invalidate(): void {
    this.cValid = false;
  }

  // ---- tracing -----------------------------------------------------------

  /** Runs one operation and returns its trace (nested operations share the outer trace). */
  run(body: () => void): Trace {
    if (this.depth === 0) {
      this.cValid = false;
      if (this.tracing) this.log = [];
    }
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
    if (this.depth > 0 || !this.tracing) return NO_TRACE;
    return this.log;
  }

  note(step: string, why: string): void {
    if (this.tracing) this.log.push({ step, register: null, before: null, after: null, why });
  }

  private valueOf(reg: string): string {
    return this.regs.isUnknown(reg) ? "UNKNOWN" : hex(this.regs.read(reg));
  }

  /** Hardware write of a register, traced. */
  setReg(reg: string, value: MaybeUnknown, step: string, why: string): void {
    if (reg === "HCR_EL2" || reg === "SCR_EL3") this.cValid = false;
    if (!this.tracing) {
      this.regs.set(reg, value);
      return;
    }
    const before = this.valueOf(reg);
    this.regs.set(reg, value);
    this.log.push({ step, register: reg, before, after: this.valueOf(reg), why });
  }

  /** setReg through a pre-resolved handle (same effect and trace step). */
  setRegH(h: RegisterHandle, value: MaybeUnknown, step: string, why: string): void {
    if (!this.tracing) {
      h.set(value);
      this.invalidateFor(h);
      return;
    }
    const before = this.handleValue(h);
    h.set(value);
    this.invalidateFor(h);
    this.log.push({ step, register: h.name, before, after: this.handleValue(h), why });
  }

  /** setRegH of the value hi:lo (words as uint32 or int32 bit patterns). */
  setRegWords(h: RegisterHandle, lo: number, hi: number, step: string, why: string): void {
    if (!this.tracing) {
      h.setWords(lo, hi);
      this.invalidateFor(h);
      return;
    }
    const before = this.handleValue(h);
    h.setWords(lo, hi);
    this.invalidateFor(h);
    this.log.push({ step, register: h.name, before, after: this.handleValue(h), why });
  }

  private invalidateFor(h: RegisterHandle): void {
    if (h.name === "HCR_EL2" || h.name === "SCR_EL3") this.cValid = false;
  }

  private handleValue(h: RegisterHandle): string {
    return h.isUnknown() ? "UNKNOWN" : hex(h.read());
  }

  /** Hardware write of one field, traced. */
  setRegField(reg: string, field: string, value: bigint, step: string, why: string): void {
    if (reg === "HCR_EL2" || reg === "SCR_EL3") this.cValid = false;
    if (!this.tracing) {
      this.regs.setField(reg, field, value);
      return;
    }
    const before = this.valueOf(reg);
    this.regs.setField(reg, field, value);
    this.log.push({ step, register: `${reg}.${field}`, before, after: this.valueOf(reg), why });
  }

  /** Replaces PSTATE, tracing each field that changed. */
  setPstate(next: Pstate, step: string, why: string): void {
    if (this.tracing) {
      const prev = this.pstate;
      for (const k of PSTATE_KEYS) {
        if (prev[k] !== next[k]) this.log.push({ step, register: `PSTATE.${k}`, before: String(prev[k]), after: String(next[k]), why });
      }
    }
    this.pstate = next;
  }

  setPC(pc: bigint, step: string, why: string): void {
    if (this.tracing) this.log.push({ step, register: "PC", before: hex(this.pc), after: hex(pc), why });
    this.pc = pc;
  }

  /** Traced change of a piece of PE state that is not a register (pending SError, lines). */
  traceState(step: string, name: string, before: string, after: string, why: string): void {
    if (this.tracing) this.log.push({ step, register: name, before, after, why });
  }

  // ---- derived state ----------------------------------------------------

  /** Whether a virtual SError is pending (HCR_EL2.VSE; effective, so 0 when TGE=1 or EL2 is disabled). */
  vsePending(): boolean {
    return this.controls().vse;
  }

  /** ISR_EL1 as software would read it (Sail getISR; arch.md §3.5). */
  isr(): bigint {
    const c = this.controls();
    let a = this.serrorPending;
    let i = this.irqLine;
    let f = this.fiqLine;
    if (c.el2Enabled && this.pstate.EL <= 1 && !c.tge) {
      if (c.amo) a = a || c.vse;
      if (c.imo) i = c.vi;
      if (c.fmo) f = c.vf;
    }
    return (a ? 1n << 8n : 0n) | (i ? 1n << 7n : 0n) | (f ? 1n << 6n : 0n);
  }

  /** Raw HCR_EL2 field read (for VSE clearing and friends). */
  hcrBit(name: keyof typeof HCR): boolean {
    return extract(this.hcr(), HCR[name]) !== 0n;
  }

  /** Helper for writes of one HCR_EL2 bit with trace. */
  setHcrBit(name: keyof typeof HCR, value: boolean, step: string, why: string): void {
    const next = insert(this.regs.read("HCR_EL2"), HCR[name], value ? 1n : 0n);
    this.setReg("HCR_EL2", next, step, why);
  }

  /** SynchronizeErrors(): an SError in flight becomes pending. */
  synchronizeErrors(step: string): void {
    if (this.serrorInFlight === null) return;
    this.traceState(step, "pending SError", this.serrorPending ? "1" : "0", "1", `SynchronizeErrors(): the SError in flight (syndrome ${hex(this.serrorInFlight)}) is now pending`);
    this.serrorPending = true;
    this.serrorISS = this.serrorInFlight;
    this.serrorInFlight = null;
  }

  describe(): string {
    const p = this.pstate;
    return `EL${p.EL}${p.SP ? "h" : "t"} ${this.secure ? "Secure" : "Non-secure"} PC=${showValue(this.pc)} DAIF=${p.D}${p.A}${p.I}${p.F}`;
  }
}

export { UNKNOWN };
