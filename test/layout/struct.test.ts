// The layout engine: self-checks of every CPER layout against the sizes the specs
// give, typed errors for short input, encoder errors naming the field.
import { expect } from "chai";
import fc from "fast-check";
import { checkLayout, decodePartial, decodeStruct, encodeStruct, readStruct, readView, viewOf, writeStructInterpreted, type Struct, field, isFieldValid, struct, writeStruct, EncodeError, u8, u16, u32, u64, guid, ascii, bytes, reserved, guidFromBytes, guidToBytes, isGuid, formatDecodeError } from "../../src/layout/index.js";
import { latin1TextJs, writeLatin1 } from "../../src/layout/types.js";
import { LATIN1_WRITE } from "../../src/layout/native-text.js";
import { RecordHeader } from "../../src/cper/layouts/record-header.js";
import { SectionDescriptor } from "../../src/cper/layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus } from "../../src/cper/layouts/estatus.js";
import { CperTimestamp } from "../../src/cper/layouts/timestamp.js";
import { ArmContextHeader, ArmErrorInfo, ArmProcessorHeader } from "../../src/cper/layouts/arm.js";
import { PlatformMemoryError } from "../../src/cper/sections/memory.js";
import { PlatformMemoryError2 } from "../../src/cper/sections/memory2.js";
import { ProcessorGenericError } from "../../src/cper/sections/generic.js";
import { ArmRasNode, ErrorRecordDescriptor, AuxHeader, AuxContext, AuxRegister, KeyValuePair } from "../../src/cper/sections/arm-ras.js";
import { AmperePayload0 } from "../../src/cper/sections/ampere.js";

// Sizes from the spec tables (UEFI 2.10 Appendix N, ACPI 6.5 §18.3.2.7.1, rasdaemon for Ampere).
const SPEC_SIZES = [
  [RecordHeader, 128],
  [SectionDescriptor, 72],
  [GenericErrorStatus, 20],
  [GenericErrorDataEntry, 64],
  [GenericErrorDataEntryV3, 72],
  [CperTimestamp, 8],
  [ArmProcessorHeader, 40],
  [ArmErrorInfo, 32],
  [ArmContextHeader, 8],
  [PlatformMemoryError, 80],
  [PlatformMemoryError2, 96],
  [ProcessorGenericError, 192],
  [ArmRasNode, 80],
  [ErrorRecordDescriptor, 72],
  [AuxHeader, 16],
  [AuxContext, 16],
  [AuxRegister, 16],
  [KeyValuePair, 24],
  [AmperePayload0, 48],
] as const;

describe("layout: CPER structures are contiguous and have the spec sizes", () => {
  for (const [s, size] of SPEC_SIZES) {
    it(`${s.name} is ${size} bytes with no gaps or overlaps`, () => {
      expect(s.size).to.equal(size);
      expect(checkLayout(s)).to.deep.equal([]);
    });
  }
  it("spec offsets of fields cited in the tables", () => {
    expect(RecordHeader.fields.RecordLength.at).to.equal(20);
    expect(RecordHeader.fields.RecordID.at).to.equal(96);
    expect(RecordHeader.fields.PersistenceInformation.at).to.equal(108);
    expect(SectionDescriptor.fields.SectionType.at).to.equal(16);
    expect(SectionDescriptor.fields.FruString.at).to.equal(52);
    expect(GenericErrorDataEntry.fields.ErrorDataLength.at).to.equal(24);
    expect(PlatformMemoryError.fields.ModuleHandle.at).to.equal(0x4e);
    expect(ArmProcessorHeader.fields.MIDR_EL1.at).to.equal(24);
  });
});

const Demo = struct("Demo", 16, { V: field(0, u32), A: field(4, u16, { valid: 0 }), B: field(6, u16, { valid: 1 }), C: field(8, u64) }, { validationField: "V" });

