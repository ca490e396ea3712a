// Every libcper example in the corpus: every leaf of its .libcper.json is in our JSON (apart
// from libcper's documented defects, each asserted on its own), our JSON encodes back to the
// identical .bin, and libcper's own JSON encodes to bytes that decode back to every libcper leaf.
import { expect } from "chai";
import { decode, encode, fromJson, toJson, parseJson, stringifyJson, type CperRecord } from "../../src/cper/index.js";
import type { Json } from "../../src/cper/json/reader.js";
import { describeShared } from "../helpers.js";
import { corpusBytes, corpusFiles, corpusJson, stripExtras } from "./corpus-util.js";
import { compareLeaves } from "./oracle/libcper-oracle.js";

describeShared("cper: libcper examples (../shared/corpus/cper/record/*.libcper.json)", () => {
  // The comparison libcper's oracle README states (test/cper/oracle/libcper-oracle.ts): every libcper
  // leaf present in our JSON with the same value and JSON type, extra keys of ours allowed, libcper's
  // documented defects excluded here and asserted on their own (libcper-defects.test.ts).
  for (const f of corpusFiles("record", ".libcper.json")) {
    const name = f.replace(".libcper.json", "");
    describe(name, () => {
      const bytes = corpusBytes("record", `${name}.bin`);
      const oracle = corpusJson("record", f);
      // libcper's reading of the ARM Type byte, so its names compare equal (deviation 1 below).
      const r = decode(bytes, { armType: "libcper" });
      it("decodes as one record", () => {
        expect(r.ok, r.ok ? "" : r.error.message).to.equal(true);
      });
      if (!r.ok) return;
      const tree = r.value.tree as CperRecord;
      const text = stringifyJson(toJson(tree, { armType: "libcper" }));
      const ours = (parseJson(text) as { value: Json }).value;
      it("every libcper leaf is in our JSON, equal", () => {
        expect(compareLeaves(ours, oracle)).to.deep.equal([]);
      });
      it("our JSON (text, with _armras extras) encodes back to the identical bytes", () => {
        const j = parseJson(text);
        expect(j.ok).to.equal(true);
        if (!j.ok) return;
        const t = fromJson(j.value);
        expect(t.ok, t.ok ? "" : `${t.error.field}: ${t.error.message}`).to.equal(true);
        if (t.ok) expect(Buffer.from(encode(t.value)).equals(Buffer.from(bytes.subarray(0, r.value.length)))).to.equal(true);
      });
      it("libcper's own JSON (no _armras) encodes to bytes whose JSON keeps every libcper leaf", () => {
        const t = fromJson(oracle);
        expect(t.ok, t.ok ? "" : `${t.error.field}: ${t.error.message}`).to.equal(true);
        if (!t.ok) return;
        const again = decode(encode(t.value), { armType: "libcper" });
        expect(again.ok).to.equal(true);
        if (!again.ok) return;
        const j = (parseJson(stringifyJson(toJson(again.value.tree, { armType: "libcper" }))) as { value: Json }).value;
        expect(compareLeaves(j, oracle)).to.deep.equal([]);
      });
      it("encode(decode(bytes)) is the identical bytes", () => {
        expect(Buffer.from(encode(tree)).equals(Buffer.from(bytes))).to.equal(true);
      });
    });
  }

  describe("deviations from libcper (each a documented choice)", () => {
    it("1. ARM Type byte 0x02 reads as a cache error per UEFI 2.9A (libcper: TLB Error)", () => {
      const bytes = corpusBytes("record", "libcper_arm.bin");
      const oracle = corpusJson("record", "libcper_arm.libcper.json");
      const r = decode(bytes);
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      const j = stripExtras(toJson(r.value.tree)) as any;
      const e0 = j.sections[0].ArmProcessor.errorInfo[0];
      expect(oracle.sections[0].ArmProcessor.errorInfo[0].errorType).to.deep.equal({ value: 2, name: "TLB Error" });
      expect(e0.errorType).to.deep.equal({ value: 2, name: "Cache Error" });
      expect(Object.keys(e0.errorInformation)).to.deep.equal(["cacheError"]);
      // Value 1 (bit 0) is reserved in UEFI 2.9A: libcper says Cache Error, we say reserved.
      expect(j.sections[0].ArmProcessor.errorInfo[1].errorType).to.deep.equal({ value: 1, name: "Unknown (Reserved)" });
      expect(j.sections[0].message).to.match(/\{Cache Error Physical Addr=0x56B4ECD1926987CE, Unknown \(Reserved\) Physical Addr=/);
      // and the legacy reading: 2 is a bus error
      const l = decode(bytes, { armType: "legacy" });
      expect(l.ok && (stripExtras(toJson(l.value.tree, { armType: "legacy" })) as any).sections[0].ArmProcessor.errorInfo[0].errorType.name).to.equal("Bus Error");
    });
    it("2. a 77-byte WHEA memory section is decoded as Memory (libcper: Unknown, 'Platform memory section too small')", () => {
      const r = decode(corpusBytes("record", "whea_ErrorMemory1.bin"));
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      const oracle = corpusJson("record", "whea_ErrorMemory1.libcper-derived.json");
      expect(Object.keys(oracle.sections[0])).to.deep.equal(["Unknown"]);
      const j = stripExtras(toJson(r.value.tree)) as any;
      expect(Object.keys(j.sections[0])).to.deep.equal(["message", "Memory"]);
      expect(r.warnings.map((w) => w.code)).to.include("memory-old-layout");
    });
    it("3. the Ampere Altra GUID e8ed898d-… decodes as AmpereAltra (libcper keys Ampere to 2826cc9f-… and prints Unknown)", () => {
      const r = decode(corpusBytes("section", "ampere_altra_aris_src0.section.bin"), { framing: "section", sectionType: "e8ed898d-df16-43cc-8ecc-54f060ef157f" });
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      const j = stripExtras(toJson(r.value.tree)) as any;
      expect(j.section.AmpereAltra.errStatus).to.equal(0xec30000e);
      expect(j.section.AmpereAltra.type).to.deep.equal({ value: 5, name: "GIC" });
    });
  });
});
