// ESB deferral (DISR_EL1/VDISR_EL2), implicit ESB (IESB), and RAS error records as error sources.
import { expect } from "chai";
import { DEFAULT_FEATURES, withFeatures } from "../../src/arch/features.js";
import { rasSErrorIss } from "../../src/exceptions/records.js";
import { HCR_AMO, HCR_RW, HCR_TGE, HCR_E2H, SCR_EA, SCR_NS_RW, VBAR, makePE } from "./pe-helpers.js";

// SError ISS with IDS=0 (arch.md §1.4): IESB[13] AET[12:10] EA[9] DFSC[5:0].
const serrIss = (aet: number, ea = 0, iesb = 0): number => (iesb << 13) | (aet << 10) | (ea << 9) | 0x11;
// DISR_EL1: A[31] IDS[24] ISS[23:0] (arch.md §2.4).
const disr = (iss: number): bigint => (1n << 31n) | BigInt(iss);

describe("ESB: AArch64.ESBOperation (physical)", () => {
  it("a masked pending SError is deferred into DISR_EL1 (A=1, syndrome) and no longer pending", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    pe.raiseSError(serrIss(0b011));
    expect(pe.entries).to.equal(0);
    const pc = pe.pc;
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal(disr(serrIss(0b011)));
    expect(pe.serrorPending).to.equal(false);
    expect(pe.pc).to.equal(pc + 4n);
    expect(pe.entries).to.equal(0);
  });

  it("IDS=1 syndromes keep IDS in DISR[24]", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    pe.raiseSError(0x1000002);
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal((1n << 31n) | 0x1000002n);
  });

  it("at EL2 with AMO=0 the SError targets EL1 (below): deferred even with PSTATE.A=0", () => {
    const pe = makePE({ pstate: { EL: 2, A: 0 } });
    pe.raiseSError(serrIss(0b001));
    expect(pe.entries).to.equal(0); // target below the current EL: not taken
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal(disr(serrIss(0b001)));
  });

  it("an unmasked SError is not deferred: the ESB takes it (ELR = the ESB)", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    pe.raiseSError(serrIss(0b010));
    pe.regs.set("DISR_EL1", 0n);
    // SCR_EL3.EA=1 now: routed to EL3, unmaskable; ESB takes it.
    pe.regs.set("SCR_EL3", SCR_NS_RW | SCR_EA);
    const pc = pe.pc;
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal(0n);
    expect(pe.pstate.EL).to.equal(3);
    expect(pe.regs.read("ELR_EL3")).to.equal(pc);
    expect(pe.regs.read("ESR_EL3")).to.equal(BigInt(((0x2f << 26) | (1 << 25) | serrIss(0b010)) >>> 0));
  });

  it("nothing pending: DISR_EL1 unchanged", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    pe.regs.set("DISR_EL1", 0x1234n);
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal(0x1234n);
  });

  it("VHE host (E2H=TGE=1): at EL0 the EL2 mask applies; at EL1... EL2 with A=1 defers", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_TGE | HCR_E2H, pstate: { EL: 2, A: 1 } });
    pe.raiseSError(serrIss(0b110));
    expect(pe.entries).to.equal(0);
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal(disr(serrIss(0b110)));
  });

  it("without FEAT_RAS, ESB is a NOP", () => {
    const pe = makePE({ features: withFeatures(DEFAULT_FEATURES, { FEAT_RAS: false, errorRecords: 0 }), pstate: { EL: 1, A: 1 } });
    pe.raiseSError(serrIss(0));
    pe.esb();
    expect(pe.serrorPending).to.equal(true);
  });
});

describe("ESB: AArch64.vESBOperation (virtual)", () => {
  it("defers into VDISR_EL2 from VSESR_EL2 and clears VSE; DISR_EL1 untouched", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 0, SP: 0, A: 1 } });
    pe.regs.set("DISR_EL1", 0n);
    pe.injectVirtualSError(0x1000abcn);
    pe.esb();
    expect(pe.regs.read("VDISR_EL2")).to.equal((1n << 31n) | 0x1000abcn);
    expect(pe.hcrBit("VSE")).to.equal(false);
    expect(pe.regs.read("DISR_EL1")).to.equal(0n);
    // EL1 reads DISR_EL1 and gets VDISR_EL2 (AMO=1 redirect, register file access rules).
    pe.pstate = { ...pe.pstate, EL: 1 };
    expect(pe.mrs("DISR_EL1").value).to.equal((1n << 31n) | 0x1000abcn);
  });

  it("an ESB at EL2 never touches VDISR_EL2", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 2, A: 1 } });
    pe.regs.set("VDISR_EL2", 0n);
    pe.injectVirtualSError(0x5n);
    pe.esb();
    expect(pe.regs.read("VDISR_EL2")).to.equal(0n);
    expect(pe.hcrBit("VSE")).to.equal(true);
  });
});

