// fixtures/cper: hand-written JSON trees and the bytes our encoder makes from them
// (fixtures/cper/make.ts regenerates them). The JSON is written from the spec
// tables by hand; the .bin files must stay what the encoder makes of it.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { FIXTURES, build, buildStream } from "../../fixtures/cper/make.js";
import { fixturePath } from "../helpers.js";
import { decode, toJson, renderText, type CperRecord, type Estatus } from "../../src/cper/index.js";

describe("cper/fixtures: our encoder reproduces every fixture", () => {
  for (const n of FIXTURES) {
    it(`${n}.json encodes to ${n}.bin`, () => {
      expect(Buffer.from(build(n)).equals(readFileSync(fixturePath("cper", `${n}.bin`)))).to.equal(true);
    });
  }
  it("stream.bin is multi-record + memory-73 back to back", () => {
    expect(Buffer.from(buildStream()).equals(readFileSync(fixturePath("cper", "stream.bin")))).to.equal(true);
  });
  it("arm-ghes: fields land where the spec puts them (hand-computed)", () => {
    const b = readFileSync(fixturePath("cper", "arm-ghes.bin"));
    // GESB: BlockStatus = CE valid (bit 1) | 1 entry << 4 = 0x12; severity corrected (2)
    expect(b.readUInt32LE(0)).to.equal(0x12);
    expect(b.readUInt32LE(16)).to.equal(2);
    // GEDE rev 0x300, validation = FRU id | FRU text | timestamp = 7, timestamp BCD 2024-02-29 23:59:58, precise
    expect(b.readUInt16LE(20 + 20)).to.equal(0x300);
    expect(b[20 + 22]).to.equal(7);
    expect([...b.subarray(20 + 64, 20 + 72)]).to.deep.equal([0x58, 0x59, 0x23, 1, 0x29, 0x02, 0x24, 0x20]);
    // ARM header: ValidationBits MPIDR|level|running state|vendor info = 15; 3 error infos, 3 contexts
    const arm = 20 + 72;
    expect(b.readUInt32LE(arm)).to.equal(15);
    expect(b.readUInt16LE(arm + 4)).to.equal(3);
    expect(b.readUInt16LE(arm + 6)).to.equal(3);
    // second error info: bus error (Type 0x08), error_info fields per Table N-20
    const e1 = arm + 40 + 32;
    expect(b[e1 + 4]).to.equal(0x08);
    const info = b.readBigUInt64LE(e1 + 8);
    expect((info >> 29n) & 3n).to.equal(1n); // participation type
    expect((info >> 32n) & 3n).to.equal(3n); // address space
    expect((info >> 34n) & 0x1ffn).to.equal(68n); // memory attributes
    expect((info >> 43n) & 1n).to.equal(1n); // access mode
    expect(info & 0xfffn).to.equal(0xfffn); // all 12 validity bits
  });
  it("multi-record decodes to six sections with the codecs the JSON named", () => {
    const r = decode(readFileSync(fixturePath("cper", "multi-record.bin")));
    expect(r.ok && r.warnings).to.deep.equal([]);
    if (!r.ok) return;
    expect((r.value.tree as CperRecord).sections.map((s) => s.section.codec)).to.deep.equal(["memory", "memory2", "generic", "arm-ras", "ampere-altra", "unknown"]);
  });
});

