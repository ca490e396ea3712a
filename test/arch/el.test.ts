import { expect } from "chai";
import { ALL_ELS, elName, isEL } from "../../src/arch/el.js";

describe("arch/el", () => {
  it("isEL accepts exactly 0..3", () => {
    expect(ALL_ELS.every(isEL)).to.equal(true);
    for (const x of [-1, 4, 1.5, "1", null, undefined]) expect(isEL(x)).to.equal(false);
  });
  it("elName", () => void expect(ALL_ELS.map(elName)).to.deep.equal(["EL0", "EL1", "EL2", "EL3"]));
});
