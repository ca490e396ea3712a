// Framings and tolerant decoding, on records built by our own encoder (no ../shared needed).
import { expect } from "chai";
import { decode, iterate, encode, finalizeRecord, finalizeEstatus, decodeEstatus, decodeRecord, detectFraming, looksLikeEstatus, toJson, toJsonText, fromJson, stringifyJson, parseJson, registerSection, codecFor, isKnownSection, registeredSections, type CperRecord, type Estatus, type CperTree } from "../../src/cper/index.js";
import { codecByKey } from "../../src/cper/registry.js";
import { timestampFromIso } from "../../src/cper/layouts/timestamp.js";
import { ok } from "../../src/layout/result.js";

const Z = "00000000-0000-0000-0000-000000000000";
const UNKNOWN_GUID = "01234567-89ab-cdef-0123-456789abcdef";
const MEMORY = "a5bc1114-6f64-4ede-b863-3e83ed7c83b1";

function memValue(pa: bigint) {
  const fields = { ValidationBits: 0x4002n, ErrorStatus: 0n, PhysicalAddress: pa, PhysicalAddressMask: 0n, Node: 0, Card: 0, Module: 0, Bank: 0, Device: 0, Row: 0, Column: 0, BitPosition: 0, RequestorId: 0n, ResponderId: 0n, TargetId: 0n, MemoryErrorType: 2, Extended: 0, RankNumber: 0, CardHandle: 0, ModuleHandle: 0 };
  return { fields, trailing: new Uint8Array(0) };
}

export function sampleRecord(): CperRecord {
  const descriptor = (type: string) => ({ SectionOffset: 0, SectionLength: 0, Revision: 0x300, SecValidMask: 0, Reserved: 0, Flags: 1, SectionType: type, FruId: Z, SectionSeverity: 2, FruString: "" });
  const tree: CperRecord = {
    framing: "record",
    header: {
      SignatureStart: "CPER", Revision: 0x0101, SignatureEnd: 0xffffffff, SectionCount: 0, ErrorSeverity: 2, ValidationBits: 2, RecordLength: 0,
      TimeStamp: timestampFromIso("2025-01-02T03:04:05+00:00", true)!, PlatformID: Z, PartitionID: Z, CreatorID: Z, NotificationType: Z,
      RecordID: 7n, Flags: 0, PersistenceInformation: 0n, Reserved: new Uint8Array(12),
    },
    sections: [
      { descriptor: descriptor(MEMORY), section: { guid: MEMORY, codec: "memory", value: memValue(0x1234_5000n) } },
      { descriptor: descriptor(UNKNOWN_GUID), section: { guid: UNKNOWN_GUID, codec: "unknown", value: { bytes: Uint8Array.of(1, 2, 3) } } },
    ],
    extra: [],
  };
  return finalizeRecord(tree);
}

export function sampleEstatus(): Estatus {
  const rec = sampleRecord();
  return finalizeEstatus({
    framing: "estatus",
    block: { BlockStatus: 2, RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: 2 },
    entries: rec.sections.map((s, i) => ({
      entry: { SectionType: s.section.guid, ErrorSeverity: 2, Revision: i === 0 ? 0x300 : 0x201, ValidationBits: i === 0 ? 4 : 0, Flags: 0, ErrorDataLength: 0, FruId: Z, FruText: "", ...(i === 0 ? { TimeStamp: rec.header.TimeStamp } : {}) },
      section: s.section,
    })),
    extra: [],
  });
}

const u32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
const u16 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(at, v, true);

