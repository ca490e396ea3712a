// cper lint: each finding has offset, field, message and spec clause.
import { expect } from "chai";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lint, encode, finalizeRecord, decode, iterate, toJsonText, type CperRecord } from "../../src/cper/index.js";
import { fixturePath, describeShared } from "../helpers.js";
import { corpusBytes } from "./corpus-util.js";
import { streamRecords } from "../../src/cper/stream.js";
import { DEFAULT_DECODE_OPTIONS } from "../../src/cper/model.js";

const fx = (n: string) => new Uint8Array(readFileSync(fixturePath("cper", n)));
const w32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);

describe("cper/lint", () => {
  it("a clean record and a clean status block have no findings", () => {
    expect(lint(fx("multi-record.bin"))).to.deep.equal([]);
    expect(lint(fx("arm-ghes.bin"))).to.deep.equal([]);
  });
  it("record-level violations: reserved bits, bad BCD, unknown severity, lengths, overlaps, duplicates", () => {
    const b = fx("multi-record.bin");
    w32(b, 16, 0x0f); // ValidationBits reserved bit 3
    w32(b, 104, 0x11); // Flags reserved bit
    b[116] = 1; // Reserved
    b[24] = 0x7a; // Seconds not BCD
    b[128 + 48] = 7; // SectionSeverity of descriptor 0
    b[128 + 11] = 1; // descriptor Reserved
    b[128 + 10] = 0x07; // SecValidMask reserved bit
    w32(b, 128 + 12, 0x100); // descriptor flags reserved bit
    const d1 = 128 + 72;
    w32(b, d1, new DataView(b.buffer).getUint32(128, true)); // descriptor 1 starts where 0 does: overlap
    w32(b, 20, b.length + 0); // RecordLength unchanged
    const f = lint(b);
    const fields = f.map((x) => x.field);
    expect(fields).to.include.members([
      "RecordHeader.ValidationBits",
      "RecordHeader.Flags",
      "RecordHeader.Reserved",
      "RecordHeader.TimeStamp.Seconds",
      "SectionDescriptor[0].SectionSeverity",
      "SectionDescriptor[0].Reserved",
      "SectionDescriptor[0].SecValidMask",
      "SectionDescriptor[0].Flags",
      "SectionDescriptor[1].SectionOffset",
    ]);
    const bcd = f.find((x) => x.field === "RecordHeader.TimeStamp.Seconds")!;
    expect(bcd.offset).to.equal(24);
    expect(bcd.spec).to.equal("UEFI 2.10 N.2.1 Table N-2");
    expect(f.find((x) => x.field === "SectionDescriptor[1].SectionOffset")!.message).to.match(/overlaps section 0/);
  });
  it("RecordLength and SectionCount that disagree with the structures", () => {
    const b = fx("multi-record.bin");
    w32(b, 20, b.length - 1);
    const f = lint(b);
    expect(f.some((x) => x.field === "RecordHeader.RecordLength" && x.offset === 20)).to.equal(true);
    const c = fx("multi-record.bin");
    new DataView(c.buffer).setUint16(10, 5, true);
    // the sixth descriptor and its section are now bytes that belong to nothing
    expect(lint(c).some((x) => x.field === "Record" && x.offset === 128 + 5 * 72)).to.equal(true);
  });
  it("duplicate descriptors and a section inside the descriptor area", () => {
    const r = decode(fx("multi-record.bin"));
    if (!r.ok) throw new Error("decode");
    const t = r.value.tree as CperRecord;
    const dup: CperRecord = { ...t, sections: [t.sections[0]!, t.sections[0]!] };
    const b = encode({ ...dup, header: { ...dup.header, SectionCount: 2 } });
    const f = lint(b);
    expect(f.some((x) => x.message.startsWith("duplicate of descriptor 0"))).to.equal(true);
    const inside = fx("multi-record.bin");
    w32(inside, 128, 300);
    expect(lint(inside).some((x) => /inside the header\/descriptors/.test(x.message))).to.equal(true);
  });
  it("status block: DataLength not the sum of the entries, ErrorDataLength, timestamps, reserved bits", () => {
    const b = fx("arm-ghes.bin");
    w32(b, 0, new DataView(b.buffer).getUint32(0, true) | 0x8000_0000);
    b[20 + 22] = b[20 + 22]! | 0x08; // GEDE ValidationBits reserved bit
    b[20 + 64] = 0xaa; // TimeStamp.Seconds not BCD
    const f = lint(b);
    expect(f.map((x) => x.field)).to.include.members(["GenericErrorStatus.BlockStatus", "GenericErrorDataEntry[0].ValidationBits", "GenericErrorDataEntry[0].TimeStamp.Seconds"]);
    const c = fx("arm-ghes.bin");
    w32(c, 12, new DataView(c.buffer).getUint32(12, true) + 8);
    const g = new Uint8Array(c.length + 8);
    g.set(c);
    expect(lint(g).some((x) => x.field === "GenericErrorStatus.DataLength" && /cper_estatus_check/.test(x.message))).to.equal(true);
  });
  it("section-level findings carry the absolute offset (ARM, memory, memory 2, generic, Ampere, Arm RAS)", () => {
    const r = decode(fx("arm-ghes.bin"));
    if (!r.ok) throw new Error("decode");
    const b = fx("arm-ghes.bin");
    const body = 20 + 72;
    w32(b, body + 8, 1000); // ARM SectionLength
    b[body + 13] = 1; // reserved after ErrorAffinityLevel
    b[body + 40 + 4] = 0x00; // Type 0: legacy-looking
    b[body + 40 + 32 + 4] = 0x21; // reserved Type bit
    b[body + 40 + 1] = 16; // Length
    const f = lint(b);
    expect(f.find((x) => x.field === "Section[0].ArmProcessorError.SectionLength")!.offset).to.equal(body + 8);
    expect(f.some((x) => x.field === "Section[0].ErrorInformation[0].Type" && /legacy/.test(x.message))).to.equal(true);
    expect(f.some((x) => x.field === "Section[0].ErrorInformation[1].Type" && /reserved Type bits/.test(x.message))).to.equal(true);
    expect(f.some((x) => x.field === "Section[0].ErrorInformation[0].Length")).to.equal(true);
    expect(f.some((x) => x.field === "Section[0].ArmProcessorError.Reserved")).to.equal(true);
    const m = lint(fx("memory-73.bin"));
    expect(m.some((x) => x.offset === 200 && /73-byte/.test(x.message))).to.equal(true);
  });
});