describe("layout: engine", () => {
  it("small structures and arrays (V8's on-heap ones) read and write through the scratch as through their own bytes", () => {
    // Every spec structure, at or under 64 bytes (scratch) and over (own array): encodeStruct equals
    // the interpreted writer, and readStruct through readView equals decodeStruct on a fresh slice.
    for (const [spec] of SPEC_SIZES) {
      const s = spec as unknown as Struct;
      fc.assert(
        fc.property(fc.uint8Array({ minLength: s.size, maxLength: s.size }), (raw) => {
          const d = decodeStruct(s, raw);
          expect(d.ok).to.equal(true);
          if (!d.ok) return;
          const want = new Uint8Array(s.size);
          writeStructInterpreted(s, d.value, want, 0);
          expect(encodeStruct(s, d.value)).to.deep.equal(want);
          const small = raw.slice(); // a fresh copy: on V8's heap when at most 64 bytes
          expect(readStruct(s, small, readView(small), 0)).to.deep.equal(d.value);
        }),
        { numRuns: 40 },
      );
    }
    // viewOf's cached views: always exactly the array asked for, over two buffers and many offsets
    const bufs = [Uint8Array.from({ length: 300 }, (_, i) => i & 0xff), Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff)];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.nat(299), fc.nat(299)), { minLength: 1, maxLength: 20 }), (asks) => {
        for (const [k, a, b] of asks) {
          const lo = Math.min(a, b);
          const x = bufs[k]!.subarray(lo, Math.max(a, b) + 1);
          const v = viewOf(x);
          expect([v.buffer === x.buffer, v.byteOffset, v.byteLength]).to.deep.equal([true, x.byteOffset, x.byteLength]);
          expect(v.getUint8(0)).to.equal(x[0]);
          expect(viewOf(x)).to.equal(v); // the same array again: the same view
        }
      }),
      { numRuns: 200 },
    );
    // the second remembered view, found by its bytes through a new array over them
    const a1 = bufs[0]!.subarray(10, 50);
    const b1 = bufs[1]!.subarray(20, 90);
    viewOf(a1);
    const vb = viewOf(b1);
    const va = viewOf(bufs[0]!.subarray(10, 50));
    expect([va.buffer === bufs[0]!.buffer, va.byteOffset, va.byteLength, va.getUint8(0)]).to.deep.equal([true, 10, 40, 10]);
    expect(viewOf(bufs[1]!.subarray(20, 90))).to.equal(vb);
    // a structure over the encoder's 1024-byte scratch is written in an array of its own
    const Big = struct("Big", 1100, { x: field(0, u32), b: field(4, bytes(1096)) });
    const bigValue = { x: 0x01020304, b: Uint8Array.from({ length: 1096 }, (_, i) => i & 0xff) };
    const bigOut = encodeStruct(Big, bigValue);
    const bigWant = new Uint8Array(1100);
    writeStructInterpreted(Big, bigValue, bigWant, 0);
    expect(bigOut).to.deep.equal(bigWant);
    // readView's view is the array's own bytes at the same offsets, whatever the array's offset
    const big = Uint8Array.from({ length: 80 }, (_, i) => i);
    const sub = big.subarray(9, 9 + 20);
    expect(readView(sub).getUint32(4, true)).to.equal(new DataView(big.buffer, 9).getUint32(4, true));
  });

  it("checkLayout names gaps, overlaps and a wrong size", () => {
    const bad = struct("Bad", 10, { a: field(0, u32), b: field(2, u32), c: field(8, u8) });
    const p = checkLayout(bad);
    expect(p.join("\n")).to.match(/b at 0x2 overlaps/);
    expect(p.join("\n")).to.match(/gap of 2 byte/);
    expect(p.join("\n")).to.match(/declared size is 10/);
  });
  it("decodeStruct reports truncation naming the first missing field and its offset", () => {
    const r = decodeStruct(Demo, new Uint8Array(7), 0);
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.error.kind).to.equal("truncated");
    expect(r.error.field).to.equal("Demo.B");
    expect(r.error.offset).to.equal(6);
    expect(formatDecodeError(r.error)).to.match(/byte offset 6 = 0x6/);
  });
  it("decodePartial returns the fields that fit", () => {
    const b = new Uint8Array(16);
    b[4] = 7;
    const p = decodePartial(Demo, b, 0, 6);
    expect(p.value.A).to.equal(7);
    expect(p.missing).to.deep.equal(["B", "C"]);
  });
  it("encode/decode round trip and validation bits", () => {
    const v = { V: 1, A: 0xbeef, B: 2, C: 0x1122334455667788n };
    const b = encodeStruct(Demo, v);
    expect(Buffer.from(b).toString("hex")).to.equal("01000000efbe02008877665544332211");
    const d = decodeStruct(Demo, b);
    expect(d.ok && d.value).to.deep.equal(v);
    expect(isFieldValid(Demo, v, "A")).to.equal(true);
    expect(isFieldValid(Demo, v, "B")).to.equal(false);
    expect(isFieldValid(Demo, v, "C")).to.equal(true);
  });
  it("encoder errors name the field", () => {
    expect(() => encodeStruct(Demo, { V: 1, A: 70000, B: 0, C: 0n })).to.throw(EncodeError, /Demo.A/);
    expect(() => encodeStruct(Demo, { V: 1, A: 1, B: 0 } as never)).to.throw(EncodeError, /Demo.C: missing/);
    expect(() => encodeStruct(Demo, { V: 1, A: 1, B: 0, C: -1n })).to.throw(EncodeError, /64-bit/);
    expect(() => writeStruct(Demo, { V: 1, A: 1, B: 0, C: 0n }, new Uint8Array(8))).to.throw(EncodeError, /needs 16 bytes/);
    const G = struct("G", 16, { g: field(0, guid) });
    expect(() => encodeStruct(G, { g: "nope" })).to.throw(EncodeError, /GUID/);
    const S = struct("S", 4, { s: field(0, ascii(4)) });
    expect(() => encodeStruct(S, { s: "toolong" })).to.throw(EncodeError, /at most 4/);
    expect(() => encodeStruct(S, { s: "\u0100" })).to.throw(EncodeError, /Latin-1/);
    const B = struct("B", 4, { b: field(0, bytes(4)) });
    expect(() => encodeStruct(B, { b: new Uint8Array(3) })).to.throw(EncodeError, /4 bytes/);
  });
  it("reserved and bytes fields default to zeros on encode, and are kept verbatim on decode", () => {
    const R = struct("R", 4, { x: field(0, u8), r: field(1, reserved(3)) });
    expect([...encodeStruct(R, { x: 1 })]).to.deep.equal([1, 0, 0, 0]);
    const d = decodeStruct(R, Uint8Array.of(1, 2, 3, 4));
    expect(d.ok && [...d.value.r]).to.deep.equal([2, 3, 4]);
  });
  it("ascii keeps embedded NULs and high bytes so it re-encodes byte for byte", () => {
    const S = struct("S", 6, { s: field(0, ascii(6)) });
    const raw = Uint8Array.of(0x41, 0, 0xff, 0x42, 0, 0);
    const d = decodeStruct(S, raw);
    expect(d.ok && d.value.s).to.equal("A\u0000\u00ffB");
    expect([...encodeStruct(S, d.ok ? d.value : { s: "" })]).to.deep.equal([...raw]);
  });
  it("ascii reads every length the same way (short joins, one call over a reused argument list, the native decoder past 256 bytes): Latin-1, one character per byte, and back", () => {
    for (const n of [1, 12, 13, 20, 64, 128, 256, 257, 300]) {
      const S = struct("S", n, { s: field(0, ascii(n)) });
      fc.assert(
        fc.property(fc.uint8Array({ minLength: n, maxLength: n }), fc.boolean(), (raw, seven) => {
          if (seven) for (let i = 0; i < n; i++) raw[i] = raw[i]! & 0x7f;
          raw[n - 1] = raw[n - 1]! | 1; // no trailing NUL: every byte is text
          const d = decodeStruct(S, raw);
          expect(d.ok && d.value.s).to.equal(Buffer.from(raw).toString("latin1"));
          // the JS path too (the page's, where Node's native printer is missing), at an offset
          const big = new Uint8Array(n + 5);
          big.set(raw, 3);
          expect(latin1TextJs(big, 3, 3 + n)).to.equal(Buffer.from(raw).toString("latin1"));
          expect([...encodeStruct(S, d.ok ? d.value : { s: "" })]).to.deep.equal([...raw]);
        }),
        { numRuns: 40 },
      );
    }
  });
});