describe("cper/framing: records", () => {
  const bytes = encode(sampleRecord());
  it("finalize computes SectionCount, offsets, lengths and RecordLength (UEFI N.2.1/N.2.2)", () => {
    expect(bytes.length).to.equal(128 + 2 * 72 + 80 + 3);
    const dv = new DataView(bytes.buffer);
    expect(dv.getUint16(10, true)).to.equal(2);
    expect(dv.getUint32(20, true)).to.equal(bytes.length);
    expect(dv.getUint32(128, true)).to.equal(272);
    expect(dv.getUint32(132, true)).to.equal(80);
    expect(dv.getUint32(200, true)).to.equal(352);
    expect(dv.getUint32(204, true)).to.equal(3);
  });
  it("decodes clean and re-encodes byte for byte; JSON round trip too", () => {
    const r = decode(bytes);
    expect(r.ok && r.warnings).to.deep.equal([]);
    if (!r.ok) return;
    expect(r.value.tree.framing).to.equal("record");
    expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(bytes))).to.equal(true);
    const j = parseJson(stringifyJson(toJson(r.value.tree)));
    const t = j.ok ? fromJson(j.value) : undefined;
    expect(t?.ok && Buffer.from(encode(t.value)).equals(Buffer.from(bytes))).to.equal(true);
  });
  it("auto-detects by the CPER signature", () => {
    expect(detectFraming(bytes)).to.equal("record");
    expect(detectFraming(new Uint8Array(200))).to.equal(undefined);
    expect(detectFraming(new Uint8Array(200), 0, MEMORY)).to.equal("section");
  });
  it("RecordLength larger than the input: warning, record truncated, bytes kept", () => {
    const cut = bytes.slice(0, bytes.length - 2);
    const r = decode(cut);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.code)).to.include.members(["record-length", "section-length"]);
    expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(cut))).to.equal(true);
  });
  it("RecordLength smaller than the header: warning, the whole input is the record", () => {
    const b = bytes.slice();
    u32(b, 20, 0);
    const r = decode(b);
    expect(r.ok && r.warnings.some((w) => w.code === "record-length" && w.offset === 20)).to.equal(true);
    if (r.ok) expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(b))).to.equal(true);
  });
  it("SectionCount larger than the descriptors that fit: warning naming the field and offset 10", () => {
    const b = bytes.slice();
    u16(b, 10, 60000);
    const r = decode(b);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const w = r.warnings.find((x) => x.code === "section-count")!;
    expect(w.field).to.equal("RecordHeader.SectionCount");
    expect(w.offset).to.equal(10);
    expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(b))).to.equal(true);
  });
  it("SectionOffset beyond the record: empty body, warning; gap bytes kept as extra", () => {
    const b = bytes.slice();
    u32(b, 200, 100000);
    const r = decode(b);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.code)).to.include("section-offset");
    const t = r.value.tree as CperRecord;
    expect(t.extra.map((x) => [x.offset, x.bytes.length])).to.deep.equal([[352, 3]]);
    expect(Buffer.from(encode(t)).equals(Buffer.from(b))).to.equal(true);
    const j = parseJson(stringifyJson(toJson(t)));
    const back = j.ok ? fromJson(j.value) : undefined;
    expect(back?.ok && Buffer.from(encode(back.value)).equals(Buffer.from(b))).to.equal(true);
  });
  it("bad SignatureEnd, unknown severity, revision 0x0210 and a binary timestamp are warnings", () => {
    const b = bytes.slice();
    u32(b, 6, 0);
    u32(b, 12, 9);
    u16(b, 4, 0x0210);
    b.set([0x3b, 0x3b, 0x17, 0, 0x1f, 0x0c, 0x18, 0x14], 24);
    const r = decode(b);
    expect(r.ok && r.warnings.map((w) => w.code)).to.include.members(["signature-end", "severity", "revision", "binary-timestamp"]);
  });
  it("a bad signature or a short header is a typed error naming field and offset", () => {
    const r = decodeRecord(new Uint8Array(200), 0);
    expect(!r.ok && r.error.field).to.equal("RecordHeader.SignatureStart");
    const s = decodeRecord(bytes.subarray(0, 100), 0);
    expect(!s.ok && s.error.kind).to.equal("truncated");
    const a = decode(new Uint8Array(300).fill(0x55));
    expect(!a.ok && a.error.field).to.equal("framing");
    expect(decode(new Uint8Array()).ok).to.equal(false);
  });
  it("a stream of concatenated records decodes one by one; non-record trailing bytes are an error at their offset", () => {
    const two = new Uint8Array(bytes.length * 2 + 5);
    two.set(bytes);
    two.set(bytes, bytes.length);
    two.set([1, 2, 3, 4, 5], bytes.length * 2);
    const items = [...iterate(two)];
    expect(items.length).to.equal(3);
    expect(items[0]!.ok && items[0]!.value.offset).to.equal(0);
    expect(items[1]!.ok && items[1]!.value.offset).to.equal(bytes.length);
    expect(!items[2]!.ok && items[2]!.error.offset).to.equal(bytes.length * 2);
    // forced framing: records only after the first
    expect([...iterate(two.subarray(0, bytes.length * 2), { framing: "record", armType: "uefi" })].every((r) => r.ok)).to.equal(true);
  });
});

