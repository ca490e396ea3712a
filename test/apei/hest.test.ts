// HEST structures against the spec's sizes and offsets, decode of hand-written
// bytes, findings on damaged tables, and the builder's fixtures.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { checkLayout, type Struct } from "../../src/layout/index.js";
import { ACPI_HEADER, byteSum, computeChecksum } from "../../src/apei/header.js";
import { GAS } from "../../src/apei/gas.js";
import { NOTIFY_STRUCT, configWriteEnable, notifyTypeName } from "../../src/apei/notify.js";
import { AER_BRIDGE, AER_ENDPOINT, AER_ROOT_PORT, GHES, GHES_V2, IA32_CMC, IA32_DEFERRED, IA32_MCE, IA32_NMI, MC_BANK, SOURCE_KINDS, sourceTypeFromKey } from "../../src/apei/hest-types.js";
import { decodeHest, encodeHest, genericSources, isGhes, isGhesV2, type KnownSource } from "../../src/apei/hest.js";
import { hestJson } from "../../src/apei/json.js";
import { renderHest } from "../../src/apei/render-tables.js";
import { fixturePath } from "../helpers.js";

const fixture = (n: string) => new Uint8Array(readFileSync(fixturePath("apei", n)));

describe("APEI: structure layouts (ACPI 6.5 §5.2, §18.3)", () => {
  // Sizes transcribed from the spec tables.
  const sizes: [string, { size: number; name: string }, number][] = [
    ["Table 5.4 header", ACPI_HEADER, 36],
    ["Table 5.1 GAS", GAS, 12],
    ["Table 18.14 notification", NOTIFY_STRUCT, 28],
    ["Table 18.5 machine check bank", MC_BANK, 28],
    ["Table 18.4 IA-32 MCE", IA32_MCE, 40],
    ["Table 18.6 IA-32 CMC", IA32_CMC, 48],
    ["Table 18.7 IA-32 NMI", IA32_NMI, 20],
    ["Table 18.8 AER root port", AER_ROOT_PORT, 48],
    ["Table 18.9 AER endpoint", AER_ENDPOINT, 44],
    ["Table 18.10 AER bridge", AER_BRIDGE, 56],
    ["Table 18.11 GHES", GHES, 64],
    ["Table 18.13 GHESv2", GHES_V2, 92],
    ["Table 18.19 IA-32 deferred check", IA32_DEFERRED, 48],
  ];
  for (const [what, s, n] of sizes) it(`${what} is ${n} bytes`, () => expect(s.size).to.equal(n));
  it("every struct is gap-free and ends at its size", () => {
    for (const s of [ACPI_HEADER, GAS, NOTIFY_STRUCT, MC_BANK, IA32_MCE, IA32_CMC, IA32_NMI, AER_ROOT_PORT, AER_ENDPOINT, AER_BRIDGE, GHES, GHES_V2, IA32_DEFERRED] as unknown as Struct[]) {
      expect(checkLayout(s), s.name).to.deep.equal([]);
    }
  });
  it("GHESv2 offsets: Error Status Address 20, Notify 32, Block Length 60, Read Ack 64/76/84", () => {
    const f = GHES_V2.fields;
    expect([f.errorStatusAddress.at, f.notify.at, f.errorStatusBlockLength.at, f.readAckRegister.at, f.readAckPreserve.at, f.readAckWrite.at]).to.deep.equal([20, 32, 60, 64, 76, 84]);
  });
  it("names every notification type 0..12 (ACPI 6.5 Table 18.14), reserved above", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map(notifyTypeName)).to.deep.equal([
      "Polled", "External Interrupt", "Local Interrupt", "SCI", "NMI", "CMCI", "MCE", "GPIO", "SEA", "SEI", "GSIV", "SDEI", "SSE", "Reserved",
    ]);
  });
  it("decodes the Configuration Write Enable bits", () => {
    expect(configWriteEnable(0b100010)).to.deep.equal({
      Type: false, PollInterval: true, SwitchToPollingThresholdValue: false, SwitchToPollingThresholdWindow: false, ErrorThresholdValue: false, ErrorThresholdWindow: true,
    });
  });
  it("maps source keys to types", () => {
    for (const [t, k] of Object.entries(SOURCE_KINDS)) expect(sourceTypeFromKey(k.key)).to.equal(Number(t));
    expect(sourceTypeFromKey("nope")).to.equal(undefined);
  });
});

