// The explanatory text renderer: one value per ISS layout, expected sentences written from the spec.
import { expect } from "chai";
import { decode, EC_TABLE, esrOf, explain, LAYOUTS, renderText, siblingEc, toJson, validate } from "../../src/sysregs/esr/index.js";

const CASES: [bigint, string][] = [
  [0x96000046n, "Translation fault, level 2 (FSC 0x06) on a data write at the same EL."],
  [0x92000146n, "Translation fault, level 2 (FSC 0x06) on a data write from a lower EL by a cache maintenance or address translation instruction."],
  [0x920000c6n, "Translation fault, level 2 (FSC 0x06) on a data write from a lower EL, during a stage 1 translation table walk (a stage 2 fault)."],
  [0x96001210n, "Synchronous External abort, not on translation table walk (FSC 0x10) on a data read at the same EL; FAR valid; error type: Uncontainable (UC); EA=1 (IMPLEMENTATION DEFINED external abort type)."],
  [0x96000810n, "Synchronous External abort, not on translation table walk (FSC 0x10) on a data read at the same EL; FAR valid; error type: reserved SET value."],
  [0x93818047n, "Translation fault, level 3 (FSC 0x07) on a data write from a lower EL; instruction syndrome: 4-byte store from X1."],
  [0x93a1c007n, "Translation fault, level 3 (FSC 0x07) on a data read from a lower EL; instruction syndrome: 4-byte sign-extending load into X1 with acquire/release semantics."],
  [0x931f0007n, "Translation fault, level 3 (FSC 0x07) on a data read from a lower EL; instruction syndrome: 1-byte load into WZR."],
  [0x86000004n, "Translation fault, level 0 (FSC 0x04) on an instruction fetch at the same EL."],
  [0xbe000000n, "Uncategorized SError interrupt (DFSC 0b000000): no error type is reported."],
  [0xbe002611n, "Asynchronous SError interrupt (DFSC 0x11); error type: Unrecoverable (unrecoverable state, not consumed yet) (UEU); synchronized by an implicit error synchronization event and taken immediately (IESB=1); EA=1 (IMPLEMENTATION DEFINED external abort type)."],
  [0xbe001011n, "Asynchronous SError interrupt (DFSC 0x11); error type: reserved AET value."],
  [0xbf000002n, "SError interrupt with an IMPLEMENTATION DEFINED syndrome (ISS[23:0] = 0x000002); no architected error type."],
  [0x62341409n, "Trapped MRS: read of ERXSTATUS_EL1 into X0."],
  [0x623417e8n, "Trapped MSR: write of XZR to ERXSTATUS_EL1."],
  [0x6231c000n, "Trapped MSR: write of X0 to S3_7_C0_C0_0."],
  [0x56000007n, "SVC instruction execution in AArch64 state, immediate #0x7."],
  [0xf2000800n, "BRK instruction execution in AArch64 state, immediate #0x800."],
  [0x07e00001n, "Trapped WFE instruction."],
  [0x07e00000n, "Trapped WFI instruction."],
  [0x0fe00001n, "Trapped MCR or MRC access with coproc=0b1111 (read)."],
  [0x13e00000n, "Trapped MCRR or MRRC access with coproc=0b1111 (write)."],
  [0x19e00001n, "Trapped LDC or STC access (read)."],
  [0x1fe00000n, "Access to SVE, Advanced SIMD or floating-point functionality trapped."],
  [0x02000000n, "Unknown reason."],
  [0x6a000003n, "Trapped ERET, ERETAA or ERETAB instruction execution."],
  [0x72000000n, "Pointer authentication failure (FEAT_FPAC)."],
  [0x36000003n, "Branch Target Exception with PSTATE.BTYPE = 3."],
  [0x4e000000n, "SMC instruction execution in AArch32 state."],
  [0x7e000123n, "IMPLEMENTATION DEFINED exception to EL3 (ISS 0x0000123)."],
  [0xb2800011n, "Trapped floating-point exception from AArch64 state; flags: IXF, IOF."],
  [0xb2800000n, "Trapped floating-point exception from AArch64 state; flags: none."],
  [0xb2000001n, "Trapped floating-point exception from AArch64 state; flags not valid (TFV=0)."],
  [0xc6000022n, "Breakpoint exception taken without a change in Exception level."],
  [0xcf000062n, "Software Step exception taken without a change in Exception level; the stepped instruction was a load-exclusive."],
  [0xcf000022n, "Software Step exception taken without a change in Exception level; not a load-exclusive."],
  [0xce000022n, "Software Step exception taken without a change in Exception level."],
  [0xd6000162n, "Watchpoint exception taken without a change in Exception level on a write by a cache maintenance instruction."],
  [0xd2000022n, "Watchpoint exception from a lower Exception level on a read."],
  [0x0a123456n, "Unallocated exception class 0x02: hardware does not report it; ISS 0x0123456 is shown raw."],
];

