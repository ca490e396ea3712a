import { PSTATE_RESET_EL3 } from "./src/arch/pstate.js";
import { RegisterFile } from "./src/sysregs/register_file.js";
import { PE } from "./src/exceptions/pe.js";
const rf = new RegisterFile({ reset: "zero" });
rf.set("SCR_EL3", 0x431n); rf.set("HCR_EL2", 0x80000020n); rf.set("VBAR_EL1", 0x10000n);
const pe = new PE(rf, { pstate: { ...PSTATE_RESET_EL3, EL: 1, D: 0, A: 0, I: 0, F: 0 }, pc: 0x400000n, trace: false });
const t0 = performance.now();
for (let i = 0; i < 2000000; i++) pe.svc(0);
console.log((2000000 / (performance.now() - t0) * 1000).toFixed(0), "entries/s");