describe("cper/lint: sections of the multi-record fixture with violations", () => {
  it("memory validation bits beyond a 73-byte structure; reserved bits in memory 2, generic; Ampere size; Arm RAS revision", () => {
    const r = decode(fx("multi-record.bin"));
    if (!r.ok) throw new Error("decode");
    const t = r.value.tree as CperRecord;
    const [mem, mem2, gen, ras, amp] = t.sections as [any, any, any, any, any];
    const bad: CperRecord = finalizeRecord({
      ...t,
      sections: [
        { ...mem, section: { ...mem.section, value: { fields: { ...mem.section.value.fields, ValidationBits: 0x1fffffffn, MemoryErrorType: 99 }, trailing: new Uint8Array(0), length: 73 } } },
        { ...mem2, section: { ...mem2.section, value: { ...mem2.section.value, fields: { ...mem2.section.value.fields, ValidationBits: 1n << 40n, Reserved: Uint8Array.of(1) } } } },
        { ...gen, section: { ...gen.section, value: { ...gen.section.value, fields: { ...gen.section.value.fields, ValidationBits: 1n << 20n, Reserved: Uint8Array.of(0, 1) } } } },
        { ...ras, section: { ...ras.section, value: { ...ras.section.value, fields: { ...ras.section.value.fields, Revision: 2 } } } },
        { ...amp, section: { ...amp.section, value: { ...amp.section.value, trailing: Uint8Array.of(1) } } },
      ],
    });
    const f = lint(encode(bad));
    const msgs = f.map((x) => `${x.field}: ${x.message}`);
    expect(msgs.some((m) => /PlatformMemoryError.ValidationBits: valid(ation)? bits set for fields beyond/.test(m))).to.equal(true);
    expect(msgs.some((m) => /PlatformMemoryError.MemoryErrorType/.test(m))).to.equal(true);
    expect(msgs.some((m) => /PlatformMemoryError2.Reserved/.test(m))).to.equal(true);
    expect(msgs.some((m) => /PlatformMemoryError2.ValidationBits/.test(m))).to.equal(true);
    expect(msgs.some((m) => /ProcessorGenericError.Reserved/.test(m))).to.equal(true);
    expect(msgs.some((m) => /ProcessorGenericError.ValidationBits/.test(m))).to.equal(true);
    expect(msgs.some((m) => /ArmRasNode.Revision/.test(m))).to.equal(true);
    expect(msgs.some((m) => /AmperePayload0: Ampere payload is 49 bytes/.test(m))).to.equal(true);
  });
});