describe("ESR text renderer", () => {
  for (const [esr, sentence] of CASES) {
    it(`0x${esr.toString(16)}: ${sentence}`, () => {
      expect(explain(decode(esr))).to.equal(sentence);
    });
  }

  it("has a sentence case for every layout", () => {
    const covered = new Set(CASES.map(([esr]) => decode(esr).layout.id));
    for (const id of Object.keys(LAYOUTS)) expect(covered.has(id as never), id).to.equal(true);
  });

  it("renderText: header, field table, ISS2, problems", () => {
    const esr = (1n << 32n) | 0x96000404n;
    const t = renderText(decode(esr), validate(esr));
    expect(t.split("\n")[0]).to.equal("ESR 0x0000000196000404: EC 0x25 Data Abort taken without a change in Exception level [Linux: DABT (current EL)], IL=1 (32-bit instruction or IL fixed at 1)");
    expect(t).to.contain("  FnV          ISS[10]      0x1        FAR is not valid (UNKNOWN)\n");
    expect(t).to.contain("  DFSC         ISS[5:0]     0x4        Translation fault, level 0\n");
    expect(t).to.contain("  ISS2         ESR[55:32]   0x1\n");
    expect(t).to.contain("Problems (2):\n  - ESR bit [32] is set");
    expect(renderText(decode(0x02000000n), [])).to.contain("\nISS is RES0.\n");
    expect(renderText(decode(0x94000000n), [])).to.contain("IL=0 (16-bit instruction)");
  });

  it("JSON: meanings only where meaningful; register for EC 0x18; no fsc for classes without one", () => {
    const j = toJson(decode(0x96000804n), []);
    expect(j.meanings).to.not.have.property("SET"); // DFSC is not 0x10
    expect(toJson(decode(0x96001010n), []).meanings["SET"]).to.equal("UC (Uncontainable)");
    expect(toJson(decode(0xbe000411n), []).meanings["AET"]).to.equal("UEU (Unrecoverable (unrecoverable state, not consumed yet))");
    expect(toJson(decode(0xbe000400n), []).meanings).to.not.have.property("AET");
    expect(toJson(decode(0x62341409n), []).register).to.equal("ERXSTATUS_EL1");
    expect(toJson(decode(0x56000000n), [])).to.not.have.property("fsc");
    expect(toJson(decode(0xbf000000n), [])).to.not.have.property("fsc");
    expect(toJson(decode(0xbe000011n), []).fsc).to.deep.equal({ code: 0x11, name: "Asynchronous SError interrupt", meaning: "Asynchronous SError interrupt" });
    expect(toJson(decode(0xc6000022n), []).fsc?.name).to.equal("Debug exception");
    expect(toJson(decode(0xc6000000n), []).fsc?.name).to.equal("reserved for a debug exception");
    expect(toJson(decode(0xbe000010n), []).fsc?.name).to.equal("reserved for an SError");
  });

  it("EC table helpers", () => {
    expect(siblingEc(0x24)).to.equal(0x25);
    expect(siblingEc(0x35)).to.equal(0x34);
    expect(siblingEc(0x15)).to.equal(null);
    expect(EC_TABLE).to.have.length(64);
    expect(esrOf(decode(0x1234_9600_0004n))).to.equal(0x1234_9600_0004n);
  });
});
