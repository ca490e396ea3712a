// HVC, SMC, MSR/MRS with a chosen Rt, and PSTATE.IL=1, as take scenarios. Expected values
// are worked out here from the Arm ARM pseudocode (HVC: "if !HaveEL(EL2) || PSTATE.EL == EL0
// || (PSTATE.EL == EL1 && !EL2Enabled()) then UNDEFINED; hvc_enable = HaveEL(EL3) ?
// SCR_EL3.HCE : NOT(HCR_EL2.HCD)"; AArch64.CheckForSMCUndefOrTrap; AArch64.CallHypervisor /
// CallSecureMonitor; ESR EC 0x16 / 0x17 / 0x18 / 0x0E), not by calling the implementation.
import { expect } from "chai";
import { runScenario, ScenarioError } from "../../src/exceptions/index.js";
import { parseScenario } from "../../src/cli/commands/take-scenario.js";

const PC = 0x80000n;
interface Out { el: number; esr: string; elr: string; pc: bigint }

function run(p: { el: number; secure?: boolean; scr?: string; hcr?: string; features?: unknown; sp?: number; il?: number }, events: unknown[]): Out {
  const f = (p.features ?? {}) as { EL2?: boolean; EL3?: boolean };
  const registers: Record<string, string> = { VBAR_EL1: "0x10000" };
  if (f.EL2 !== false) registers["VBAR_EL2"] = "0x20000";
  if (f.EL3 !== false) registers["VBAR_EL3"] = "0x30000";
  if (p.scr !== undefined) registers["SCR_EL3"] = p.scr;
  if (p.hcr !== undefined) registers["HCR_EL2"] = p.hcr;
  const s = parseScenario({
    ...(p.features !== undefined ? { features: p.features } : {}),
    pstate: { EL: p.el, SP: p.sp ?? (p.el === 0 ? 0 : 1), D: 1, A: 1, I: 1, F: 1, IL: p.il ?? 0 },
    pc: `0x${PC.toString(16)}`,
    registers,
    events,
  });
  const r = runScenario(s);
  const el = r.final.pstate.EL;
  const reg = (n: string) => r.final.registers.find(([k]) => k === n)?.[1] ?? "0x0";
  return { el, esr: reg(`ESR_EL${el}`), elr: reg(`ELR_EL${el}`), pc: r.final.pc };
}

const NS = "0x531"; // NS, RES1, HCE, RW
const hex = (n: number | bigint) => `0x${n.toString(16)}`;
const esr = (ec: number, iss = 0) => hex(((ec << 26) | (1 << 25) | iss) >>> 0);

