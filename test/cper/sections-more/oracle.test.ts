// Every libcper example (and WHEA record) holding one of our sections: decode,
// byte-exact re-encode, JSON equal to libcper's, and JSON back to the same bytes.
import { expect } from "chai";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import type { MoreCodec } from "../../../src/cper/sections/more-codec.js";
import { MORE_SECTIONS } from "../../../src/cper/sections/more.js";
import { describeShared } from "../../helpers.js";
import { applyDeviations } from "./deviations.js";
import { hex, show, sectionsOfRecord, sharedRecord, withoutExtras } from "./util.js";

const RECORDS = [
  "libcper_pcie",
  "libcper_pcibus",
  "libcper_firmware",
  "libcper_dmargeneric",
  "libcper_dmarvtd",
  "libcper_ccixper",
  "libcper_cxlcomponent-media",
  "libcper_ia32x64",
  "libcper_nvidia",
  "whea_ErrorFirmware1",
  "intel-crashlog_cper.whea",
];


const byGuid = new Map(MORE_SECTIONS.map((c) => [c.guid, c as MoreCodec<unknown>]));

describeShared("CPER more sections: libcper oracles (../shared/corpus/cper/record)", () => {
  for (const name of RECORDS) {
    describe(name, () => {
      const { bytes, json } = sharedRecord(name);
      const sections = sectionsOfRecord(bytes);
      sections.forEach((s, i) => {
        const codec = byGuid.get(s.guid);
        if (codec === undefined) return;
        const oracle = json.sections[i]!;
        it(`section ${i} (${codec.key}) decodes without warnings and re-encodes byte for byte`, () => {
          const r = codec.decode(s.body, DEFAULT_SECTION_OPTIONS);
          expect(r.ok, show(r)).to.equal(true);
          if (!r.ok) return;
          expect(r.warnings).to.deep.equal([]);
          expect(hex(codec.encode(r.value))).to.equal(hex(s.body));
        });
        it(`section ${i} (${codec.key}) JSON equals libcper's`, () => {
          const r = codec.decode(s.body, DEFAULT_SECTION_OPTIONS);
          if (!r.ok) throw new Error("decode failed");
          const expected = applyDeviations(name, oracle[codec.libcperKey] as Record<string, unknown>);
          expect(withoutExtras(codec.toJson(r.value, DEFAULT_SECTION_OPTIONS))).to.deep.equal(expected);
          expect(codec.messageOf?.(r.value, DEFAULT_SECTION_OPTIONS) ?? codec.message).to.equal(oracle.message);
        });
        it(`section ${i} (${codec.key}) our JSON encodes back to the identical bytes`, () => {
          const r = codec.decode(s.body, DEFAULT_SECTION_OPTIONS);
          if (!r.ok) throw new Error("decode failed");
          const back = codec.fromJson(JSON.parse(show(codec.toJson(r.value, DEFAULT_SECTION_OPTIONS))));
          expect(back.ok, show(back)).to.equal(true);
          if (back.ok) expect(hex(codec.encode(back.value))).to.equal(hex(s.body));
        });
        it(`section ${i} (${codec.key}) libcper's own JSON encodes to bytes that decode to the same JSON`, () => {
          const back = codec.fromJson(oracle[codec.libcperKey]);
          expect(back.ok, show(back)).to.equal(true);
          if (!back.ok) return;
          const again = codec.decode(codec.encode(back.value), DEFAULT_SECTION_OPTIONS);
          if (!again.ok) throw new Error("re-decode failed");
          const expected = applyDeviations(name, oracle[codec.libcperKey] as Record<string, unknown>);
          expect(codec.toLibcperJson(again.value, DEFAULT_SECTION_OPTIONS)).to.deep.equal(expected);
        });
      });
    });
  }
});
