// Smaller pieces: the SPSR word against a field-by-field build, vectors, traces, PE odds and ends.
import { expect } from "chai";
import fc from "fast-check";
import { PSTATE_FIELDS, modeBits, spsrFromPstate, spsrWord, type Pstate } from "../../src/arch/pstate.js";
import { vectorName, VECTOR_BASE } from "../../src/exceptions/vectors.js";
import { renderTrace } from "../../src/exceptions/trace.js";
import * as api from "../../src/exceptions/index.js";
import { HCR_AMO, HCR_IMO, HCR_RW, VBAR, makePE } from "./pe-helpers.js";

const bit = () => fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>;

/** GetPSRFromPSTATE built with bigints, one PSTATE_FIELDS entry at a time (M from EL and SP). */
function spsrReference(p: Pstate): bigint {
  let v = 0n;
  for (const f of PSTATE_FIELDS) {
    const value = f.name === "M" ? modeBits(p.EL, p.SP) : (p as unknown as Record<string, number>)[f.name]!;
    v |= (BigInt(value) & ((1n << BigInt(f.msb - f.lsb + 1)) - 1n)) << BigInt(f.lsb);
  }
  return v;
}

describe("spsrWord / spsrFromPstate (the entry hot path) against a field-by-field bigint build", () => {
  it("property over every PSTATE", () => {
    fc.assert(
      fc.property(
        fc.record({
          EL: fc.constantFrom(0, 1, 2, 3), SP: bit(), nRW: bit(), N: bit(), Z: bit(), C: bit(), V: bit(), D: bit(), A: bit(), I: bit(), F: bit(),
          IL: bit(), SS: bit(), PAN: bit(), UAO: bit(), DIT: bit(), SSBS: bit(), TCO: bit(), BTYPE: fc.constantFrom(0, 1, 2, 3),
        }),
        (p) => {
          const ref = spsrReference(p as Pstate);
          expect(BigInt(spsrWord(p as Pstate))).to.equal(ref);
          expect(spsrFromPstate(p as Pstate)).to.equal(ref);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("EL1h with all of DAIF and NZCV set is 0xf00003c5 (C5.2.18 layout)", () => {
    const p: Pstate = { EL: 1, SP: 1, nRW: 0, N: 1, Z: 1, C: 1, V: 1, D: 1, A: 1, I: 1, F: 1, IL: 0, SS: 0, PAN: 0, UAO: 0, DIT: 0, SSBS: 0, TCO: 0, BTYPE: 0 };
    expect(spsrWord(p)).to.equal(0xf000_03c5);
    expect(spsrFromPstate(p)).to.equal(0xf000_03c5n);
  });
});

describe("vectors and traces", () => {
  it("vectorName covers the four groups and kinds (TF-A arch.h names)", () => {
    expect(vectorName(VECTOR_BASE.CURRENT_EL_SP0)).to.equal("current EL with SP0, Synchronous");
    expect(vectorName(0x280)).to.equal("current EL with SPx, IRQ/vIRQ");
    expect(vectorName(0x500)).to.equal("lower EL using AArch64, FIQ/vFIQ");
    expect(vectorName(0x780)).to.equal("lower EL using AArch32, SError/vSError");
  });

  it("renderTrace prints register changes and decisions", () => {
    const pe = makePE({ pstate: { EL: 1 } });
    const text = renderTrace(pe.svc(3));
    expect(text).to.contain("AArch64.TakeException: AArch64.ReportException: ESR_EL1 0x0 -> 0x56000003");
    expect(text).to.match(/SupervisorCall from EL1 taken to EL1/);
  });

  it("trace off returns the shared empty trace and still changes state", () => {
    const pe = makePE({ pstate: { EL: 1 }, trace: false });
    expect(pe.svc(0)).to.equal(api.NO_TRACE);
    expect(pe.regs.read("ESR_EL1")).to.equal(0x56000000n);
  });
});

describe("PE odds and ends", () => {
  it("virtual IRQ and FIQ are taken to EL1 at +0x080 / +0x100 (vFIQ first)", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_IMO | (1n << 3n) | (1n << 7n) | (1n << 6n), pstate: { EL: 0, SP: 0 } });
    pe.checkInterrupts();
    expect(pe.pc).to.equal(VBAR[1] + 0x500n);
    pe.pstate = { ...pe.pstate, F: 0 as const, I: 0 as const, EL: 1 as const };
    // F still pending (level): taken again; with F masked, vIRQ is next.
    pe.pstate = { ...pe.pstate, F: 1 as const };
    pe.checkInterrupts();
    expect(pe.pc).to.equal(VBAR[1] + 0x280n);
  });

  it("MSR DAIFSet/DAIFClr at EL0 with SCTLR_EL1.UMA=1 are allowed", () => {
    const pe = makePE({ pstate: { EL: 0, SP: 0 } });
    pe.regs.setField("SCTLR_EL1", "UMA", 1n);
    pe.msr("DAIFSet", 0xfn);
    expect(pe.pstate).to.include({ D: 1, A: 1, I: 1, F: 1, EL: 0 });
    pe.msr("DAIFClr", 0x2n);
    expect(pe.pstate.I).to.equal(0);
  });

  it("MSR with TGE: a trap to EL1 becomes a trap to EL2", () => {
    const pe = makePE({ hcr: HCR_RW | (1n << 27n), pstate: { EL: 0, SP: 0 } });
    pe.msr("DAIFClr", 0x4n);
    expect(pe.pstate.EL).to.equal(2);
    expect(pe.regs.read("ESR_EL2") >> 26n).to.equal(0x18n);
  });

  it("ISR_EL1 through MRS reflects physical pending IRQ/FIQ and virtual bits", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 1, A: 1, I: 1, F: 1 } });
    pe.setLine("IRQ", true);
    pe.setLine("FIQ", true);
    expect(pe.isr()).to.equal(0xc0n);
    pe.injectVirtualSError(0n);
    expect(pe.isr()).to.equal(0x1c0n);
    pe.setLine("IRQ", false);
    expect(pe.irqLine).to.equal(false);
    expect(pe.describe()).to.equal(`EL1h Non-secure PC=${"0x" + pe.pc.toString(16)} DAIF=0111`);
  });

  it("vESB with PSTATE.A=0 does not defer: the virtual SError is taken", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 1, A: 1 } });
    pe.injectVirtualSError(0x7n);
    pe.pstate = { ...pe.pstate, A: 0 as const };
    pe.esb();
    expect(pe.regs.read("ESR_EL1")).to.equal(0xbe000007n);
  });

  it("index re-exports the API", () => {
    expect(api.route).to.be.a("function");
    expect(api.PE).to.be.a("function");
    expect(api.recordError).to.be.a("function");
  });
});

describe("illegalExceptionReturn (IllegalExceptionReturn pseudocode checks, in order)", () => {
  it("reports each reason from SPSR.M and ignores SPSR[63:32]", () => {
    const pe = makePE({ pstate: { EL: 1 }, hcr: HCR_RW });
    expect(api.illegalExceptionReturn(pe, 0x5n)).to.equal(null); // EL1h
    expect(api.illegalExceptionReturn(pe, 0x0n)).to.equal(null); // EL0t
    expect(api.illegalExceptionReturn(pe, (1n << 40n) | 0x5n)).to.equal(null);
    expect(api.illegalExceptionReturn(pe, 0x9n)).to.match(/EL2 is higher than the current EL1/);
    expect(api.illegalExceptionReturn(pe, 0x1n)).to.match(/reserved encoding/); // EL0 with SP=1
    expect(api.illegalExceptionReturn(pe, 0x13n)).to.match(/EL1 cannot use AArch32/); // M[4:0]=0b10011 (SVC): AArch32 EL1
    expect(api.illegalExceptionReturn(pe, 0x15n)).to.match(/reserved AArch32 mode/); // M[4:0]=0b10101: no such mode (ELFromM32)
  });
});