describe("implicit ESB (FEAT_IESB, SCTLR_ELx.IESB)", () => {
  it("an SError pending at exception entry and unmasked after it is taken with ESR.IESB=1", () => {
    // SError routed to EL3 (SCR_EL3.EA=1) while EL1 takes an SVC with SCTLR_EL1.IESB=1.
    const pe = makePE({ scr: SCR_NS_RW | SCR_EA, pstate: { EL: 0, SP: 0 } });
    pe.regs.setField("SCTLR_EL1", "IESB", 1n);
    pe.serrorPending = true; // pending but not yet synchronized when the SVC executes
    pe.serrorISS = serrIss(0b011);
    pe.svc(0);
    expect(pe.pstate.EL).to.equal(3);
    expect(pe.regs.read("ESR_EL3")).to.equal(BigInt(((0x2f << 26) | (1 << 25) | serrIss(0b011, 0, 1)) >>> 0));
    expect(pe.regs.read("ELR_EL3")).to.equal(VBAR[1] + 0x400n); // taken at the first instruction of the EL1 handler
  });

  it("without SCTLR.IESB an in-flight SError arrives at the next instruction boundary, IESB=0", () => {
    const pe = makePE({ scr: SCR_NS_RW | SCR_EA, pstate: { EL: 0, SP: 0 } });
    pe.raiseSError(serrIss(0b011), true);
    expect(pe.entries).to.equal(0);
    pe.svc(0);
    expect(pe.entries).to.equal(2);
    expect(pe.pstate.EL).to.equal(3);
    expect(pe.regs.read("ESR_EL3")).to.equal(BigInt(((0x2f << 26) | (1 << 25) | serrIss(0b011)) >>> 0));
  });

  it("with SCTLR.IESB, an in-flight SError is synchronized by the implicit ESB (IESB=1)", () => {
    const pe = makePE({ scr: SCR_NS_RW | SCR_EA, pstate: { EL: 0, SP: 0 } });
    pe.regs.setField("SCTLR_EL1", "IESB", 1n);
    pe.raiseSError(serrIss(0b000), true);
    pe.svc(0);
    expect(pe.regs.read("ESR_EL3")).to.equal(BigInt(((0x2f << 26) | (1 << 25) | serrIss(0, 0, 1)) >>> 0));
  });

  it("an ESB synchronizes an in-flight SError and defers it when masked", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    pe.raiseSError(serrIss(0b010), true);
    pe.esb();
    expect(pe.regs.read("DISR_EL1")).to.equal(disr(serrIss(0b010)));
    expect(pe.serrorInFlight).to.equal(null);
  });

  it("implicit ESB on ERET takes the pending SError before the return completes", () => {
    const pe = makePE({ scr: SCR_NS_RW | SCR_EA, pstate: { EL: 1 } });
    pe.regs.setField("SCTLR_EL1", "IESB", 1n);
    pe.regs.set("SPSR_EL1", 0n);
    pe.regs.set("ELR_EL1", 0x7000n);
    pe.serrorPending = true;
    pe.serrorISS = serrIss(0b001);
    const pc = pe.pc;
    pe.eret();
    expect(pe.pstate.EL).to.equal(3);
    expect(pe.regs.read("ELR_EL3")).to.equal(pc);
    expect((pe.regs.read("ESR_EL3") >> 13n) & 1n).to.equal(1n);
  });
});

