// Text/JSON rendering of decisions (the `armras kernel` output contract).
import { expect } from "chai";
import { actionText, decisionJson, decisionText, Trace, type Action } from "../../src/kernel/index.js";

describe("kernel/render", () => {
  it("every action kind renders one line naming what happens", () => {
    const acts: [Action, string][] = [
      [{ kind: "panic", actor: "host", message: "x" }, '[host] panic("x")'],
      [{ kind: "taint", actor: "guest", flag: "TAINT_MACHINE_CHECK" }, "[guest] add_taint(TAINT_MACHINE_CHECK)"],
      [{ kind: "signal", actor: "host", signal: "SIGBUS", code: "BUS_MCEERR_AR", target: "a:1", addr: 0x1000n, lsb: 12 }, "[host] SIGBUS BUS_MCEERR_AR to a:1 si_addr=0x1000 lsb=12"],
      [{ kind: "signal", actor: "host", signal: "SIGKILL", code: "SI_KERNEL", target: "a:1" }, "[host] SIGKILL SI_KERNEL to a:1"],
      [{ kind: "kill_task", actor: "host", target: "a:1", how: "make_task_dead(SIGSEGV)" }, "[host] make_task_dead(SIGSEGV) (a:1)"],
      [{ kind: "memory_failure", actor: "host", pfn: 0x10n, flags: [], via: "memory_failure_queue" }, "[host] memory_failure(0x10, 0) via memory_failure_queue"],
      [{ kind: "soft_offline", actor: "host", pfn: 0x10n }, "[host] soft_offline_page(0x10)"],
      [{ kind: "aer_recover_queue", actor: "host", severity: "AER_FATAL" }, "[host] aer_recover_queue(AER_FATAL)"],
      [{ kind: "cxl_work", actor: "host" }, "[host] CXL work queued"],
      [{ kind: "vendor_notifier", actor: "host", sectionType: "g" }, "[host] vendor notifier for g"],
      [{ kind: "ghes_clear_ack", actor: "host", source: 2, ack: false }, "[host] clear GHES source 2 block_status"],
      [{ kind: "inject_vserror", esr: "IMPLEMENTATION DEFINED", via: "HCR_EL2.VSE" }, "[kvm] inject vSError via HCR_EL2.VSE, ESR IMPLEMENTATION DEFINED"],
      [{ kind: "inject_vserror", esr: 0xbf000000n, via: "VSESR_EL2+HCR_EL2.VSE" }, "[kvm] inject vSError via VSESR_EL2+HCR_EL2.VSE, ESR 0xbf000000"],
      [{ kind: "inject_sea", esr: 0x92000410n, el: 1 }, "[vmm] inject SEA at EL1, ESR 0x92000410"],
      [{ kind: "resume_guest" }, "[kvm] resume the guest"],
      [{ kind: "hwpoison_page_add", ramAddr: 0x5000n }, "[vmm] kvm_hwpoison_page_add(0x5000)"],
      [{ kind: "write_guest_cper", gpa: 0x5000n, source: "SEA", record: "r" }, "[vmm] write CPER for GPA 0x5000 to the guest's SEA GHES: r"],
      [{ kind: "vmm_exit", how: "exit(1)" }, "[vmm] exit(1)"],
    ];
    for (const [a, text] of acts) expect(actionText(a)).to.equal(text);
  });
  it("text and JSON carry outcome, reason, log, steps and actions; bigints become hex strings", () => {
    const t = new Trace();
    t.act({ kind: "soft_offline", actor: "host", pfn: 0xabcn });
    t.decide("running", "T4.P2", "f()", "why");
    const d = t.finish();
    expect(decisionText(d, ["head"])).to.equal("head\noutcome: host=running\nreason:  T4.P2 f(): why\nlog:\n  (nothing printed)\nsteps:\n  [host] T4.P2   f(): why\nactions:\n  [host] soft_offline_page(0xabc)\n");
    expect(decisionJson(d, { command: "x" })).to.deep.equal({
      command: "x",
      outcome: { host: "running" },
      reason: { actor: "host", rule: "T4.P2", models: "f()", text: "why" },
      log: [],
      steps: [{ actor: "host", rule: "T4.P2", models: "f()", text: "why" }],
      reasons: ["T4.P2"],
      actions: [{ kind: "soft_offline", actor: "host", pfn: "0xabc" }],
      notes: [],
    });
  });
  it("notes (inputs the kernel cannot have) are printed after the actions and carried in JSON", () => {
    const t = new Trace();
    t.decide("running", "T2.8", "f()", "why");
    t.note("n1");
    t.note("n1");
    const d = t.finish();
    expect(d.notes).to.deep.equal(["n1"]);
    expect(decisionText(d, [])).to.match(/\nnotes:\n  n1\n$/);
  });
  it("a trace with no step cannot be finished (programming error)", () => {
    expect(() => new Trace().finish()).to.throw(/no step/);
  });
});
