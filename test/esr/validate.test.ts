// Validator: one hand-made value per problem kind, each citing the rule it breaks
// (Arm ESR_EL1 XML / ASL as summarised in ../shared/reference/arch.md §1), plus valid values.
import { expect } from "chai";
import { NEOVERSE_N1, withFeatures } from "../../src/arch/features.js";
import { bitRanges, checkDecoded, checkWords, decode, type ProblemKind, validate, type ValidateOptions } from "../../src/sysregs/esr/index.js";

function kinds(esr: bigint, opts: ValidateOptions = {}): ProblemKind[] {
  return checkDecoded(decode(esr), opts).map((p) => p.kind);
}

const NO_AARCH32 = withFeatures(NEOVERSE_N1, { aarch32: { 0: false, 1: false, 2: false, 3: false } });
const NO_RAS = withFeatures(NEOVERSE_N1, { FEAT_RAS: false });
const NO_IESB = withFeatures(NEOVERSE_N1, { FEAT_IESB: false });

// [title (rule and citation), esr, options, expected kinds]
const CASES: [string, bigint, ValidateOptions, ProblemKind[]][] = [
  // §1.1: [63:32] RES0 in v8.2; ISS2 later.
  ["ESR[63:32] set on Armv8.2 (§1.1)", 0x1_9600_0004n, {}, ["res0-high"]],
  ["ISS2 accepted with --arch later", 0x1_9600_0004n, { arch: "later" }, []],
  ["ESR[63:56] set is RES0 even later", 0x0100_0000_9600_0004n, { arch: "later" }, ["res0-high"]],
  // §1.3: all other EC values are reserved.
  ["EC 0x02 is unallocated (§1.3)", 0x0a00_0000n, {}, ["ec-unallocated"]],
  ["EC 0x0d BTI is Armv8.5 (§1.3)", 0x3600_0003n, {}, ["ec-later"]],
  ["BTI accepted later", 0x3600_0003n, { arch: "later" }, []],
  // §1.2: IL forced to 1 for DABT with ISV=0; from AArch64 IL is always 1.
  ["DABT ISV=0 with IL=0 (§1.2 AArch64_ReportException)", 0x9400_0004n, {}, ["il"]],
  ["EC 0x00 with IL=0: ESR 0 cannot be produced (§1.6)", 0x0n, {}, ["il"]],
  ["SVC64 with IL=0 (AArch64 only, IL always 1)", 0x5400_0000n, {}, ["il"]],
  ["WFI from AArch64 with IL=0 (§1.2 assert)", 0x05e0_0000n, { fromAArch32: false }, ["il"]],
  ["WFI from AArch32 with IL=0: 16-bit T32 WFI", 0x05e0_0000n, { fromAArch32: true }, []],
  ["DABT ISV=1 IL=0 from AArch64", 0x9181_8047n, { el: 2, fromAArch32: false }, ["il"]],
  ["WFI with IL=0 on a core without AArch32", 0x05e0_0000n, { el: 1, features: NO_AARCH32 }, ["il"]],
  ["DABT ISV=1 IL=0 (16-bit T32 LDR) on Neoverse N1 (AArch32 at EL0)", 0x9181_8047n, { el: 2 }, []],
  // §1.3 "taken to".
  ["HVC64 in ESR_EL1 (HVC is taken to EL2, or EL3 at EL3)", 0x5a00_0000n, { el: 1 }, ["el"]],
  ["HVC64 in ESR_EL2", 0x5a00_0000n, { el: 2 }, []],
  ["SMC64 in ESR_EL1", 0x5e00_0000n, { el: 1 }, ["el"]],
  ["EL3 IMP DEF in ESR_EL2", 0x7e00_0000n, { el: 2 }, ["el"]],
  ["Breakpoint in ESR_EL3 (debug never targets EL3)", 0xc600_0022n, { el: 3 }, ["el"]],
  // §1.2: +1 same-EL variant iff target_el == PSTATE.EL.
  ["DABT (current EL) from EL0 reported at EL1", 0x9600_0004n, { el: 1, fromEL: 0 }, ["from-el"]],
  ["DABT (lower EL) without a change of EL", 0x9200_0004n, { el: 1, fromEL: 1 }, ["from-el"]],
  ["from EL2 into ESR_EL1: never to a lower EL", 0x9200_0004n, { el: 1, fromEL: 2 }, ["from-el"]],
  ["DABT (lower EL) from EL0 at EL2 via TGE", 0x9200_0004n, { el: 2, fromEL: 0 }, []],
  // §1.2 asserts on the source state.
  ["SVC64 from AArch32", 0x5600_0000n, { fromAArch32: true }, ["source-state"]],
  ["SVC32 from AArch64", 0x4600_0000n, { fromAArch32: false }, ["source-state"]],
  ["SVC32 on a core without AArch32", 0x4600_0000n, { el: 1, features: NO_AARCH32 }, ["source-state"]],
  // §1.4 RES0 bits per layout.
  ["Unknown EC with ISS bit 0 set (ISS RES0)", 0x0200_0001n, {}, ["res0"]],
  ["SVC64 with ISS[16] set ([24:16] RES0)", 0x5601_0000n, {}, ["res0"]],
  ["DABT ISV=0 with ISS[23:14] bits set", 0x9640_0004n, {}, ["res0"]],
  ["IABT with ISS[8] and [6] set", 0x8600_0144n, {}, ["res0"]],
  ["SError IDS=0 with ISS[8:6] set", 0xbe00_01d1n, {}, ["res0"]],
  // VNCR is FEAT_NV2 (v8.4): RES0 in v8.2.
  ["DABT with VNCR=1 on Armv8.2", 0x9600_2004n, {}, ["later-field"]],
  ["DABT with VNCR=1 later", 0x9600_2004n, { arch: "later" }, []],
  // Debug ECs report FSC 0x22.
  ["Breakpoint with IFSC 0", 0xc600_0000n, { el: 1 }, ["fixed-field"]],
  ["Breakpoint with IFSC 0x22", 0xc600_0022n, { el: 1 }, []],
  ["Watchpoint WnR=1 CM=1", 0xd600_0162n, { el: 2 }, []],
  // §1.5 FSC tables.
  ["DFSC 0x12 is reserved", 0x9600_0012n, {}, ["fsc-reserved"]],
  ["IFSC 0x21 alignment is DFSC only", 0x8600_0021n, {}, ["fsc-reserved"]],
  ["DFSC 0x22 (debug) is not an abort code", 0x9600_0022n, {}, ["fsc-reserved"]],
  ["DFSC 0x3e (PAR_EL1 only)", 0x9600_003en, {}, ["fsc-reserved"]],
  ["DFSC 0x11 tag check is MTE (v8.5)", 0x9600_0011n, {}, ["fsc-later"]],
  ["DFSC 0x11 tag check later", 0x9600_0011n, { arch: "later" }, []],
  ["DFSC 0x08 (level 0 AF) is reserved in v8.2", 0x9600_0008n, {}, ["fsc-later"]],
  // With RAS, parity codes are not used (§1.5 note; Cortex-A76 DISR text).
  ["DFSC 0x18 parity with FEAT_RAS", 0x9600_0018n, {}, ["fsc-ras-unused"]],
  ["DFSC 0x18 parity without FEAT_RAS", 0x9600_0018n, { features: NO_RAS }, []],
  ["IFSC 0x1d parity on a walk with FEAT_RAS", 0x8600_001dn, {}, ["fsc-ras-unused"]],
  // §1.4: SET meaningful only with xFSC 0x10; 0b01 reserved.
  ["SET=0b01 with DFSC 0x04", 0x9600_0804n, {}, ["set"]],
  ["SET=0b01 with DFSC 0x10 (reserved)", 0x9600_0810n, {}, ["set"]],
  ["SET=0b10 UC with DFSC 0x10", 0x9600_1010n, {}, []],
  // FnV valid only with DFSC 0x10.
  ["FnV=1 with DFSC 0x04", 0x9600_0404n, {}, ["fnv"]],
  ["FnV=1 with DFSC 0x10 (QEMU kvm_inject_arm_sea)", 0x9600_0410n, {}, []],
  // EA 0 for non-external aborts.
  ["EA=1 on a translation fault", 0x9600_0204n, {}, ["ea"]],
  ["EA=1 on an external abort on a walk", 0x9600_0215n, {}, []],
  // ISV rules.
  ["ISV=1 in ESR_EL1", 0x9381_8047n, { el: 1 }, ["isv"]],
  ["ISV=1 in ESR_EL3", 0x9381_8047n, { el: 3 }, ["isv"]],
  ["ISV=1 stage 2 fault in ESR_EL2", 0x9381_8047n, { el: 2 }, []],
  ["ISV=1 on a synchronous External abort", 0x9381_8050n, { el: 2 }, ["isv"]],
  ["ISV=1 with S1PTW=1", 0x9381_80c7n, { el: 2 }, ["isv"]],
  ["ISV=1 with CM=1", 0x9381_8147n, { el: 2 }, ["isv"]],
  ["ISV=1 doubleword into a W register", 0x93c1_0047n, { el: 2 }, ["isv"]],
  // CM=1 implies WnR=1 (XML WnR; ASL AArch64_FaultSyndrome).
  ["CM=1 with WnR=0", 0x9600_0104n, {}, ["cm"]],
  ["CM=1 with WnR=1", 0x9600_0144n, {}, []],
  // §1.4 SError.
  ["SError DFSC 0x10", 0xbe00_0010n, {}, ["serror-dfsc"]],
  ["SError AET with DFSC 0 (uncategorized)", 0xbe00_0400n, {}, ["aet"]],
  ["SError EA with DFSC 0", 0xbe00_0200n, {}, ["aet"]],
  ["SError AET 0b100 reserved", 0xbe00_1011n, {}, ["aet"]],
  ["SError UC (AET 0) DFSC 0x11", 0xbe00_0011n, {}, []],
  ["SError uncategorized all zero", 0xbe00_0000n, {}, []],
  ["SError IESB without FEAT_IESB", 0xbe00_2011n, { features: NO_IESB }, ["iesb"]],
  ["SError IESB with FEAT_IESB", 0xbe00_2011n, {}, []],
  ["SError IDS=1: ISS[23:0] IMPLEMENTATION DEFINED, anything goes", 0xbfff_ffffn, {}, []],
  // SMC32: RES0 when completed and taken to EL3.
  ["SMC32 with CV/COND at EL3", 0x4fe8_0000n, { el: 3 }, ["smc-iss"]],
  ["SMC32 trapped to EL2 by TSC", 0x4fe8_0000n, { el: 2 }, []],
  // §1.4: from AArch64 COND is 0b1110 (and CV=1, ASL ConditionSyndrome).
  ["ASIMD trap from AArch64 with CV=0", 0x1e00_0000n, { fromAArch32: false }, ["cond"]],
  ["ASIMD trap from AArch64 with CV=1 COND=0xE", 0x1fe0_0000n, { fromAArch32: false }, []],
  ["ASIMD trap with COND=3: fine when the source may be AArch32 (GESR's sve vector)", 0x1f30_0000n, {}, []],
  // Valid values of other classes.
  ["MSR/MRS trap of ERXSTATUS_EL1 in ESR_EL2", 0x6234_1409n, { el: 2 }, []],
  ["BRK #0x800", 0xf200_0800n, { el: 1 }, []],
  ["FP exception from AArch64 with TFV and IOF", 0xb280_0001n, { el: 1 }, []],
  ["Software step, ISV=1 EX=1", 0xcf00_0062n, { el: 1 }, []],
  ["Software step, ISV=0 with EX=1 (RES0)", 0xce00_0062n, { el: 1 }, ["res0"]],
];

