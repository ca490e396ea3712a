// Each deliberate deviation from libcper's JSON, asserted on its own: libcper's
// oracle really holds libcper's value, and we print the spec's.
import { expect } from "chai";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import type { LibcperCodec } from "../../../src/cper/sections/libcper-codec.js";
import { BUILTIN_SECTIONS } from "../../../src/cper/sections/index.js";
import { describeShared } from "../../helpers.js";
import { DEVIATIONS, getPath } from "./deviations.js";
import { sectionsOfRecord, sharedRecord } from "./util.js";

describeShared("CPER more sections: deviations from libcper (each with its reason)", () => {
  for (const d of DEVIATIONS) {
    it(`${d.record}: ${d.path.join(".")} is ${JSON.stringify(d.ours)} (libcper ${JSON.stringify(d.libcper)}): ${d.reason}`, () => {
      const { bytes, json } = sharedRecord(d.record);
      const s = sectionsOfRecord(bytes)[0]!;
      const codec = BUILTIN_SECTIONS.find((c) => c.guid === s.guid) as LibcperCodec<unknown>;
      const r = codec.decode(s.body, DEFAULT_SECTION_OPTIONS);
      if (!r.ok) throw new Error("decode failed");
      expect(getPath(json.sections[0]![codec.libcperKey], d.path)).to.deep.equal(d.libcper);
      expect(getPath(codec.toLibcperJson(r.value, DEFAULT_SECTION_OPTIONS), d.path)).to.deep.equal(d.ours);
    });
  }
});
