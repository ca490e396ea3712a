// Every libcper example (and WHEA record) holding one of our sections: decode,
// byte-exact re-encode, JSON equal to libcper's, and JSON back to the same bytes.
import { expect } from "chai";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import type { LibcperCodec } from "../../../src/cper/sections/libcper-codec.js";
import { BUILTIN_SECTIONS } from "../../../src/cper/sections/index.js";
import { describeShared } from "../../helpers.js";
import { parseJson, stringifyJson, type Json } from "../../../src/cper/json/reader.js";
import { compareLeaves } from "../oracle/libcper-oracle.js";
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


/** libcper's leaves of section i that ours lacks or disagrees with (libcper's documented defects excluded). */
function leafMismatches(i: number, codec: LibcperCodec<unknown>, ours: unknown, oracle: Record<string, unknown>): unknown[] {
  const wrap = (x: unknown): Json => ({ sections: [...Array<Json>(i).fill({}), { [codec.libcperKey]: x as Json }] });
  const exact = (parseJson(stringifyJson(ours)) as { value: Json }).value;
  return compareLeaves(wrap(exact), wrap(oracle[codec.libcperKey]));
}

const byGuid = new Map(BUILTIN_SECTIONS.map((c) => [c.guid, c as LibcperCodec<unknown>]));

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
        it(`section ${i} (${codec.key}) JSON has every libcper leaf, equal`, () => {
          const r = codec.decode(s.body, DEFAULT_SECTION_OPTIONS);
          if (!r.ok) throw new Error("decode failed");
          expect(leafMismatches(i, codec, withoutExtras(codec.toJson(r.value, DEFAULT_SECTION_OPTIONS)), oracle)).to.deep.equal([]);
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
          expect(leafMismatches(i, codec, codec.toLibcperJson(again.value, DEFAULT_SECTION_OPTIONS), oracle)).to.deep.equal([]);
        });
      });
    });
  }
});
