import { RegisterFile } from "./src/sysregs/register_file.js";
import { UNKNOWN } from "./src/sysregs/types.js";
import { spsrFromPstate, PSTATE_RESET_EL3 } from "./src/arch/pstate.js";
const rf = new RegisterFile({ reset: "zero" });
function m(name: string, fn: (n: number) => void) { fn(100000); const N = 2_000_000; const t = performance.now(); fn(N); console.log(name.padEnd(30), (N / (performance.now() - t) / 1000).toFixed(2), "M/s"); }
m("rf.set", (n) => { for (let i = 0; i < n; i++) rf.set("ESR_EL1", 0x56000000n); });
m("rf.set UNKNOWN", (n) => { for (let i = 0; i < n; i++) rf.set("FAR_EL1", UNKNOWN); });
m("rf.read", (n) => { let s = 0n; for (let i = 0; i < n; i++) s ^= rf.read("SCR_EL3"); });
m("rf.getField", (n) => { let s = 0n; for (let i = 0; i < n; i++) s ^= rf.getField("SCTLR_EL1", "SPAN"); });
m("spsrFromPstate", (n) => { let s = 0n; for (let i = 0; i < n; i++) s ^= spsrFromPstate(PSTATE_RESET_EL3); });
m("spread", (n) => { let s = 0; for (let i = 0; i < n; i++) { const o = { ...PSTATE_RESET_EL3, EL: 1 as const, A: (i & 1) as 0 | 1 }; s += o.A; } });