describe("layout: ascii's Latin-1 writer (writeLatin1), Node's native writer and the page's path", () => {
  it("Node's latin1Write is taken here (the probe passed)", () => {
    expect(LATIN1_WRITE).to.be.a("function");
  });
  it("property: both paths write one byte per character, NUL-padded, at an offset, and leave the bytes around untouched", () => {
    for (const native of [LATIN1_WRITE!, null]) {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 160 }), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 160, size: "max" }), fc.integer({ min: 0, max: 7 }), fc.boolean(), (n, codes, o, seven) => {
          // 7-bit text half the time (the page's path writes it through the UTF-8 encoder)
          const text = String.fromCharCode(...codes.slice(0, n).map((c) => (seven ? c & 0x7f : c)));
          const b = new Uint8Array(o + n + 3).fill(0xaa);
          writeLatin1(b, o, n, text, "F", native);
          const want = new Uint8Array(n);
          for (let i = 0; i < text.length; i++) want[i] = text.charCodeAt(i);
          expect([...b.subarray(o, o + n)]).to.deep.equal([...want]);
          expect([...b.subarray(0, o), ...b.subarray(o + n)].every((x) => x === 0xaa)).to.equal(true);
        }),
        { numRuns: 300 },
      );
    }
  });
  it("a character past U+00FF or a text longer than the field is an EncodeError naming the field, on both paths", () => {
    for (const native of [LATIN1_WRITE!, null]) {
      for (const text of ["x".repeat(20) + "\u0100", "\u20ac" + "y".repeat(30), "short\u0101"]) {
        expect(() => writeLatin1(new Uint8Array(64), 0, 64, text, "S.Brand", native)).to.throw(EncodeError, /Latin-1/).with.property("field", "S.Brand");
      }
      expect(() => writeLatin1(new Uint8Array(8), 0, 8, "123456789", "S.Brand", native)).to.throw(EncodeError, /at most 8/);
      expect(() => writeLatin1(new Uint8Array(8), 0, 8, 5, "S.Brand", native)).to.throw(EncodeError);
    }
  });
});