describeShared("cper/lint: corpus", () => {
  it("WHEA memory record: revision, binary timestamp (not BCD), 77-byte section", () => {
    const f = lint(corpusBytes("record", "whea_ErrorMemory1.bin"));
    expect(f.map((x) => x.field)).to.include.members(["RecordHeader.Revision", "RecordHeader.TimeStamp", "RecordHeader.TimeStamp.Seconds", "Section[0].PlatformMemoryError"]);
  });
});

describe("cli: streaming a big file of concatenated records (constant memory path)", () => {
  it("gives what decoding the whole file gives (offsets, lengths, warnings at file offsets, JSON), across 1 MiB chunk boundaries", () => {
    const dir = mkdtempSync(join(tmpdir(), "armras-"));
    try {
      // stream.bin holds a clean record and one with warnings (revision 0x0210, 73-byte memory section);
      // 900 copies (~1.3 MiB) put records across the first chunk boundary, then garbage ends the stream.
      const unit = fx("stream.bin");
      const buf = new Uint8Array(unit.length * 900 + 7);
      for (let i = 0; i < 900; i++) buf.set(unit, i * unit.length);
      buf.set([1, 2, 3, 4, 5, 6, 7], unit.length * 900);
      const p = join(dir, "big.bin");
      writeFileSync(p, buf);
      const streamed = [...streamRecords(p, DEFAULT_DECODE_OPTIONS)];
      const whole = [...iterate(buf, DEFAULT_DECODE_OPTIONS)];
      expect(streamed.length).to.equal(1801);
      expect(whole.length).to.equal(streamed.length);
      for (let i = 0; i < whole.length; i++) {
        const a = streamed[i]!;
        const b = whole[i]!;
        expect(a.ok, `item ${i}`).to.equal(b.ok);
        expect(a.warnings.map((w) => [w.code, w.offset]), `item ${i} warnings`).to.deep.equal(b.warnings.map((w) => [w.code, w.offset]));
        if (a.ok && b.ok) {
          expect([a.value.offset, a.value.length]).to.deep.equal([b.value.offset, b.value.length]);
          expect(toJsonText(a.value.tree, undefined, 0)).to.equal(toJsonText(b.value.tree, undefined, 0));
        } else if (!a.ok && !b.ok) expect(a.error.offset).to.equal(b.error.offset);
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
  it("a record whose RecordLength is below 128 reads 128 bytes, as a record read alone would", () => {
    const dir = mkdtempSync(join(tmpdir(), "armras-"));
    try {
      const a = fx("multi-record.bin");
      const bad = a.slice();
      new DataView(bad.buffer).setUint32(20, 16, true);
      const buf = new Uint8Array(a.length + bad.length);
      buf.set(a, 0);
      buf.set(bad, a.length);
      const p = join(dir, "s.bin");
      writeFileSync(p, buf);
      const items = [...streamRecords(p, DEFAULT_DECODE_OPTIONS)];
      expect(items[1]!.ok && items[1]!.value.length).to.equal(128);
      expect(items[1]!.warnings.some((w) => w.code === "record-length" && w.offset === a.length + 20)).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
  it("reads one record at a time and stops at trailing garbage with its offset", () => {
    const dir = mkdtempSync(join(tmpdir(), "armras-"));
    try {
      const a = fx("multi-record.bin");
      const buf = new Uint8Array(a.length * 3 + 10);
      for (let i = 0; i < 3; i++) buf.set(a, i * a.length);
      const p = join(dir, "s.bin");
      writeFileSync(p, buf);
      const items = [...streamRecords(p, DEFAULT_DECODE_OPTIONS)];
      expect(items.length).to.equal(4);
      expect(items.slice(0, 3).every((r) => r.ok)).to.equal(true);
      expect(items[2]!.ok && items[2]!.value.offset).to.equal(2 * a.length);
      expect(!items[3]!.ok && items[3]!.error.offset).to.equal(3 * a.length);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
