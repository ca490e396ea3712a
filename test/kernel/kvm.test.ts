// Table T6 of reference/kernel.md (KVM host handling of guest exits) and §7.3 vSError syndromes.
import { expect } from "chai";
import { kvmGuestSerror, kvmSetVcpuEvents, Trace, vserrorFor, type GuestContext, type VcpuEvents } from "../../src/kernel/index.js";
import { answerSea } from "../../src/sim/index.js";
import { esr, k, serrorEsr } from "./helpers.js";

const guest = (v = "6.18", unmasked = false): GuestContext => ({ kernel: k(v), ras: true, vcpu: 0, serrorsUnmasked: unmasked });
function gs(host: string, value: bigint, opts: { ras?: boolean; guestV?: string; unmasked?: boolean } = {}) {
  return kvmGuestSerror({ syndrome: esr(value), host: k(host), hostRas: opts.ras ?? true, cpu: 2, guest: guest(opts.guestV ?? host, opts.unmasked) });
}
const injected = (d: ReturnType<typeof gs>) => d.actions.find((a) => a.kind === "inject_vserror");

describe("kernel/kvm: T6 K1-K6 guest SError exits", () => {
  for (const v of ["4.19", "5.4", "5.10", "6.1", "6.13", "6.18"]) {
    it(`K1 @${v}: IDS=1 → inject vSError with ISS=IDS; the guest (same release) panics on ESR 0xbf000000`, () => {
      const d = gs(v, serrorEsr({ iss: 0x1000002 }));
      expect(injected(d)).to.deep.include({ esr: 0xbf000000n, via: "VSESR_EL2+HCR_EL2.VSE" });
      expect(d.outcome).to.deep.equal({ host: "running", guest: "panic" });
      expect(d.log[d.log.length - 1]).to.equal("guest: Kernel panic - not syncing: Asynchronous SError Interrupt");
      expect(d.steps.map((s) => s.rule)).to.include("T6.K1");
    });
    for (const aet of [0b001, 0b011]) {
      it(`K2 @${v}: AET ${aet === 1 ? "UEU" : "UER"} → inject vSError (guest panics)`, () => {
        const d = gs(v, serrorEsr({ aet, dfsc: 0x11 }));
        expect(d.steps.map((s) => s.rule)).to.include("T6.K2");
        expect(d.outcome).to.deep.equal({ host: "running", guest: "panic" });
      });
    }
    for (const aet of [0b010, 0b110]) {
      it(`K3 @${v}: AET ${aet === 2 ? "UEO" : "CE"} → nothing; the guest continues`, () => {
        const d = gs(v, serrorEsr({ aet, dfsc: 0x11 }));
        expect(d.outcome).to.deep.equal({ host: "running", guest: "running" });
        expect(d.actions).to.deep.equal([]);
        expect(d.log).to.deep.equal([]);
      });
    }
    for (const [what, value] of [
      ["AET UC", serrorEsr({ aet: 0, dfsc: 0x11 })],
      ["DFSC≠0x11", serrorEsr({ aet: 0b110, dfsc: 0 })],
      ["reserved AET", serrorEsr({ aet: 0b101, dfsc: 0x11 })],
    ] as const) {
      it(`K4 @${v}: ${what} → HOST panic "Asynchronous SError Interrupt"`, () => {
        const d = gs(v, value);
        expect(d.outcome.host).to.equal("panic");
        expect(d.reason.rule).to.equal("T6.K4");
        expect(d.log[d.log.length - 1]).to.equal("Kernel panic - not syncing: Asynchronous SError Interrupt");
        expect(d.log[0]).to.match(/^SError Interrupt on CPU2, code 0x/);
      });
    }
    it(`K5 @${v}: no FEAT_RAS → inject vSError unconditionally (guest ESR IMPLEMENTATION DEFINED)`, () => {
      const d = gs(v, serrorEsr({ aet: 0b110, dfsc: 0x11 }), { ras: false });
      expect(injected(d)).to.deep.include({ esr: "IMPLEMENTATION DEFINED", via: "HCR_EL2.VSE" });
      expect(d.steps.map((s) => s.rule)).to.include("T6.K5");
      expect(d.outcome.guest).to.equal("panic");
    });
  }
  it("K6 v4.14: any guest SError → HCR_EL2.VSE only, no classification, no host panic", () => {
    for (const value of [serrorEsr({ aet: 0, dfsc: 0x11 }), serrorEsr({ aet: 0b110, dfsc: 0x11 })]) {
      const d = gs("4.14", value);
      expect(d.outcome.host).to.equal("running");
      expect(injected(d)).to.deep.include({ via: "HCR_EL2.VSE" });
      expect(d.steps.map((s) => s.rule)).to.include("T6.K6");
    }
  });
  it("§7.3 v6.18 with the guest's SErrors unmasked: entry emulated, ESR without IL = 0xbd000000", () => {
    const d = gs("6.18", serrorEsr({ iss: 0x1000000 }), { unmasked: true });
    expect(injected(d)).to.deep.include({ esr: 0xbd000000n, via: "emulated entry" });
    expect(d.log[0]).to.equal("guest: SError Interrupt on CPU0, code 0x00000000bd000000 -- SError");
    expect(vserrorFor(k("6.13"), true, guest("6.13", true)).guestEsr, "6.13 always VSESR").to.equal(0xbf000000n);
  });
});

