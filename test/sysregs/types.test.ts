// Field-name unions inferred from the declarations (checked by tsc; the runtime part is trivial).
import { expect } from "chai";
import type { FieldOf, SysRegName } from "../../src/sysregs/catalog.js";
import { RegisterFile } from "../../src/sysregs/register-file.js";

describe("sysregs/types: names inferred from declarations", () => {
  it("FieldOf<register> is the declared field-name union", () => {
    const ok: FieldOf<"HCR_EL2">[] = ["TERR", "AMO", "TGE"];
    // @ts-expect-error: HCR_EL2 has no field NOPE
    const bad: FieldOf<"HCR_EL2"> = "NOPE";
    // @ts-expect-error: not a declared register
    const badReg: SysRegName = "TTBR0_EL1";
    const rf = new RegisterFile();
    expect(rf.field("SCR_EL3", "RW")).to.equal(1n);
    // @ts-expect-error: SCR_EL3 has no AMO field
    expect(() => rf.field("SCR_EL3", "AMO")).to.throw();
    expect(ok).to.have.length(3);
    expect([bad, badReg]).to.have.length(2);
  });
});
