// Table T7 of reference/kernel.md (QEMU kvm_arch_on_sigbus_vcpu) and §8.
import { expect } from "chai";
import { qemuOnSigbus, qemuSeaEsr, Trace, type QemuInput } from "../../src/kernel/index.js";

const BASE: QemuInput = { code: "BUS_MCEERR_AR", addr: 0x7f12_3456_7000n, ghesPresent: true, gpa: 0x4000_1000n, readAck: 1, guestEl: 0 };
function q(over: Partial<QemuInput>) {
  const t = new Trace();
  const r = qemuOnSigbus(t, { ...BASE, ...over });
  return { t, r, rules: t.steps.map((s) => s.rule), kinds: t.actions.map((a) => a.kind) };
}

describe("kernel/qemu: T7", () => {
  it("§8 SEA ESR: 0x96000410 for a guest at EL1, 0x92000410 at EL0 (IL, FnV, FSC 0x10)", () => {
    expect(qemuSeaEsr(1)).to.equal(0x96000410n);
    expect(qemuSeaEsr(0)).to.equal(0x92000410n);
  });
  it("Q1 AR, guest GHES, guest RAM, read_ack=1: record page, write CPER, inject SEA", () => {
    const { r, kinds, rules, t } = q({ guestEl: 1 });
    expect(r).to.deep.equal({ kind: "sea-injected", esr: 0x96000410n, gpa: 0x4000_1000n });
    expect(kinds).to.deep.equal(["hwpoison_page_add", "write_guest_cper", "inject_sea"]);
    expect(rules).to.include("T7.Q1");
    expect(t.log).to.deep.equal(["Guest Memory Error at QEMU addr 0x7f1234567000 and GUEST addr 0x40001000 of type BUS_MCEERR_AR injected"]);
    expect(q({ logInjected: false }).t.log, "older QEMU: no log line").to.deep.equal([]);
  });
  it("Q2 AR with read_ack=0: 'OSPM does not acknowledge previous error…', 'failed to record the error', abort()", () => {
    const { t, r, kinds } = q({ readAck: 0 });
    expect(r.kind).to.equal("vmm-died");
    expect(t.log).to.deep.equal([
      "qemu-system-aarch64: OSPM does not acknowledge previous error, so can not record CPER for current error anymore",
      "qemu-system-aarch64: failed to record the error",
    ]);
    expect(kinds).to.include("vmm_exit");
    expect(t.outcome).to.deep.equal({ host: "killed", guest: "killed" });
  });
  it("Q3 AO on guest RAM: hwpoison list only; the guest is not told", () => {
    const { r, kinds, t } = q({ code: "BUS_MCEERR_AO" });
    expect(r.kind).to.equal("recorded");
    expect(kinds).to.deep.equal(["hwpoison_page_add"]);
    expect(t.log).to.deep.equal([]);
  });
  it("Q4 AO on QEMU's own memory: 'for memory used by QEMU itself instead of guest system!'", () => {
    const { t, r } = q({ code: "BUS_MCEERR_AO", gpa: undefined as unknown as bigint });
    expect(r.kind).to.equal("ignored");
    expect(t.log).to.deep.equal(["qemu-system-aarch64: Hardware memory error at addr 0x7f1234567000 for memory used by QEMU itself instead of guest system!"]);
  });
  it("Q5 AR with no guest GHES, or outside guest RAM: 'Hardware memory error!', exit(1)", () => {
    for (const over of [{ ghesPresent: false }, { gpa: undefined as unknown as bigint }]) {
      const { t, r } = q(over);
      expect(r.kind).to.equal("vmm-died");
      expect(t.log).to.deep.equal(["qemu-system-aarch64: Hardware memory error!"]);
      expect(t.actions).to.deep.include({ kind: "vmm_exit", how: "exit(1)" });
    }
  });
  it("Q6 AO with no guest GHES: ignored", () => {
    const { r, t } = q({ code: "BUS_MCEERR_AO", ghesPresent: false });
    expect(r.kind).to.equal("ignored");
    expect(t.log).to.deep.equal([]);
    expect(t.steps.map((s) => s.rule)).to.deep.equal(["T7.Q6"]);
  });
  it("Q7 SIGBUS with another si_code: re-raised, QEMU terminates", () => {
    for (const code of ["BUS_OBJERR", "SI_KERNEL"] as const) {
      const { r, t } = q({ code });
      expect(r.kind).to.equal("vmm-died");
      expect(t.actions).to.deep.include({ kind: "vmm_exit", how: "re-raise SIGBUS" });
    }
  });
  it("through the CLI path: read_ack=0 in the guest-SEA chain kills the VMM (Q2)", async () => {
    const { answerSea } = await import("../../src/sim/index.js");
    const { k } = await import("./helpers.js");
    const d = answerSea({ esr: 0x92000410n, kernel: k("6.18"), guestKernel: k("6.18"), from: "guest", claimed: true, far: 0n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false, readAck: 0 });
    expect(d.outcome).to.deep.equal({ host: "killed", guest: "killed" });
    const noGhes = answerSea({ esr: 0x92000410n, kernel: k("6.18"), guestKernel: k("6.18"), from: "guest", claimed: true, far: 0n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false, guestGhes: false });
    expect(noGhes.steps.map((s) => s.rule)).to.include("T7.Q5");
  });
});