const SEA_S2 = 0x92000410n; // EC 0x24 (lower EL), FSC 0x10
const IABT_S2 = 0x82000410n; // EC 0x20
function gsea(v: string, claimed: boolean, value = SEA_S2, extra: { readAck?: 0 | 1; guestGhes?: boolean } = {}) {
  return answerSea({ esr: value, kernel: k(v), guestKernel: k(v), from: "guest", claimed, far: 0n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false, ...extra });
}
const rules = (d: ReturnType<typeof gsea>) => d.steps.map((s) => s.rule);

describe("kernel/kvm: T6 K7-K9 guest SEA and hwpoisoned stage-2 faults", () => {
  for (const v of ["6.13", "6.18"]) {
    it(`K7 @${v} claimed: resume; host memory_failure(AR) → BUS_MCEERR_AR to the vCPU thread → QEMU Q1 → guest SEA → guest BUS_MCEERR_AR (§11 flow 3)`, () => {
      const d = gsea(v, true);
      expect(rules(d)).to.include.members(["T6.K7", "T5.6", "T7.Q1"]);
      expect(d.actions.find((a) => a.kind === "signal")).to.deep.include({ code: "BUS_MCEERR_AR", target: "CPU 0/KVM:5001" });
      expect(d.actions.find((a) => a.kind === "inject_sea")).to.deep.include({ esr: 0x92000410n });
      expect(d.outcome).to.deep.equal({ host: "signal", guest: "signal" });
      expect(d.actions.filter((a) => a.kind === "signal" && a.actor === "guest").map((a) => (a.kind === "signal" ? a.code : ""))).to.deep.equal(["BUS_MCEERR_AR"]);
    });
  }
  it("K7 E (4.19) claimed: flags 0 → QEMU main thread gets AO (Q3), the guest re-faults → K9 AR → Q1 (the seed's story)", () => {
    const d = gsea("4.19", true);
    const r = rules(d);
    expect(r.indexOf("T7.Q3")).to.be.lessThan(r.indexOf("T6.K9"));
    expect(r.indexOf("T6.K9")).to.be.lessThan(r.lastIndexOf("T7.Q1"));
    const hostSigs = d.actions.flatMap((a) => (a.kind === "signal" && a.actor === "host" ? [`${a.code}->${a.target}`] : []));
    expect(hostSigs).to.deep.equal(["BUS_MCEERR_AO->qemu-system-aar:5000", "BUS_MCEERR_AR->CPU 0/KVM:5001"]);
  });
  for (const v of ["4.19", "6.1", "6.18"]) {
    it(`K8 @${v} not claimed (data abort): inject vSError → guest panic (§11 flow 4)`, () => {
      const d = gsea(v, false);
      expect(rules(d)).to.include("T6.K8");
      expect(d.actions.find((a) => a.kind === "inject_vserror")).to.deep.include({ esr: 0xbf000000n });
      expect(d.outcome.guest).to.equal("panic");
    });
  }
  it("K8 E/B instruction abort not claimed: normal stage-2 fault path, nothing injected", () => {
    for (const v of ["4.14", "4.19"]) {
      const d = gsea(v, false, IABT_S2);
      expect(d.actions.some((a) => a.kind === "inject_vserror"), v).to.equal(false);
      expect(d.outcome.guest).to.equal("running");
    }
    expect(gsea("6.18", false, IABT_S2).outcome.guest, "v6.x injects for both").to.equal("panic");
  });
});

