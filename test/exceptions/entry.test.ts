// Exception entry (AArch64.TakeException, arch.md §4.2) and return (ERET), on the PE.
import { expect } from "chai";
import fc from "fast-check";
import type { Pstate } from "../../src/arch/pstate.js";
import { withFeatures, DEFAULT_FEATURES } from "../../src/arch/features.js";
import { UNKNOWN } from "../../src/sysregs/types.js";
import { PEStateError } from "../../src/exceptions/eret.js";
import { exceptionClass } from "../../src/exceptions/take.js";
import { HCR_AMO, HCR_E2H, HCR_RW, HCR_TEA, HCR_TGE, SCR_EA, SCR_NS_RW, VBAR, makePE } from "./pe-helpers.js";

const esrOf = (ec: number, il: number, iss: number): bigint => BigInt(((ec << 26) | (il << 25) | iss) >>> 0);

describe("exception entry: AArch64.TakeException", () => {
  it("SPSR is PSTATE before the change; ELR is the preferred return; ESR/FAR written; PSTATE set", () => {
    // EL0t, NZCV=1010, DAIF=0000 -> SVC #0x42 to EL1
    const pe = makePE({ pstate: { EL: 0, SP: 0, N: 1, Z: 0, C: 1, V: 0 }, pc: 0x400000n });
    pe.regs.set("FAR_EL1", 0x1111n);
    const trace = pe.svc(0x42);
    // SPSR_EL1 = N[31] C[29], M=EL0t (0) : hand-computed from the SPSR layout (arch.md §4.2 step 4)
    expect(pe.regs.read("SPSR_EL1")).to.equal((1n << 31n) | (1n << 29n));
    expect(pe.regs.read("ELR_EL1")).to.equal(0x400004n); // SVC: next instruction
    expect(pe.regs.read("ESR_EL1")).to.equal(esrOf(0x15, 1, 0x42)); // 0x11 + 4 (from AArch64)
    expect(pe.regs.isUnknown("FAR_EL1")).to.equal(true); // FAR UNKNOWN for SVC, never a silent 0
    expect(pe.pstate).to.include({ EL: 1, SP: 1, nRW: 0, D: 1, A: 1, I: 1, F: 1, IL: 0, SS: 0, N: 1, C: 1 });
    expect(pe.pc).to.equal(VBAR[1] + 0x400n);
    // Order: ESR before SPSR before ELR before PSTATE before PC.
    const regs = trace.map((s) => s.register).filter((r): r is string => r !== null);
    const idx = (r: string) => regs.indexOf(r);
    expect(idx("ESR_EL1")).to.be.lessThan(idx("SPSR_EL1"));
    expect(idx("SPSR_EL1")).to.be.lessThan(idx("ELR_EL1"));
    expect(idx("ELR_EL1")).to.be.lessThan(idx("PSTATE.EL"));
    expect(idx("PSTATE.EL")).to.be.lessThan(idx("PC"));
  });

  it("IRQ: ESR and FAR keep their values (ReportException not called)", () => {
    const pe = makePE({ pstate: { EL: 1, SP: 1 } });
    pe.regs.set("ESR_EL1", 0x1234n);
    pe.regs.set("FAR_EL1", 0x5678n);
    pe.setLine("IRQ", true);
    expect(pe.pc).to.equal(VBAR[1] + 0x280n);
    expect(pe.regs.read("ESR_EL1")).to.equal(0x1234n);
    expect(pe.regs.read("FAR_EL1")).to.equal(0x5678n);
    expect(pe.pstate.I).to.equal(1);
    // Level-sensitive: still asserted, masked now; ERET unmasks and it is taken again.
    pe.eret();
    expect(pe.entries).to.equal(2);
  });

  it("FIQ routed to EL3 by SCR_EL3.FIQ from EL1: lower-EL AArch64 vector +0x500", () => {
    const pe = makePE({ scr: SCR_NS_RW | 0b100n, pstate: { EL: 1, F: 1 } });
    pe.setLine("FIQ", true);
    expect(pe.pstate.EL).to.equal(3);
    expect(pe.pc).to.equal(VBAR[3] + 0x500n);
  });

  it("EC same-EL (+1) and IL rules (ASL AArch64.ExceptionClass)", () => {
    const p = { EL: 1, nRW: 0 } as Pstate;
    expect(exceptionClass({ type: "DataAbort", iss: 0x10, preferredReturn: 0n }, 1, p)).to.deep.equal({ ec: 0x25, il: 1 });
    expect(exceptionClass({ type: "DataAbort", iss: 0x10, preferredReturn: 0n }, 2, p)).to.deep.equal({ ec: 0x24, il: 1 });
    expect(exceptionClass({ type: "InstructionAbort", iss: 0x10, preferredReturn: 0n }, 1, p)).to.deep.equal({ ec: 0x21, il: 1 });
    // EL0 -> EL2 via TGE is still "lower EL": the +1 compares target with PSTATE.EL.
    expect(exceptionClass({ type: "DataAbort", iss: 0, preferredReturn: 0n }, 2, { EL: 0, nRW: 0 } as Pstate).ec).to.equal(0x24);
    // From AArch32 EL0: SVC stays 0x11 and IL follows the instruction; SError IL forced to 1.
    const a32 = { EL: 0, nRW: 1 } as Pstate;
    expect(exceptionClass({ type: "SupervisorCall", iss: 0, preferredReturn: 0n, il: 0 }, 1, a32)).to.deep.equal({ ec: 0x11, il: 0 });
    expect(exceptionClass({ type: "SError", iss: 0, preferredReturn: 0n, il: 0 }, 1, a32)).to.deep.equal({ ec: 0x2f, il: 1 });
    expect(exceptionClass({ type: "SystemRegisterTrap", iss: 0, preferredReturn: 0n }, 1, p)).to.deep.equal({ ec: 0x18, il: 1 });
  });

  it("PAN set on entry to EL1 when SCTLR_EL1.SPAN=0, kept when SPAN=1; UAO cleared", () => {
    const pe = makePE({ pstate: { EL: 0, SP: 0, UAO: 1 } });
    pe.svc(0);
    expect(pe.pstate.PAN).to.equal(1);
    expect(pe.pstate.UAO).to.equal(0);
    const pe2 = makePE({ pstate: { EL: 0, SP: 0 } });
    pe2.regs.setField("SCTLR_EL1", "SPAN", 1n);
    pe2.svc(0);
    expect(pe2.pstate.PAN).to.equal(0);
    // Target EL2 without E2H/TGE: PAN keeps its value.
    const pe3 = makePE({ hcr: HCR_RW | HCR_TEA, pstate: { EL: 1, PAN: 0 } });
    pe3.externalAbort({ errorType: "UER", va: 0x10n });
    expect(pe3.pstate.EL).to.equal(2);
    expect(pe3.pstate.PAN).to.equal(0);
  });

  it("FEAT_PAN/FEAT_UAO absent: PAN and UAO untouched", () => {
    const f = withFeatures(DEFAULT_FEATURES, { FEAT_PAN: false, FEAT_UAO: false });
    const pe = makePE({ features: f, pstate: { EL: 0, SP: 0 } });
    pe.svc(0);
    expect(pe.pstate.PAN).to.equal(0);
  });

  it("vector: EL0 AArch32 trapping to EL2 uses +0x400 when EL1 is AArch64 (the EL below the target)", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_TGE, pstate: { EL: 0, SP: 0, nRW: 1 } });
    pe.externalAbort({ errorType: "UC" });
    expect(pe.pstate.EL).to.equal(2);
    expect(pe.pc).to.equal(VBAR[2] + 0x400n);
    // VHE host (E2H=TGE=1): the EL below is EL0 itself -> AArch32 vector +0x600.
    const host = makePE({ hcr: HCR_RW | HCR_TGE | HCR_E2H, pstate: { EL: 0, SP: 0, nRW: 1 } });
    host.externalAbort({ errorType: "UC" });
    expect(host.pc).to.equal(VBAR[2] + 0x600n);
    // EL0 AArch32 to EL1: +0x600.
    const el1 = makePE({ pstate: { EL: 0, SP: 0, nRW: 1 } });
    el1.externalAbort({ errorType: "UC" });
    expect(el1.pc).to.equal(VBAR[1] + 0x600n);
  });

  it("VBAR bits [10:0] are ignored", () => {
    const pe = makePE({ pstate: { EL: 1, SP: 0 } });
    pe.regs.set("VBAR_EL1", 0x1_0000n); // RES0 bits cannot be set through the register file
    pe.svc(1);
    expect(pe.pc).to.equal(0x1_0000n);
  });
});

