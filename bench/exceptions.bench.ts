// Exception entries per second (trace off and on), beside a bare routing decision
// measured in the same run.
import { consume, measure, report } from "./harness.js";
import { PSTATE_RESET_EL3 } from "../src/arch/pstate.js";
import { RegisterFile } from "../src/sysregs/register-file.js";
import { PE } from "../src/exceptions/pe.js";
import { physicalTargetEL } from "../src/exceptions/routing.js";
import { takeException, type ExceptionRecord } from "../src/exceptions/take.js";
import { iesbAfterEntry } from "../src/exceptions/interrupts.js";

function makePE(trace: boolean): PE {
  const rf = new RegisterFile({ reset: "zero" });
  rf.set("SCR_EL3", 0x431n);
  rf.set("HCR_EL2", 0x80000020n); // RW, AMO
  rf.set("VBAR_EL1", 0xffff_8000_1001_0000n);
  rf.set("VBAR_EL2", 0x8001_0000n);
  return new PE(rf, { pstate: { ...PSTATE_RESET_EL3, EL: 1, D: 0, A: 0, I: 0, F: 0 }, pc: 0x40_0000n, trace });
}

export default async function (): Promise<void> {
  const pe0 = makePE(false);
  const c = pe0.controls();
  const baseline = measure("routing decision (physicalTargetEL)", (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += physicalTargetEL(c, (i & 1) as 0 | 1, "SError");
    consume(s);
  });
  report("exceptions", baseline);

  const direct = makePE(false);
  const rec: ExceptionRecord = { type: "SupervisorCall", iss: 0, preferredReturn: 0x40_0004n };
  const entry = measure("AArch64.TakeException EL1->EL1, trace off", (n) => {
    for (let i = 0; i < n; i++) takeException(direct, 1, rec, "", iesbAfterEntry);
    consume(direct.pc);
  }, "entries/s");
  report("exceptions", entry, baseline, 2e6);

  const off = makePE(false);
  const svcOff = measure("SVC instruction EL1->EL1 (route+entry+IRQ check), trace off", (n) => {
    for (let i = 0; i < n; i++) off.svc(0);
    consume(off.pc);
  }, "entries/s");
  report("exceptions", svcOff, baseline);

  const on = makePE(true);
  const svcOn = measure("SVC entry EL1->EL1, trace on", (n) => {
    for (let i = 0; i < n; i++) on.svc(0);
    consume(on.pc);
  }, "entries/s");
  report("exceptions", svcOn, baseline);

  const ab = makePE(false);
  const sea = measure("SEA data abort EL1->EL1 (ESR+FAR+SPSR+ELR), trace off", (n) => {
    for (let i = 0; i < n; i++) ab.externalAbort({ va: 0xffff_0000_1234_5678n, errorType: "UER" });
    consume(ab.pc);
  }, "entries/s");
  report("exceptions", sea, baseline);

  const se = makePE(false);
  const serror = measure("SError EL1->EL2 (AMO) + ERET, trace off", (n) => {
    for (let i = 0; i < n; i++) {
      se.raiseSError(0x411);
      se.eret();
    }
    consume(se.pc);
  }, "entries/s");
  report("exceptions", serror, baseline);
}