describe("cper/render: plain text for people", () => {
  it("record, status block and bare section", () => {
    const rec = decode(readFileSync(fixturePath("cper", "multi-record.bin")));
    if (!rec.ok) throw new Error("decode");
    const t = renderText(rec.value.tree).join("\n");
    expect(t).to.contain("CPER record, fatal, 6 section(s)");
    expect(t).to.contain("time 2025-11-24T10:20:30+00:00");
    expect(t).to.contain("notification SEA");
    expect(t).to.contain("Platform Memory Error (fatal)");
    expect(t).to.contain("A Multi-bit ECC Memory Error occurred at address 0x0123456789ABCDEF");
    expect(t).to.contain("error status: ERR_MEM");
    expect(t).to.contain("Arm RAS node: ProcessorErrorNode, 1 error record(s)");
    expect(t).to.contain("UE    [29]     1");
    expect(t).to.contain("processor_isa: 4, ARM A64");
    expect(t).to.contain("unrecognised type 01234567-89ab-cdef-0123-456789abcdef");
    const est = decode(readFileSync(fixturePath("cper", "arm-ghes.bin")));
    if (!est.ok) throw new Error("decode");
    const e = renderText(est.value.tree).join("\n");
    expect(e).to.contain("Generic Error Status Block, corrected, 1 entry");
    expect(e).to.contain("error 0: cache error (Type byte 0x02, read as uefi), single error");
    expect(e).to.contain("error 1: bus error (Type byte 0x08, read as uefi), 5 errors");
    expect(e).to.contain("MPIDR_EL1 0x0000000081010101 (Aff3 0, Aff2 1, Aff1 1, Aff0 1)");
    expect(e).to.contain("processor not running, PSCI state 0x3");
    expect(e).to.contain("context: AArch64 EL1 Context Registers, 136 bytes");
    expect(e).to.contain("19 vendor-specific byte(s)");
    const libcper = renderText(est.value.tree, { armType: "libcper" }).join("\n");
    expect(libcper).to.contain("error 0: TLB error (Type byte 0x02, read as libcper)");
    const bare = decode(readFileSync(fixturePath("cper", "ampere-section.bin")), { framing: "section", sectionType: "e8ed898d-df16-43cc-8ecc-54f060ef157f" });
    if (!bare.ok) throw new Error("decode");
    expect(renderText(bare.value.tree)[0]).to.equal("Ampere Altra vendor error section");
    const unk = decode(Uint8Array.of(1), { framing: "section", sectionType: "01234567-89ab-cdef-0123-456789abcdef" });
    if (!unk.ok) throw new Error("decode");
    expect(renderText(unk.value.tree)[0]).to.equal("Unknown section section");
  });
  it("estatus JSON shape (ours): block status flags, entries, sections", () => {
    const est = decode(readFileSync(fixturePath("cper", "arm-ghes.bin")));
    if (!est.ok) throw new Error("decode");
    const j = toJson(est.value.tree) as any;
    expect(j.genericErrorStatus.blockStatus).to.deep.equal({ uncorrectableErrorValid: false, correctableErrorValid: true, multipleUncorrectableErrors: false, multipleCorrectableErrors: false, errorDataEntryCount: 1 });
    expect(j.errorDataEntries[0].timestamp).to.equal("2024-02-29T23:59:58+00:00");
    expect(j.errorDataEntries[0].fruText).to.equal("CPU0 cluster 1");
    // libcper's wording: addresses as 0x%llX, not zero-padded (its generated records' messages show it).
    expect(j.sections[0].message).to.equal("An ARM Processor Error occurred on CPU 0; Error Type(s): {Cache Error at Virtual Addr=0xFFFF800000000000 Physical Addr=0x80001000, Bus Error Physical Addr=0x10000000000, TLB Error}");
    expect((est.value.tree as Estatus).entries.length).to.equal(1);
  });
});

describe("cper encode: a context's registerArraySize never asks for gigabytes of zeros (fuzz seed 20, cper-json input 332399)", () => {
  it("an ARM context with registerArraySize 2^31 and no data is refused naming the field; up to 4096 bytes of zero fill still encode", async () => {
    const { fromJson, toJson, decode } = await import("../../src/cper/index.js");
    const r = decode(readFileSync(fixturePath("cper", "arm-ghes.bin")));
    if (!r.ok) throw new Error("fixture");
    const j = JSON.parse(JSON.stringify(toJson(r.value.tree), (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
    const ctx = j.sections[0].ArmProcessor.contextInfo[0];
    delete ctx.registerArray.data;
    ctx.registerArraySize = 2 ** 31;
    const bad = fromJson(j);
    expect(bad.ok).to.equal(false);
    if (!bad.ok) expect(bad.error.field).to.match(/contextInfo\[0\]\.registerArraySize/);
    ctx.registerArraySize = 136 + 4096;
    expect(fromJson(j).ok).to.equal(true);
  });
});

describe("cper JSON: an ARM context cut short by the section end reads back exactly (fuzz seed 18, cper-section input 186127)", () => {
  it("the registers present ride along as data beside the named keys, so no zero fill to RegisterArraySize is needed", async () => {
    const { decode, toJsonText, parseJson, fromJson, encode } = await import("../../src/cper/index.js");
    const { codecFor } = await import("../../src/cper/registry.js");
    const r = decode(readFileSync(fixturePath("cper", "arm-ghes.bin")));
    if (!r.ok) throw new Error("fixture");
    const section = (r.value.tree as Estatus).entries[0]!.section;
    const body = codecFor(section.guid).encode(section.value);
    const v = section.value as { errorInfo: unknown[]; contexts: { registers: Uint8Array }[] };
    expect(v.contexts.length).to.be.greaterThan(0);
    // Keep the first context's named registers whole, end the section there, and make its
    // RegisterArraySize (context header + 4) claim 154992640 bytes.
    const at = 40 + 32 * v.errorInfo.length;
    const cut = body.slice(0, at + 8 + v.contexts[0]!.registers.length);
    new DataView(cut.buffer).setUint32(at + 4, 154992640, true);
    const d = decode(cut, { framing: "section", sectionType: section.guid, armType: "uefi" });
    if (!d.ok) throw new Error(d.error.message);
    const text = toJsonText(d.value.tree);
    expect(text).to.match(/"registerArraySize": ?154992640/);
    const parsed = parseJson(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const back = fromJson(parsed.value);
    if (!back.ok) throw new Error(`${back.error.field}: ${back.error.message}`);
    expect(Buffer.from(encode(back.value)).equals(Buffer.from(cut))).to.equal(true);
  });
});
