import { expect } from "chai";
import { hasFeature, NEOVERSE_N1, supportsExecutionState, withFeatures } from "../../src/arch/features.js";

describe("arch/features", () => {
  it("hasFeature reads boolean features and the AArch32 dependencies", () => {
    expect(hasFeature(NEOVERSE_N1, "FEAT_RAS")).to.equal(true);
    expect(hasFeature(NEOVERSE_N1, "FEAT_RASv1p1")).to.equal(false);
    expect(hasFeature(NEOVERSE_N1, "FEAT_DIT")).to.equal(false);
    expect(hasFeature(NEOVERSE_N1, "AArch32@EL1")).to.equal(false);
    expect(hasFeature(NEOVERSE_N1, "AArch32@EL1|EL2")).to.equal(false);
    const a32 = withFeatures(NEOVERSE_N1, { aarch32: { 0: true, 1: false, 2: true, 3: false } });
    expect(hasFeature(a32, "AArch32@EL1|EL2")).to.equal(true);
    expect(hasFeature(withFeatures(a32, { EL2: false }), "AArch32@EL1|EL2")).to.equal(false);
    expect(hasFeature(withFeatures(NEOVERSE_N1, { aarch32: { 0: true, 1: true, 2: false, 3: false } }), "AArch32@EL1")).to.equal(true);
  });

  it("supportsExecutionState", () => {
    expect(supportsExecutionState(NEOVERSE_N1, 0, "AArch32")).to.equal(true);
    expect(supportsExecutionState(NEOVERSE_N1, 1, "AArch32")).to.equal(false);
    expect(supportsExecutionState(withFeatures(NEOVERSE_N1, { EL2: false }), 2, "AArch64")).to.equal(false);
  });
});
