// Real Windows WHEA records: decode without error, re-encode byte for byte, and
// agree with the partial DecodeWheaRecord oracles (issues #6, #7) and the test comments.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { decode, encode, renderText, parseJson, type CperRecord } from "../../src/cper/index.js";
import { timestampIsoBinary, looksBinary } from "../../src/cper/layouts/timestamp.js";
import { describeShared, sharedPath } from "../helpers.js";
import { corpusBytes, corpusFiles } from "./corpus-util.js";

function oracleJson(name: string): any {
  const text = readFileSync(sharedPath("corpus", "cper", "record", name), "utf8");
  const body = text.slice(text.indexOf("----\n") + 5);
  // The excerpt is truncated: cut after the last complete section descriptor and close the JSON.
  const cut = body.lastIndexOf("    }");
  const r = parseJson(body.slice(0, cut + 5) + "\n  ]\n}");
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const SEVERITY = ["Recoverable", "Fatal", "Corrected", "Informational"];

describeShared("cper: WHEA records (../shared/corpus/cper/record/whea_*)", () => {
  for (const f of corpusFiles("record", ".bin").filter((x) => x.startsWith("whea_") || x.startsWith("intel-crashlog"))) {
    it(`${f} decodes as one record and re-encodes byte for byte`, () => {
      const b = corpusBytes("record", f);
      const r = decode(b);
      expect(r.ok, r.ok ? "" : r.error.message).to.equal(true);
      if (!r.ok) return;
      expect(r.value.length).to.equal(b.length);
      expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(b))).to.equal(true);
      expect(renderText(r.value.tree).length).to.be.greaterThan(1);
    });
  }
  for (const [rec, ex] of [
    ["whea_ErrorMultiple1", "whea_ErrorMultiple1.decodewhearecord-issue6-excerpt.txt"],
    ["whea_ErrorMultiple2", "whea_ErrorMultiple2.decodewhearecord-issue7-excerpt.txt"],
  ] as const) {
    it(`${rec} agrees with DecodeWheaRecord's header and descriptors (${ex})`, () => {
      const o = oracleJson(ex);
      const r = decode(corpusBytes("record", `${rec}.bin`));
      if (!r.ok) throw new Error(r.error.message);
      const t = r.value.tree as CperRecord;
      const h = t.header;
      expect(`${h.Revision >> 8}.${h.Revision & 0xff}`).to.equal(o.Header.Revision);
      expect(h.SectionCount).to.equal(o.Header.SectionCount);
      expect(SEVERITY[h.ErrorSeverity]).to.equal(o.Header.Severity);
      expect(h.RecordLength).to.equal(o.Header.Length);
      expect(h.RecordID).to.equal(BigInt(o.Header.RecordId));
      expect(h.ValidationBits).to.equal(2); // "Timestamp"
      // DecodeWheaRecord reads the timestamp as binary, d/m/y h:m:s AM/PM.
      expect(looksBinary(h.TimeStamp)).to.equal(true);
      const [d, m, y] = (o.Header.Timestamp as string).split(" ")[0]!.split("/").map(Number) as [number, number, number];
      expect(timestampIsoBinary(h.TimeStamp).slice(0, 10)).to.equal(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
      (o.SectionDescriptor as any[]).forEach((sd, i) => {
        const d2 = t.sections[i]!.descriptor;
        expect(d2.SectionOffset).to.equal(sd.SectionOffset);
        expect(d2.SectionLength).to.equal(sd.SectionLength);
        expect(`${d2.Revision >> 8}.${d2.Revision & 0xff}`).to.equal(sd.Revision);
        expect(SEVERITY[d2.SectionSeverity]).to.equal(sd.SectionSeverity);
        expect(d2.Flags & 1 ? "Primary" : "").to.equal(sd.Flags);
      });
    });
  }
  it("whea_ErrorMultiple1: section kinds as its test comment lists (memory with no valid bits, generic processor, 2 Microsoft sections)", () => {
    const r = decode(corpusBytes("record", "whea_ErrorMultiple1.bin"));
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value.tree as CperRecord;
    expect(t.sections.map((s) => s.section.codec)).to.deep.equal(["memory", "generic", "unknown", "unknown"]);
    expect((t.sections[0]!.section.value as any).fields.ValidationBits).to.equal(0n);
  });
  it("whea_ErrorMemory1: the 77-byte memory section ('4 padding bytes') decodes with the old-layout warning", () => {
    const r = decode(corpusBytes("record", "whea_ErrorMemory1.bin"));
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value.tree as CperRecord;
    expect(t.sections[0]!.descriptor.SectionLength).to.equal(77);
    expect(t.sections[0]!.section.codec).to.equal("memory");
    expect(r.warnings.find((w) => w.code === "memory-old-layout")?.message).to.match(/77-byte.*4 padding/);
  });
  it("whea_ErrorFirmware1: three firmware error records", () => {
    const r = decode(corpusBytes("record", "whea_ErrorFirmware1.bin"));
    if (!r.ok) throw new Error(r.error.message);
    expect((r.value.tree as CperRecord).sections.map((s) => s.section.codec)).to.deep.equal(["firmware", "firmware", "firmware"]);
  });
});