describe("take: HVC", () => {
  it("EL1 (Non-secure, SCR_EL3.HCE=1): to EL2, EC 0x16, ISS = imm16, ELR = next instruction, lower-EL vector", () => {
    const o = run({ el: 1, scr: NS, hcr: "0x80000000" }, [{ op: "hvc", imm: "0x1234" }]);
    expect(o).to.deep.equal({ el: 2, esr: esr(0x16, 0x1234), elr: hex(PC + 4n), pc: 0x20400n });
  });
  it("EL1 with SCR_EL3.HCE=0: UNDEFINED at EL1 (EC 0x00, ELR = the HVC)", () => {
    const o = run({ el: 1, scr: "0x431", hcr: "0x80000000" }, [{ op: "hvc", imm: 1 }]);
    expect(o).to.deep.equal({ el: 1, esr: esr(0), elr: hex(PC), pc: 0x10200n });
  });
  it("EL0: UNDEFINED, taken to EL1 (EL2 with HCR_EL2.TGE=1)", () => {
    expect(run({ el: 0, scr: NS, hcr: "0x80000000" }, [{ op: "hvc", imm: 1 }])).to.include({ el: 1, esr: esr(0), pc: 0x10400n });
    expect(run({ el: 0, scr: NS, hcr: "0x88000000" }, [{ op: "hvc", imm: 1 }])).to.include({ el: 2, esr: esr(0), pc: 0x20400n });
  });
  it("EL2: to EL2 (current EL, SPx vector); EL3 with HCE: to EL3", () => {
    expect(run({ el: 2, scr: NS }, [{ op: "hvc", imm: 7 }])).to.deep.equal({ el: 2, esr: esr(0x16, 7), elr: hex(PC + 4n), pc: 0x20200n });
    expect(run({ el: 3, scr: NS }, [{ op: "hvc", imm: 7 }])).to.deep.equal({ el: 3, esr: esr(0x16, 7), elr: hex(PC + 4n), pc: 0x30200n });
  });
  it("Secure EL1 (EL2 not enabled, v8.2): UNDEFINED", () => {
    expect(run({ el: 1, scr: "0x530" }, [{ op: "hvc", imm: 7 }])).to.include({ el: 1, esr: esr(0) });
  });
  it("without EL3, HCR_EL2.HCD decides: 1 UNDEFINED, 0 to EL2; without EL2: UNDEFINED", () => {
    expect(run({ el: 1, hcr: "0xa0000000", features: { EL3: false } }, [{ op: "hvc", imm: 2 }])).to.include({ el: 1, esr: esr(0) });
    expect(run({ el: 1, hcr: "0x80000000", features: { EL3: false } }, [{ op: "hvc", imm: 2 }])).to.include({ el: 2, esr: esr(0x16, 2) });
    expect(run({ el: 1, scr: NS, features: { EL2: false } }, [{ op: "hvc", imm: 2 }])).to.include({ el: 1, esr: esr(0) });
  });
  it("HCR_EL2.HCD is ignored when EL3 is implemented (SCR_EL3.HCE decides)", () => {
    expect(run({ el: 1, scr: NS, hcr: "0xa0000000" }, [{ op: "hvc", imm: 2 }])).to.include({ el: 2, esr: esr(0x16, 2) });
  });
});

describe("take: SMC", () => {
  it("EL1: to EL3, EC 0x17, ISS = imm16, ELR = next instruction", () => {
    expect(run({ el: 1, scr: NS, hcr: "0x80000000" }, [{ op: "smc", imm: "0xbeef" }])).to.deep.equal({ el: 3, esr: esr(0x17, 0xbeef), elr: hex(PC + 4n), pc: 0x30400n });
  });
  it("EL1 with HCR_EL2.TSC=1: trapped to EL2, EC 0x17, ELR = the SMC itself; before SCR_EL3.SMD", () => {
    for (const scr of [NS, "0x5b1"]) {
      expect(run({ el: 1, scr, hcr: "0x80080000" }, [{ op: "smc", imm: 3 }]), scr).to.deep.equal({ el: 2, esr: esr(0x17, 3), elr: hex(PC), pc: 0x20400n });
    }
  });
  it("SCR_EL3.SMD=1: UNDEFINED at EL1, EL2 and EL3", () => {
    expect(run({ el: 1, scr: "0x5b1", hcr: "0x80000000" }, [{ op: "smc", imm: 3 }])).to.include({ el: 1, esr: esr(0), elr: hex(PC) });
    expect(run({ el: 2, scr: "0x5b1" }, [{ op: "smc", imm: 3 }])).to.include({ el: 2, esr: esr(0) });
    expect(run({ el: 3, scr: "0x5b1" }, [{ op: "smc", imm: 3 }])).to.include({ el: 3, esr: esr(0) });
  });
  it("EL2 with HCR_EL2.TSC=1: not trapped (TSC is for EL1), to EL3", () => {
    expect(run({ el: 2, scr: NS, hcr: "0x80080000" }, [{ op: "smc", imm: 3 }])).to.include({ el: 3, esr: esr(0x17, 3) });
  });
  it("EL0: UNDEFINED; Secure EL1 with TSC: EL2 not enabled, to EL3; no EL3: UNDEFINED", () => {
    expect(run({ el: 0, scr: NS, hcr: "0x80080000" }, [{ op: "smc", imm: 3 }])).to.include({ el: 1, esr: esr(0) });
    expect(run({ el: 1, scr: "0x530", hcr: "0x80080000" }, [{ op: "smc", imm: 3 }])).to.include({ el: 3, esr: esr(0x17, 3) });
    expect(run({ el: 1, hcr: "0x80000000", features: { EL3: false } }, [{ op: "smc", imm: 3 }])).to.include({ el: 1, esr: esr(0) });
    // Without EL3 the TSC trap needs FEAT_NV and HCR_EL2.NV=1 (AArch64.CheckForSMCUndefOrTrap): UNDEFINED in v8.2.
    expect(run({ el: 1, hcr: "0x80080000", features: { EL3: false } }, [{ op: "smc", imm: 3 }])).to.include({ el: 1, esr: esr(0) });
  });
});