describe("cper/framing: a descriptor's FRU text in JSON", () => {
  // libcper prints fruText only when it is non-empty printable ASCII (up to a NUL); one-line text
  // prints it unescaped when it can, the tree and indented text from the same call; the bytes stay.
  const cases: [string, string | undefined][] = [
    ["CPU0 cluster 1", "CPU0 cluster 1"],
    ['say "hi" \\ there', 'say "hi" \\ there'],
    ["back\\slash only", "back\\slash only"],
    ["cut\u0000after", "cut"],
    ["tab\there", undefined],
    ["high\u00e9", undefined],
    ["\u0000lead", undefined],
  ];
  for (const [fru, printed] of cases) {
    it(`${JSON.stringify(fru)}: fruText ${printed === undefined ? "left out" : JSON.stringify(printed)}; text == tree; bytes round-trip`, () => {
      const rec = sampleRecord();
      const d = { ...rec.sections[0]!.descriptor, SecValidMask: 2, FruString: fru };
      const tree = finalizeRecord({ ...rec, sections: [{ ...rec.sections[0]!, descriptor: d }, rec.sections[1]!] });
      const bytes = encode(tree);
      const r = decode(bytes);
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      // twice: the second time from the kept answer
      for (let k = 0; k < 2; k++) {
        const j = toJson(r.value.tree) as { sectionDescriptors: { fruText?: string }[] };
        expect(j.sectionDescriptors[0]!.fruText).to.equal(printed);
        expect(toJsonText(r.value.tree, undefined, 0)).to.equal(stringifyJson(j, 0));
        expect(toJsonText(r.value.tree, undefined, 2)).to.equal(stringifyJson(j, 2));
        const p = parseJson(toJsonText(r.value.tree, undefined, 0));
        const back = p.ok ? fromJson(p.value) : undefined;
        expect(back?.ok && Buffer.from(encode(back.value)).equals(Buffer.from(bytes))).to.equal(true);
      }
    });
  }
});