describe("ESR validator: every problem kind", () => {
  for (const [title, esr, opts, expected] of CASES) {
    it(`${title}: 0x${esr.toString(16)} ${JSON.stringify({ ...opts, features: opts.features ? "custom" : undefined })} -> [${expected.join(", ")}]`, () => {
      expect(kinds(esr, opts)).to.deep.equal(expected);
    });
  }

  it("covers every ProblemKind", () => {
    const seen = new Set(CASES.flatMap((c) => c[3]));
    const all: ProblemKind[] = [
      "res0-high", "ec-unallocated", "ec-later", "il", "el", "from-el", "source-state", "res0", "later-field", "fixed-field",
      "fsc-reserved", "fsc-later", "fsc-ras-unused", "set", "fnv", "ea", "isv", "cm", "serror-dfsc", "aet", "iesb", "smc-iss", "cond",
    ];
    for (const k of all) expect(seen.has(k), k).to.equal(true);
  });

  it("problem messages name the field and the bits", () => {
    const [p] = checkDecoded(decode(0x9640_0004n));
    expect(p!.field).to.equal("ISS[22]");
    expect(p!.message).to.equal("ISS bit [22] is set (0x400000), but it is RES0 for Data Abort with ISV=0");
    expect(validate(0x5a00_0000n, { el: 1 })).to.deep.equal([
      "EC 0x16 (HVC instruction execution in AArch64 state) cannot be reported in ESR_EL1: it is only taken to ESR_EL2, ESR_EL3",
    ]);
    expect(validate(0x1_9600_0004n)[0]).to.match(/^ESR bit \[32\] is set \(0x00000001\)/);
  });

  it("says 'bits ... are' for several RES0 bits", () => {
    expect(validate(0x96c0_0004n)[0]).to.equal("ISS bits [23:22] are set (0xc00000), but they are RES0 for Data Abort with ISV=0");
    expect(validate(0x3_9600_0004n)[0]).to.match(/^ESR bits \[33:32\] are set/);
  });

  it("reports several problems at once", () => {
    // DABT, IL=0 with ISV=0, SET=0b01, FnV=1, EA=1 on a level 0 translation fault
    expect(kinds(0x9400_0e04n)).to.deep.equal(["il", "set", "fnv", "ea"]);
  });

  it("returns the same frozen empty array for every valid value (no allocation)", () => {
    const a = checkWords(0x9600_0004, 0);
    const b = checkWords(0xbe00_0411, 0);
    expect(a).to.equal(b);
    expect(Object.isFrozen(a)).to.equal(true);
  });

  it("bitRanges formats masks", () => {
    expect(bitRanges(0)).to.equal("");
    expect(bitRanges(0x00ff_c000)).to.equal("[23:14]");
    expect(bitRanges(0x141)).to.equal("[8], [6], [0]");
    expect(bitRanges(1, 32)).to.equal("[32]");
  });
});