describe("layout: GUID codec (UEFI Appendix A byte order)", () => {
  it("the ARM section GUID from its on-disk bytes (cper-apei.md §2)", () => {
    const b = Uint8Array.from(Buffer.from("163d9ee111bce4119caac2051d5d46b0", "hex"));
    expect(guidFromBytes(b)).to.equal("e19e3d16-bc11-11e4-9caa-c2051d5d46b0");
  });
  it("round trips any 16 bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        const out = new Uint8Array(16);
        expect(guidToBytes(guidFromBytes(b), out)).to.equal(true);
        expect([...out]).to.deep.equal([...b]);
      }),
    );
  });
  it("the cache of texts: GUIDs sharing a slot (same first and last 4 bytes), at any offset, each get their own text, seen again or not", () => {
    // the text from the bytes by the spec's byte order, independently of guidFromBytes
    const ref = (b: Uint8Array, o: number): string => {
      const h = (i: number) => b[o + i]!.toString(16).padStart(2, "0");
      return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
    };
    const a = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 5) & 0xff);
    const b = a.slice();
    b[2 + 8] = b[2 + 8]! ^ 0x40; // a middle byte: same slot as a's GUID at offset 2
    for (let k = 0; k < 3; k++) {
      expect(guidFromBytes(a, 2)).to.equal(ref(a, 2));
      expect(guidFromBytes(b, 2)).to.equal(ref(b, 2));
    }
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 40 }), (pool, picks) => {
        for (const p of picks) {
          const g = pool[p % pool.length]!;
          const at = new Uint8Array(19);
          at.set(g, 3);
          expect(guidFromBytes(at, 3)).to.equal(ref(g, 0));
        }
      }),
    );
  });
  it("rejects non-GUID text", () => {
    expect(isGuid("e19e3d16-bc11-11e4-9caa-c2051d5d46b0")).to.equal(true);
    expect(isGuid("e19e3d16bc1111e49caac2051d5d46b0")).to.equal(false);
    expect(guidToBytes("x", new Uint8Array(16))).to.equal(false);
  });
});
