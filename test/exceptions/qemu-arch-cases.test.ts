// The QEMU conformance suite's cases (qemu-arch/), checked without QEMU: enough of them on
// both CPU models, every scenario accepted and run by `armras take --core`, every listed
// departure naming real cases with a reason. The suite itself is `npm run test:qemu-arch`.
import { expect } from "chai";
import { CASES } from "../../qemu-arch/cases.js";
import { armrasTake } from "../../qemu-arch/compare.js";
import { DEPARTURES, MORE_DEPARTURES } from "../../qemu-arch/departures.js";
import { assembly, CASE_PC, scenario } from "../../qemu-arch/program.js";

describe("qemu-arch: the conformance cases (no QEMU needed)", () => {
  const runs = CASES.flatMap((c) => c.cpus.map((cpu) => [c, cpu] as const));
  it("at least 60 runs on two CPU models, across SEA, SError/vSError/ESB, SVC/HVC/SMC, traps and ERET", () => {
    expect(runs.length).to.be.at.least(60);
    expect(new Set(runs.map(([, cpu]) => cpu))).to.have.keys("max", "cortex-a57");
    expect(new Set(CASES.map((c) => c.group))).to.have.keys("SEA", "SError/vSError/ESB", "SVC/HVC/SMC", "sysreg trap", "ERET");
    expect(new Set(CASES.map((c) => c.name)).size, "unique names").to.equal(CASES.length);
  });
  it("every scenario is accepted by armras take --core and takes at most one exception, at its last event", async () => {
    for (const [c, cpu] of runs) {
      const t = await armrasTake(c, cpu);
      const taken = t.events.filter((e) => e.trace.some((s) => s.step === "AArch64.TakeException")).map((e) => e.index);
      expect(taken.length, `${c.name} (${cpu})`).to.be.at.most(1);
      if (taken.length === 1) expect(taken[0], `${c.name} (${cpu})`).to.equal(t.events.length - 1);
    }
  });
  it("the program and the scenario run the same instructions at the same addresses", () => {
    for (const [c, cpu] of runs) {
      const asm = assembly(c, cpu);
      expect(asm, c.name).to.match(/case_code:\n/);
      const code = asm.slice(asm.indexOf("case_code:")).split("\n").slice(1, 1 + c.actions.length);
      expect(code, c.name).to.have.length(c.actions.length);
      const s = scenario(c, cpu) as { registers: Record<string, string>; events: { op: string }[] };
      expect(s.events.length, c.name).to.equal(c.actions.length + (c.el === 3 ? 0 : 1));
      if (c.el !== 3) expect(s.registers["ELR_EL3"], c.name).to.equal(`0x${CASE_PC.toString(16)}`);
    }
  });
  it("every departure names existing cases, says why, and has a way to assert QEMU's value", () => {
    const names = new Set(CASES.map((c) => c.name));
    for (const d of [...DEPARTURES, ...MORE_DEPARTURES]) {
      expect(d.cases.length, d.id).to.be.greaterThan(0);
      for (const n of d.cases) expect(names.has(n), `${d.id}: ${n}`).to.equal(true);
      expect(d.reason.length, d.id).to.be.greaterThan(40);
      expect(d.transform !== undefined || d.accept !== undefined || d.expectAs !== undefined, d.id).to.equal(true);
    }
    expect(DEPARTURES.map((d) => d.id)).to.deep.equal(["QEMU-EA-ROUTING", "QEMU-ISV-STAGE1-EL2", "QEMU-NO-ERROR-RECORDS"]);
  });
});