describe("cper/framing: Generic Error Status Blocks (ACPI 6.5 18.3.2.7.1)", () => {
  const bytes = encode(sampleEstatus());
  it("finalize computes DataLength, ErrorDataLength and the entry count; v3 entries are 72 bytes", () => {
    const dv = new DataView(bytes.buffer);
    expect(dv.getUint32(12, true)).to.equal(72 + 80 + 64 + 3);
    expect((dv.getUint32(0, true) >> 4) & 0x3ff).to.equal(2);
    expect(dv.getUint32(20 + 24, true)).to.equal(80);
    expect(bytes.length).to.equal(20 + 72 + 80 + 64 + 3);
  });
  it("auto-detected, decoded clean, re-encoded byte for byte", () => {
    expect(looksLikeEstatus(bytes)).to.equal(true);
    const r = decode(bytes);
    expect(r.ok && r.value.tree.framing).to.equal("estatus");
    expect(r.ok && r.warnings).to.deep.equal([]);
    if (r.ok) expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(bytes))).to.equal(true);
  });
  it("zero padding after the block (a GHES buffer) is fine; non-zero trailing bytes are reported", () => {
    const padded = new Uint8Array(bytes.length + 64);
    padded.set(bytes);
    expect([...iterate(padded)].length).to.equal(1);
    padded[padded.length - 1] = 1;
    const items = [...iterate(padded)];
    expect(items.length).to.equal(2);
    expect(!items[1]!.ok && items[1]!.error.offset).to.equal(bytes.length);
  });
  it("raw data after the entries is kept (RawDataOffset/Length) and JSON round trips", () => {
    const t = sampleEstatus();
    const withRaw = finalizeEstatus({ ...t, rawData: Uint8Array.of(9, 8, 7) });
    const b = encode(withRaw);
    const r = decodeEstatus(b);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect([...(r.value.tree as Estatus).rawData!]).to.deep.equal([9, 8, 7]);
    const j = parseJson(stringifyJson(toJson(r.value.tree)));
    const back = j.ok ? fromJson(j.value) : undefined;
    expect(back?.ok && Buffer.from(encode(back.value)).equals(Buffer.from(b))).to.equal(true);
  });
  it("ErrorDataLength past DataLength, entry count mismatch, short tail: warnings, bytes kept", () => {
    const b = bytes.slice();
    u32(b, 20 + 24, 5000);
    const r = decodeEstatus(b);
    expect(r.ok && r.warnings.map((w) => w.code)).to.include.members(["error-data-length", "entry-count"]);
    if (r.ok) expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(b))).to.equal(true);
    const c = bytes.slice();
    u32(c, 12, 72 + 80 + 10);
    const r2 = decodeEstatus(c);
    expect(r2.ok && r2.warnings.map((w) => w.code)).to.include("entry-truncated");
    if (r2.ok) expect(Buffer.from(encode(r2.value.tree)).equals(Buffer.from(c.subarray(0, r2.value.length)))).to.equal(true);
    expect(r2.ok && r2.value.length).to.equal(20 + 72 + 80 + 10);
    const d = bytes.slice();
    u32(d, 12, 1 << 30);
    const r3 = decodeEstatus(d);
    expect(r3.ok && r3.warnings.map((w) => w.code)).to.include("data-length");
    expect(decodeEstatus(new Uint8Array(10)).ok).to.equal(false);
  });
});