describe("synchronous External abort (SEA)", () => {
  // Oracles: Linux kernel logs in ../shared/arch/esr_linux_kernel_logs.json, hand-checked here:
  // 0x96000010 (EL1 read, SET=UER, EA=0), 0x96000210 (EA=1), 0x96000250 (EA=1, WnR=1).
  it("reproduces the SEA ESRs of real kernel logs", () => {
    for (const [esr, ea, write] of [[0x96000010n, 0, false], [0x96000210n, 1, false], [0x96000250n, 1, true]] as const) {
      const pe = makePE({ pstate: { EL: 1 } });
      pe.externalAbort({ errorType: "UER", va: 0xffff_0000_1234_5678n, write, ea });
      expect(pe.regs.read("ESR_EL1")).to.equal(esr);
      expect(pe.regs.read("FAR_EL1")).to.equal(0xffff_0000_1234_5678n);
    }
  });

  it("SET per error type; FnV=1 leaves FAR UNKNOWN", () => {
    const set = { UER: 0, UC: 2, UEU: 2, UEO: 3, CE: 3 } as const;
    for (const [t, v] of Object.entries(set)) {
      const pe = makePE({ pstate: { EL: 0, SP: 0 } });
      pe.externalAbort({ errorType: t as keyof typeof set });
      const esr = pe.regs.read("ESR_EL1");
      expect(Number((esr >> 11n) & 3n), t).to.equal(v);
      expect(Number((esr >> 10n) & 1n)).to.equal(1); // FnV
      expect(pe.regs.isUnknown("FAR_EL1")).to.equal(true);
      expect(Number(esr >> 26n)).to.equal(0x24);
    }
  });

  it("routing: SCR_EL3.EA to EL3, HCR_EL2.TEA to EL2, else EL1; instruction fetch gives IABT", () => {
    const el3 = makePE({ scr: SCR_NS_RW | SCR_EA, pstate: { EL: 1 } });
    el3.externalAbort({ errorType: "UC", fetch: true, va: 0x40n });
    expect(el3.pstate.EL).to.equal(3);
    expect(Number(el3.regs.read("ESR_EL3") >> 26n)).to.equal(0x20);
    expect(el3.pc).to.equal(VBAR[3] + 0x400n);
    const el2 = makePE({ hcr: HCR_RW | HCR_TEA, pstate: { EL: 0, SP: 0 } });
    el2.externalAbort({ errorType: "UC" });
    expect(el2.pstate.EL).to.equal(2);
    expect(Number(el2.regs.read("ESR_EL2") >> 26n)).to.equal(0x24);
  });
});