/** A one-source HEST written byte by byte from ACPI 6.5 Tables 5.4, 18.2 and 18.13. */
function handMadeGhesV2(): Uint8Array {
  const t = new Uint8Array(40 + 92);
  const v = new DataView(t.buffer);
  t.set([0x48, 0x45, 0x53, 0x54]); // "HEST"
  v.setUint32(4, t.length, true);
  t[8] = 1;
  t.set([0x41, 0x42, 0x43, 0x44, 0x45, 0x46], 10); // OEM ID "ABCDEF"
  v.setUint32(36, 1, true); // Error Source Count
  const o = 40;
  v.setUint16(o, 10, true); // Type: GHESv2
  v.setUint16(o + 2, 7, true); // Source Id
  v.setUint16(o + 4, 0xffff, true); // Related Source Id
  t[o + 7] = 1; // Enabled
  v.setUint32(o + 8, 1, true);
  v.setUint32(o + 12, 1, true);
  v.setUint32(o + 16, 0x400, true); // Max Raw Data Length
  t.set([0, 64, 0, 4], o + 20); // GAS: SystemMemory, 64 bits, QWord
  v.setBigUint64(o + 24, 0x1234_5000n, true);
  t[o + 32] = 11; // Notify Type: SDEI
  t[o + 33] = 28;
  v.setUint32(o + 32 + 8, 0x2000_0001, true); // Vector (SDEI event)
  v.setUint32(o + 60, 0x400, true); // Error Status Block Length
  t.set([0, 64, 0, 4], o + 64);
  v.setBigUint64(o + 68, 0x1234_5008n, true);
  v.setBigUint64(o + 76, ~1n & 0xffff_ffff_ffff_ffffn, true);
  v.setBigUint64(o + 84, 1n, true);
  t[9] = (0x100 - byteSum(t)) & 0xff;
  return t;
}