describe("cper/framing: bare sections and the registry", () => {
  it("a bare section needs a GUID; unknown GUIDs keep their bytes", () => {
    expect(decode(Uint8Array.of(1, 2), { framing: "section" }).ok).to.equal(false);
    expect(decode(Uint8Array.of(1, 2), { framing: "section", sectionType: "nope" }).ok).to.equal(false);
    const r = decode(Uint8Array.of(1, 2), { framing: "section", sectionType: UNKNOWN_GUID.toUpperCase() });
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const j = toJson(r.value.tree) as any;
    expect(j).to.deep.equal({ sectionType: { data: UNKNOWN_GUID, type: "Unknown" }, section: { Unknown: { data: "AQI=" } } });
    const back = fromJson(j);
    expect(back.ok && [...encode(back.value)]).to.deep.equal([1, 2]);
  });
  it("with a section type given, auto framing reads a status-block-shaped body as a bare section", () => {
    const est = encode(sampleEstatus());
    expect(decode(est).ok && (decode(est) as any).value.tree.framing).to.equal("estatus");
    const r = decode(est, { sectionType: UNKNOWN_GUID });
    expect(r.ok && r.value.tree.framing).to.equal("section");
  });
  it("a codec that rejects its body falls back to raw bytes with a warning (never loses data)", () => {
    const r = decode(new Uint8Array(10), { framing: "section", sectionType: "e19e3d16-bc11-11e4-9caa-c2051d5d46b0" });
    expect(r.ok && r.value.tree.framing === "section" && r.value.tree.section.codec).to.equal("unknown");
    expect(r.ok && r.warnings[0]!.code).to.equal("section-undecodable");
    if (r.ok) expect(encode(r.value.tree).length).to.equal(10);
  });
  it("a codec that throws is contained", () => {
    const guid = "feedface-0000-0000-0000-000000000001";
    registerSection({ key: "throws", guid, name: "t", libcperKey: "T", libcperTypeName: "T", decode: () => { throw new Error("bad"); }, encode: () => new Uint8Array(), toJson: () => ({}), fromJson: () => ok({}) });
    const r = decode(Uint8Array.of(1), { framing: "section", sectionType: guid });
    expect(r.ok && r.warnings[0]!.message).to.match(/codec threw: bad/);
  });
  it("the one-line text of a section type follows a codec registered after it was printed", () => {
    const guid = "feedface-0000-0000-0000-000000000002";
    const rec = sampleRecord();
    const tree: CperRecord = { ...rec, sections: [{ ...rec.sections[1]!, descriptor: { ...rec.sections[1]!.descriptor, SectionType: guid }, section: { guid, codec: "unknown", value: { bytes: Uint8Array.of(1) } } }] };
    expect(toJsonText(tree, undefined, 0)).to.contain(`"sectionType":{"data":"${guid}","type":"Unknown"}`);
    registerSection({ key: "late", guid, name: "Late", libcperKey: "Late", libcperTypeName: "Late \"quoted\" type", decode: () => ok({}), encode: () => new Uint8Array(), toJson: () => ({}), fromJson: () => ok({}) });
    const text = toJsonText(tree, undefined, 0);
    expect(text).to.contain(`"sectionType":{"data":"${guid}","type":"Late \\"quoted\\" type"}`);
    expect(text).to.equal(stringifyJson(toJson(tree), 0));
  });
  it("registry lookups", () => {
    expect(isKnownSection(MEMORY.toUpperCase())).to.equal(true);
    expect(codecFor(UNKNOWN_GUID).key).to.equal("unknown");
    expect(codecByKey("arm")?.libcperKey).to.equal("ArmProcessor");
    expect(registeredSections().length).to.be.greaterThan(5);
  });
  it("fromJson: per-section headers and sections must pair up, in both framings", () => {
    const rec = fromJson({ header: {}, sectionDescriptors: [{ sectionType: { data: MEMORY } }], sections: [] });
    expect(rec.ok).to.equal(false);
    if (!rec.ok) expect([rec.error.field, rec.error.message]).to.deep.equal(["$.sections", "0 section(s) but 1 descriptor(s)"]);
    const est = fromJson({ genericErrorStatus: { blockStatus: {} }, errorDataEntries: [], sections: [{ Unknown: { data: "AA==" } }] });
    expect(est.ok).to.equal(false);
    if (!est.ok) expect([est.error.field, est.error.message]).to.deep.equal(["$.sections", "1 section(s) but 0 entr(ies)"]);
  });
  it("fromJson errors name the JSON path", () => {
    const cases: [unknown, string][] = [
      [{}, "$"],
      [{ header: {}, sectionDescriptors: [], sections: [{}] }, "$.sections"],
      [{ header: { timestamp: "yesterday" }, sectionDescriptors: [], sections: [] }, "$.header.timestamp"],
      [{ header: {}, sectionDescriptors: [{ sectionType: { data: MEMORY } }], sections: [{ Nope: {} }] }, "$.sections[0].Nope"],
      [{ header: {}, sectionDescriptors: [{ sectionType: { data: MEMORY } }], sections: [{ message: "x" }] }, "$.sections[0]"],
      [{ header: {}, sectionDescriptors: [{ sectionType: { data: MEMORY } }], sections: [{ Unknown: { data: 5 } }] }, "$.sections[0].Unknown"],
      [{ header: { _armras: { patch: [{ offset: 127, hex: "0000" }] } }, sectionDescriptors: [], sections: [] }, "$.header._armras.patch[0]"],
      [{ genericErrorStatus: { blockStatus: {} }, errorDataEntries: [{}], sections: [] }, "$.sections"],
    ];
    for (const [j, path] of cases) {
      const r = fromJson(j);
      expect(r.ok, JSON.stringify(j)).to.equal(false);
      if (!r.ok) expect(r.error.field, JSON.stringify(j)).to.equal(path);
    }
  });
  it("hand-written minimal JSON: defaults for everything not given", () => {
    const r = fromJson({ header: {}, sectionDescriptors: [{ sectionType: { data: UNKNOWN_GUID } }], sections: [{ Unknown: { data: "AA==" } }] });
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const t = finalizeRecord(r.value as CperRecord);
    const d = decode(encode(t as CperTree));
    expect(d.ok && d.warnings.length).to.equal(0);
  });
});
