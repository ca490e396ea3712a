// The compiled pieces of the section contract (flat-patch.ts, member-walk.ts) against the
// interpreted definitions they replace; the patches themselves are held equal to the generic
// JSON round trip by flat-projection.test.ts and direct-patch.test.ts.
import { expect } from "chai";
import { field, struct } from "../../src/layout/struct.js";
import { guid, u32 } from "../../src/layout/types.js";
import { BUILTIN_SECTIONS } from "../../src/cper/sections/index.js";
import { locateFlat } from "../../src/cper/sections/body.js";
import { compileFieldPatch, fieldAtOffset } from "../../src/cper/sections/flat-patch.js";
import { compileMembers } from "../../src/cper/sections/member-walk.js";
import { asInt } from "../../src/cper/sections/json-forms.js";
import type { Struct, Fields } from "../../src/layout/struct.js";

describe("cper contract: compiled walks", () => {
  it("fieldAtOffset == locateFlat at every byte of every declared structure", () => {
    let n = 0;
    for (const c of BUILTIN_SECTIONS) {
      const s = (c as { layout?: Struct<Fields> }).layout;
      if (s === undefined) continue;
      const names = fieldAtOffset(s);
      for (let at = 0; at < s.size; at++, n++) expect(names[at], `${s.name} @${at}`).to.equal(locateFlat(s, at));
    }
    expect(n).to.be.greaterThan(500);
  });

  it("a structure with a GUID field has no field-by-field patch (the encode/diff path stays)", () => {
    const s = struct("WithGuid", 20, { ValidationBits: field(0, u32), Id: field(4, guid, { valid: 0 }) }, { validationField: "ValidationBits" });
    expect(compileFieldPatch(s, { mask32: 1, rules: { Id: { printed: true } } })).to.equal(undefined);
  });

  it("a validation bit outside 0..31 is refused by the member walk compiler", () => {
    const form = asInt()(field(0, u32));
    expect(() => compileMembers([{ name: "X", key: "x", valid: 32, form, present: undefined, group: undefined, gate: undefined }])).to.throw(RangeError);
  });
});