describe("exception return: AArch64.ExceptionReturn", () => {
  const arbPstate = (el: 1 | 2 | 3) =>
    fc.record({
      N: fc.constantFrom(0, 1), Z: fc.constantFrom(0, 1), C: fc.constantFrom(0, 1), V: fc.constantFrom(0, 1),
      D: fc.constantFrom(0, 1), A: fc.constantFrom(0, 1), I: fc.constantFrom(0, 1), F: fc.constantFrom(0, 1),
      SP: fc.constantFrom(0, 1), PAN: fc.constantFrom(0, 1), UAO: fc.constantFrom(0, 1), IL: fc.constantFrom(0, 1),
    }).map((p) => ({ ...p, EL: el }) as Partial<Pstate>);

  it("property: SVC then ERET restores PSTATE (SS returns 0) and resumes after the SVC", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, fc.bigInt(0n, (1n << 48n) - 1n), (el, pc) =>
        fc.assert(
          fc.property(arbPstate(el), (arb) => {
            const ps: Partial<Pstate> = { ...arb, IL: 0 as const }; // with PSTATE.IL=1 the SVC is not executed (Illegal Execution state; tested in scenario.test.ts)
            const pe = makePE({ pstate: ps, pc: pc * 4n });
            const before = pe.pstate;
            pe.svc(7);
            expect(pe.pstate.EL).to.equal(el);
            pe.eret();
            expect(pe.pstate).to.deep.equal({ ...before, SS: 0 });
            expect(pe.pc).to.equal(pc * 4n + 4n);
            expect(pe.regs.isUnknown(`ESR_EL${el}`)).to.equal(true);
          }),
          { numRuns: 10 },
        ),
      ),
      { numRuns: 30 },
    );
  });

  it("property: an SError routed to EL3 from EL0/1/2 and ERET round-trips", () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 0xffffff }), (el, iss) => {
        const pe = makePE({ scr: SCR_NS_RW | SCR_EA, pstate: { EL: el as 0 | 1 | 2, SP: el === 0 ? 0 : 1, A: 1 } });
        const before = pe.pstate;
        const pc = pe.pc;
        pe.raiseSError(iss);
        expect(pe.pstate.EL).to.equal(3); // unmaskable: routed to a higher EL
        expect(pe.regs.read("ESR_EL3")).to.equal(esrOf(0x2f, 1, iss));
        expect(pe.regs.read("ELR_EL3")).to.equal(pc);
        pe.eret();
        expect(pe.pstate).to.deep.equal(before);
        expect(pe.pc).to.equal(pc);
      }),
    );
  });

  const illegalCases: [string, () => ReturnType<typeof makePE>, bigint][] = [
    ["target EL higher than current", () => makePE({ pstate: { EL: 1 } }), 0x9n],
    ["EL2 not implemented", () => makePE({ features: withFeatures(DEFAULT_FEATURES, { EL2: false }), pstate: { EL: 3 } }), 0x9n],
    ["reserved M encoding 0b0010", () => makePE({ pstate: { EL: 2 } }), 0x2n],
    ["EL0 with SP_EL0 selector 1 (EL0h)", () => makePE({ pstate: { EL: 1 } }), 0x1n],
    ["AArch32 at EL1 (not supported on N1)", () => makePE({ pstate: { EL: 2 } }), 0x15n],
    ["EL2 in Secure state", () => makePE({ scr: 0x430n, pstate: { EL: 3 } }), 0x9n],
    ["EL1 with HCR_EL2.TGE=1", () => makePE({ hcr: HCR_RW | HCR_TGE, pstate: { EL: 2 } }), 0x5n],
  ];
  for (const [name, mk, m] of illegalCases) {
    it(`illegal return: ${name} -> PSTATE.IL=1, EL/SP unchanged, PC=ELR`, () => {
      const pe = mk();
      const el = pe.pstate.EL;
      const spsr = (1n << 31n) | (1n << 8n) | m; // N=1, A=1
      pe.regs.set(`SPSR_EL${el}`, spsr);
      pe.regs.set(`ELR_EL${el}`, 0x1000n);
      pe.eret();
      expect(pe.pstate.IL).to.equal(1);
      expect(pe.pstate.EL).to.equal(el);
      expect(pe.pstate.SP).to.equal(1);
      expect(pe.pstate.N).to.equal(1);
      expect(pe.pstate.A).to.equal(1);
      expect(pe.pc).to.equal(0x1000n);
    });
  }

  it("legal return to EL0t and to EL1h from EL3", () => {
    const pe = makePE({ pstate: { EL: 3 } });
    pe.regs.set("SPSR_EL3", 0x5n);
    pe.regs.set("ELR_EL3", 0x2000n);
    pe.eret();
    expect(pe.pstate).to.include({ EL: 1, SP: 1, IL: 0 });
    pe.regs.set("SPSR_EL1", 0x0n);
    pe.regs.set("ELR_EL1", 0x3000n);
    pe.eret();
    expect(pe.pstate).to.include({ EL: 0, SP: 0, IL: 0 });
    expect(pe.pc).to.equal(0x3000n);
  });

  it("ERET at EL0 is UNDEFINED (EC 0x00 to EL1)", () => {
    const pe = makePE({ pstate: { EL: 0, SP: 0 } });
    pe.eret();
    expect(pe.pstate.EL).to.equal(1);
    expect(pe.regs.read("ESR_EL1")).to.equal(esrOf(0, 1, 0));
  });

  it("ERET with SPSR UNKNOWN is a PEStateError (the model cannot continue)", () => {
    const pe = makePE({ pstate: { EL: 1 } });
    pe.regs.set("SPSR_EL1", UNKNOWN);
    expect(() => pe.eret()).to.throw(PEStateError, /SPSR_EL1 is UNKNOWN/);
  });

  it("ERET to AArch32 EL0 where supported is reported as not modelled", () => {
    const pe = makePE({ pstate: { EL: 1 } });
    pe.regs.set("SPSR_EL1", 0x10n);
    pe.regs.set("ELR_EL1", 0n);
    expect(() => pe.eret()).to.throw(PEStateError, /AArch32/);
  });
});

describe("virtual SError and AMO/TGE", () => {
  it("not taken with TGE=1, with AMO=0, or in Secure state; taken to EL1 otherwise", () => {
    for (const [hcr, scr, taken] of [
      [HCR_RW | HCR_AMO | HCR_TGE, SCR_NS_RW, false],
      [HCR_RW, SCR_NS_RW, false],
      [HCR_RW | HCR_AMO, 0x430n, false],
      [HCR_RW | HCR_AMO, SCR_NS_RW, true],
    ] as const) {
      const pe = makePE({ hcr, scr, pstate: { EL: 0, SP: 0 } });
      pe.injectVirtualSError(0n);
      expect(pe.entries > 0, `hcr=${hcr.toString(16)} scr=${scr.toString(16)}`).to.equal(taken);
      if (taken) expect(pe.pstate.EL).to.equal(1);
    }
  });
});