describe("RAS error records as error sources", () => {
  const CTLR_ALL = 0b1_0001_1101n; // ED[0] UI[2] FI[3] UE[4] CFI[8] (TF-A ras_arch.h)

  it("records a UEU error, signals an SError with AET=UEU; reproduces Linux's 0xbe000411", () => {
    const pe = makePE({ pstate: { EL: 1, A: 0 } });
    pe.regs.errRecord(0).set("CTLR", CTLR_ALL);
    pe.recordError(0, { type: "UEU", serr: 0x0c, addr: 0x8000_1000n, signal: "serror", ea: 0 });
    // ERR0STATUS: AV V UE ER + UET=01 + SERR 0x0c (arch.md §2.7 layout)
    const st = pe.regs.errRecord(0).read("STATUS");
    expect(st).to.equal((1n << 31n) | (1n << 30n) | (1n << 29n) | (1n << 28n) | (0b01n << 20n) | 0x0cn);
    expect(pe.regs.errRecord(0).read("ADDR")).to.equal(0x8000_1000n);
    expect(pe.regs.read("ESR_EL1")).to.equal(0xbe000411n); // oracle: esr_linux_kernel_logs.json (Rockchip SError)
    expect(pe.pc).to.equal(VBAR[1] + 0x380n);
    expect(pe.rasInterrupts.map((i) => i.kind)).to.have.members(["ERI", "FHI"]);
  });

  it("SEA on the consuming access with SET from UET", () => {
    const pe = makePE({ pstate: { EL: 0, SP: 0 } });
    pe.regs.errRecord(1).set("CTLR", CTLR_ALL);
    pe.recordError(1, { type: "UER", serr: 0x02, signal: "sea", access: { va: 0x4000n, write: true } });
    expect(pe.regs.read("ESR_EL1")).to.equal(0x92000050n); // EC 0x24, IL, WnR, DFSC 0x10, SET=UER 00
    expect(pe.regs.read("FAR_EL1")).to.equal(0x4000n);
    expect((pe.regs.errRecord(1).read("STATUS") >> 28n) & 1n).to.equal(1n); // ER
  });

  it("CTLR enables: ED=0 records nothing; UE=0 records without in-band signal (ER=0); CFI for CE", () => {
    const pe = makePE({ pstate: { EL: 1 } });
    pe.regs.errRecord(0).set("CTLR", 0n);
    pe.recordError(0, { type: "UC", serr: 1, signal: "serror" });
    expect(pe.regs.errRecord(0).read("STATUS")).to.equal(0n);
    pe.regs.errRecord(0).set("CTLR", 1n); // ED only
    pe.recordError(0, { type: "UC", serr: 1, signal: "serror" });
    expect((pe.regs.errRecord(0).read("STATUS") >> 28n) & 1n).to.equal(0n);
    expect(pe.serrorPending).to.equal(false);
    expect(pe.rasInterrupts).to.have.length(0);
    pe.regs.errRecord(1).set("CTLR", 1n | (1n << 8n)); // ED + CFI
    pe.recordError(1, { type: "CE", serr: 2 });
    expect(pe.rasInterrupts.map((i) => `${i.kind}${i.record}`)).to.deep.equal(["FHI1"]);
    expect((pe.regs.errRecord(1).read("STATUS") >> 24n) & 3n).to.equal(0b10n);
  });

  it("overwrite: a UE over a CE replaces the syndrome and sets OF; a CE over a UE keeps it and sets OF", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    const r = pe.regs.errRecord(0);
    r.set("CTLR", 1n);
    pe.recordError(0, { type: "CE", serr: 0x06 });
    pe.recordError(0, { type: "UER", serr: 0x0c, addr: 0x42n });
    let st = r.read("STATUS");
    expect(Number(st & 0xffn)).to.equal(0x0c);
    expect((st >> 27n) & 1n).to.equal(1n); // OF
    expect((st >> 24n) & 3n).to.equal(0b10n); // CE kept
    expect((st >> 20n) & 3n).to.equal(0b11n); // UET=UER
    pe.recordError(0, { type: "CE", serr: 0x07 });
    st = r.read("STATUS");
    expect(Number(st & 0xffn)).to.equal(0x0c);
  });

  it("ERXSTATUS_EL1 through ERRSELR_EL1: read the recorded error, then W1C clears it", () => {
    const pe = makePE({ pstate: { EL: 1, A: 1 } });
    pe.regs.errRecord(1).set("CTLR", 1n);
    pe.recordError(1, { type: "UEO", serr: 0x0c, addr: 0x1000n, misc: [0x55n] });
    pe.msr("ERRSELR_EL1", 1n);
    const st = pe.mrs("ERXSTATUS_EL1").value!;
    expect(st).to.equal(pe.regs.errRecord(1).read("STATUS"));
    expect(pe.mrs("ERXADDR_EL1").value).to.equal(0x1000n);
    expect(pe.mrs("ERXMISC0_EL1").value).to.equal(0x55n);
    // Clear as Linux does (arch_arm_ras_get_status_clear_value): the value read, with
    // every bit of a non-zero UET/CE field set (multi-bit W1C fields, arch.md §2.7).
    const uetAll = (st >> 20n) & 3n ? 3n << 20n : 0n;
    const ceAll = (st >> 24n) & 3n ? 3n << 24n : 0n;
    pe.msr("ERXSTATUS_EL1", st | uetAll | ceAll);
    expect(pe.regs.errRecord(1).read("STATUS") & 0xfff80000n).to.equal(0n);
    // ADDR and MISC are not cleared by clearing V.
    expect(pe.regs.errRecord(1).read("ADDR")).to.equal(0x1000n);
  });

  it("MRS ERXSTATUS_EL1 at EL0 is UNDEFINED (EC 0x00 to EL1); with HCR_EL2.TERR at EL1 it traps to EL2 (EC 0x18)", () => {
    const pe = makePE({ pstate: { EL: 0, SP: 0 } });
    pe.mrs("ERXSTATUS_EL1");
    expect(pe.pstate.EL).to.equal(1);
    expect(pe.regs.read("ESR_EL1") >> 26n).to.equal(0n);
    const pe2 = makePE({ hcr: HCR_RW | (1n << 36n), pstate: { EL: 1 } });
    const { value } = pe2.mrs("ERXSTATUS_EL1");
    expect(value).to.equal(null);
    expect(pe2.pstate.EL).to.equal(2);
    expect(pe2.regs.read("ESR_EL2") >> 26n).to.equal(0x18n);
  });

  it("rasSErrorIss: IDS=0, DFSC=0x11, AET per type (DE reported as UEO)", () => {
    expect(rasSErrorIss("UC")).to.equal(0x11);
    expect(rasSErrorIss("CE", 1)).to.equal(0x1a11);
    expect(rasSErrorIss("DE")).to.equal(0x811);
  });
});