describe("take: MSR/MRS with a chosen Rt (ISS.Rt in EC 0x18)", () => {
  // SCTLR_EL1 is op0=3 op1=0 CRn=1 CRm=0 op2=0: ISS = Op0<<20 | Op2<<17 | Op1<<14 | CRn<<10 | Rt<<5 | CRm<<1 | Direction.
  const iss = (rt: number, read: boolean) => (3 << 20) | (1 << 10) | (rt << 5) | (read ? 1 : 0);
  for (const rt of [0, 5, 17, 30, 31]) {
    it(`MSR SCTLR_EL1, X${rt} with HCR_EL2.TVM / MRS X${rt}, SCTLR_EL1 with TRVM: ISS.Rt = ${rt}`, () => {
      expect(run({ el: 1, scr: NS, hcr: "0x84000000" }, [{ op: "msr", reg: "SCTLR_EL1", value: 0, rt }]).esr).to.equal(esr(0x18, iss(rt, false)));
      expect(run({ el: 1, scr: NS, hcr: "0xc0000000" }, [{ op: "mrs", reg: "SCTLR_EL1", rt }]).esr).to.equal(esr(0x18, iss(rt, true)));
    });
  }
  it("rt outside 0..31 and rt on MSR DAIFSet are refused naming the key", () => {
    expect(() => parseScenario({ events: [{ op: "mrs", reg: "ESR_EL1", rt: 32 }] })).to.throw(ScenarioError, /events\[0\]\.rt/);
    expect(() => parseScenario({ events: [{ op: "msr", reg: "DAIFSet", value: 1, rt: 2 }] })).to.throw(ScenarioError, /events\[0\]\.rt/);
  });
});

describe("take: PSTATE.IL=1 (after an illegal exception return)", () => {
  for (const op of [{ op: "svc", imm: 1 }, { op: "hvc", imm: 1 }, { op: "smc", imm: 1 }, { op: "esb" }, { op: "mrs", reg: "ESR_EL1" }, { op: "eret" }]) {
    it(`${op.op} is not executed: Illegal Execution state, EC 0x0E at EL1, ELR = the instruction`, () => {
      expect(run({ el: 1, scr: NS, hcr: "0x80000000", il: 1 }, [op])).to.deep.equal({ el: 1, esr: esr(0x0e), elr: hex(PC), pc: 0x10200n });
    });
  }
  it("illegal ERET then the next instruction: EC 0x0E (EL2 returning to EL1 with TGE=1)", () => {
    const s = parseScenario({
      pstate: { EL: 2, SP: 1, D: 1, A: 1, I: 1, F: 1 },
      registers: { SCR_EL3: NS, HCR_EL2: "0x88000000", SPSR_EL2: "0x3c5", ELR_EL2: "0x400000", VBAR_EL2: "0x20000" },
      events: [{ op: "eret" }, { op: "svc", imm: 0 }],
    });
    const r = runScenario(s);
    expect(r.final.pc).to.equal(0x20200n);
    expect(r.final.registers.find(([n]) => n === "ESR_EL2")?.[1]).to.equal(esr(0x0e));
    expect(r.final.registers.find(([n]) => n === "ELR_EL2")?.[1]).to.equal("0x400000");
    expect(r.final.registers.find(([n]) => n === "SPSR_EL2")?.[1]).to.equal("0x1003c9"); // EL2h kept, SPSR.IL (bit 20) = 1
  });
});