const EV = (over: Partial<VcpuEvents> = {}): VcpuEvents => ({ serrorPending: 1, serrorHasEsr: 1, extDabtPending: 0, pad: [0, 0, 0, 0, 0], serrorEsr: 0x1800n, reserved: new Array(12).fill(0), ...over });
function setEv(v: string, ev: VcpuEvents, ras = true) {
  const t = new Trace();
  const rc = kvmSetVcpuEvents(t, k(v), ras, guest(v), ev);
  return { rc, t };
}

describe("kernel/kvm: T6 K10/K11 KVM_SET_VCPU_EVENTS (§7.6)", () => {
  it("K10 has_esr on a host without RAS: -EINVAL", () => expect(setEv("6.18", EV(), false).rc).to.equal(-22));
  it("K10 serror_esr with bits above ISS [24:0]: -EINVAL (bit 25 set)", () => expect(setEv("6.18", EV({ serrorEsr: 1n << 25n })).rc).to.equal(-22));
  it("bit 24 (IDS) is part of ISS and accepted", () => expect(setEv("6.18", EV({ serrorEsr: 1n << 24n })).rc).to.equal(0));
  it("K10 reserved[] or pad[] non-zero: -EINVAL", () => {
    expect(setEv("6.18", EV({ reserved: [0, 1, ...new Array(10).fill(0)] })).rc).to.equal(-22);
    expect(setEv("6.18", EV({ pad: [0, 0, 1, 0, 0] })).rc).to.equal(-22);
  });
  it("ext_dabt_pending is pad[0] before 5.5 (-EINVAL), a field from 5.5", () => {
    expect(setEv("5.4", EV({ extDabtPending: 1 })).rc).to.equal(-22);
    expect(setEv("5.10", EV({ extDabtPending: 1 })).rc).to.equal(0);
  });
  it("no KVM_SET_VCPU_EVENTS before v4.19: -EINVAL", () => expect(setEv("4.14", EV()).rc).to.equal(-22));
  it("serror_pending=0: nothing pended (has_esr not checked)", () => {
    const { rc, t } = setEv("6.18", EV({ serrorPending: 0, serrorEsr: 1n << 30n }), false);
    expect(rc).to.equal(0);
    expect(t.actions).to.deep.equal([]);
  });
  it("K11 serror_pending with a RAS ISS (CE): the guest gets ESR 0xbe001811 style syndrome and survives", () => {
    const { rc, t } = setEv("6.18", EV({ serrorEsr: 0x1811n }));
    expect(rc).to.equal(0);
    expect(t.actions.find((a) => a.kind === "inject_vserror")).to.deep.include({ esr: 0xbe001811n });
    expect(t.outcome.guest).to.equal("running");
    expect(t.steps.map((s) => s.rule)).to.include("T6.K11");
  });
  it("K11 serror_pending without ESR: KVM's default (IDS) → guest panic", () => {
    const { t } = setEv("6.1", EV({ serrorHasEsr: 0 }));
    expect(t.actions.find((a) => a.kind === "inject_vserror")).to.deep.include({ esr: 0xbf000000n });
    expect(t.outcome.guest).to.equal("panic");
  });
});