describe("APEI: HEST decode and encode", () => {
  it("decodes a hand-written GHESv2 table field by field", () => {
    const bytes = handMadeGhesV2();
    const r = decodeHest(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.checksumValid).to.equal(true);
    expect(r.value.header.oemId).to.equal("ABCDEF");
    const s = r.value.errorSources[0]!;
    if (!isGhesV2(s)) throw new Error("not GHESv2");
    expect(s.value.sourceId).to.equal(7);
    expect(s.value.notify).to.include({ type: 11, length: 28, vector: 0x2000_0001 });
    expect(s.value.errorStatusAddress).to.deep.equal({ spaceId: 0, bitWidth: 64, bitOffset: 0, accessWidth: 4, address: 0x1234_5000n });
    expect(s.value.readAckRegister.address).to.equal(0x1234_5008n);
    expect(s.value.readAckPreserve).to.equal(0xffff_ffff_ffff_fffen);
    expect(Buffer.from(encodeHest(r.value))).to.deep.equal(Buffer.from(bytes));
    expect(genericSources(r.value).map((g) => g.sourceId)).to.deep.equal([7]);
  });

  it("the checksum makes the byte sum zero", () => {
    const t = handMadeGhesV2();
    expect(byteSum(t)).to.equal(0);
    const want = t[9];
    t[9] = 0;
    expect(computeChecksum(t)).to.equal(want);
  });

  it("reports a bad checksum as a finding with the right value", () => {
    const t = handMadeGhesV2();
    const good = t[9]!;
    t[9] = (good + 1) & 0xff;
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.checksumValid).to.equal(false);
    expect(r.value.findings[0]).to.include({ code: "bad-checksum", offset: 9 });
    expect(r.value.findings[0]!.message).to.contain(`should be 0x${good.toString(16).toUpperCase().padStart(2, "0")}`);
    expect(renderHest(r.value, t).join("\n")).to.contain("Incorrect checksum");
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" }))).to.deep.equal(Buffer.from(t));
  });

  it("keeps a truncated file's bytes and says so", () => {
    const t = handMadeGhesV2().subarray(0, 100);
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["truncated", "truncated"]);
    expect(r.value.errorSources[0]).to.include({ kind: "raw", type: 10 });
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" }))).to.deep.equal(Buffer.from(t));
  });

  it("keeps an unknown source type raw (its length is unknown)", () => {
    const t = handMadeGhesV2();
    new DataView(t.buffer).setUint16(40, 12, true);
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.errorSources[0]).to.include({ kind: "raw", type: 12, offset: 40 });
    expect(r.value.findings.map((f) => f.code)).to.include("unknown-type");
    expect(hestJson(r.value)["errorSources"]).to.deep.equal([{ type: 12, offset: 40, raw: Buffer.from(t.subarray(40)).toString("hex"), reason: "unknown type 12" }]);
  });

  it("flags count mismatches, a wrong notification length and keeps bytes after Length", () => {
    const t = new Uint8Array([...handMadeGhesV2(), 0xaa, 0xbb]);
    const v = new DataView(t.buffer);
    v.setUint32(36, 2, true); // count says 2
    t[40 + 33] = 24; // notify length
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["bad-checksum", "notify-length", "count-mismatch"]);
    expect(r.value.after).to.deep.equal(new Uint8Array([0xaa, 0xbb]));
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" }))).to.deep.equal(Buffer.from(t));
  });

  it("keeps bytes inside Length after the last source as trailing, and a cut-off source as raw", () => {
    const t = new Uint8Array([...handMadeGhesV2(), 0xaa]);
    new DataView(t.buffer).setUint32(4, 133, true);
    t[9] = (t[9]! - 1 - 0xaa) & 0xff;
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.checksumValid).to.equal(true);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["trailing-bytes"]);
    expect(r.value.trailing).to.deep.equal(new Uint8Array([0xaa]));
    expect(Buffer.from(encodeHest(r.value))).to.deep.equal(Buffer.from(t));
    new DataView(t.buffer).setUint32(36, 2, true);
    const r2 = decodeHest(t);
    if (!r2.ok) throw new Error(r2.error.message);
    expect(r2.value.errorSources[1]).to.include({ kind: "raw", type: -1, reason: "truncated" });
    expect(Buffer.from(encodeHest(r2.value, { header: "preserve" }))).to.deep.equal(Buffer.from(t));
  });

  it("fails with a typed error on a wrong signature, a tiny Length or a tiny input", () => {
    const t = handMadeGhesV2();
    t[0] = 0x58;
    const a = decodeHest(t);
    expect(!a.ok && a.error.kind).to.equal("bad-signature");
    const b = handMadeGhesV2();
    new DataView(b.buffer).setUint32(4, 30, true);
    const r = decodeHest(b);
    expect(!r.ok && r.error).to.include({ kind: "bad-length", field: "Header.Length", offset: 4 });
    const c = decodeHest(handMadeGhesV2().subarray(0, 20));
    expect(!c.ok && c.error.kind).to.equal("truncated");
    // 38 bytes hold the header but not all of Error Source Count: decoded as far as it goes (as iasl prints it).
    const d = decodeHest(handMadeGhesV2().subarray(0, 38));
    expect(d.ok && d.value.findings.map((f) => f.code)).to.deep.equal(["truncated", "truncated"]);
  });

  it("machine-check banks that run past the table are kept raw", () => {
    const bytes = fixture("x86-all-types-hest.bin");
    const cut = bytes.slice(0, 0x60);
    const r = decodeHest(cut);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.errorSources[0]).to.include({ kind: "raw", reason: "banks truncated" });
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" }))).to.deep.equal(Buffer.from(cut));
  });

  it("encode refuses a bank count that disagrees with the banks given", () => {
    const r = decodeHest(fixture("x86-all-types-hest.bin"));
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value.errorSources[0] as KnownSource;
    const bad = { ...r.value, errorSources: [{ ...s, banks: [] }] };
    expect(() => encodeHest(bad)).to.throw(/NumHardwareBanks/);
  });
});

describe("APEI: own fixtures (made by the builder from fixtures/apei/*.json)", () => {
  it("arm-server-hest: GHESv2 SEA, GPIO, SDEI, GSIV, SEI, a polled GHES, a disabled source, QEMU-ordered registers", () => {
    const r = decodeHest(fixture("arm-server-hest.bin"));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings).to.deep.equal([]);
    const g = genericSources(r.value);
    expect(g.map((s) => [s.type, s.sourceId, s.notify.type])).to.deep.equal([
      [10, 0, 8], [10, 1, 7], [10, 2, 11], [10, 3, 10], [10, 4, 9], [9, 5, 0], [10, 6, 8],
    ]);
    const n = 7n;
    const base = 0x8000_0000n;
    g.forEach((s, i) => {
      expect(s.errorStatusAddress.address).to.equal(base + 8n * BigInt(i));
      if (isGhesV2({ kind: "known", type: s.type as 10, offset: 0, value: s, banks: [] })) expect((s as { readAckRegister: { address: bigint } }).readAckRegister.address).to.equal(base + 8n * n + 8n * BigInt(i));
      expect(s.errorStatusBlockLength).to.equal(4096);
    });
    expect(g[2]!.notify.vector).to.equal(1000);
    expect(g[5]!.notify).to.include({ pollInterval: 5000, configWriteEnable: 2 });
    expect(g[6]!.enabled).to.equal(0);
    expect(r.value.errorSources.some(isGhes)).to.equal(true);
  });

  it("x86-all-types-hest: every IA-32 and AER type with banks, flags and masks", () => {
    const r = decodeHest(fixture("x86-all-types-hest.bin"));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings).to.deep.equal([]);
    const k = r.value.errorSources as KnownSource[];
    expect(k.map((s) => s.type)).to.deep.equal([0, 1, 2, 6, 7, 8, 9, 11]);
    expect(k.map((s) => s.banks.length)).to.deep.equal([2, 1, 0, 0, 0, 0, 0, 0]);
    expect(k[0]!.banks[1]).to.include({ bankNumber: 1, statusDataFormat: 1, controlRegisterMsrAddress: 0x404 });
    expect(k[0]!.value).to.include({ flags: 1, globalControlInitData: 0xffff_ffff_ffff_ffffn });
    expect(k[1]!.value["notify"]).to.include({ type: 5, vector: 242 });
    expect(k[2]!.value).to.include({ maxRawDataLength: 1024 });
    expect(k[3]!.value).to.include({ flags: 3, deviceControl: 4, uncorrectableErrorMask: 0x318000, rootErrorCommand: 7 });
    expect(k[5]!.value).to.include({ secondaryUncorrectableErrorMask: 0x243f, secondaryUncorrectableErrorSeverity: 0x1bc0 });
    expect(k[6]!.value).to.include({ relatedSourceId: 19, errorStatusBlockLength: 1024 });
    expect(k[7]!.value["notify"]).to.include({ type: 0 });
    const text = renderHest(r.value).join("\n");
    expect(text).to.contain("Subtable Type : 000B [IA-32 Deferred Machine Check]");
    expect(text).to.contain("                                 GHES Assist : 1");
  });
});

describe("APEI: fixtures are current", () => {
  it("fixtures/apei/*-hest.bin are what the builder makes from their JSON (regenerate with test/apei/make-fixtures.ts)", async () => {
    const { buildHest } = await import("../../src/apei/builder.js");
    for (const n of ["arm-server-hest", "x86-all-types-hest"]) {
      const built = buildHest(JSON.parse(readFileSync(fixturePath("apei", `${n}.json`), "utf8")));
      expect(Buffer.from(built.table), n).to.deep.equal(Buffer.from(fixture(`${n}.bin`)));
    }
  });
});
