// The compiled reader/writer (src/layout/compile.ts) against the interpreted
// walkers of the same field tables: equal values on random bytes, equal bytes
// and equal typed errors on random (valid and invalid) values.
import { expect } from "chai";
import fc from "fast-check";
import { ascii, bytes, field, guid, readStruct, readStructInterpreted, reserved, struct, u16, u32, u64, u8, writeStruct, writeStructInterpreted, EncodeError, type Struct } from "../../src/layout/index.js";
import { compiledReader, compiledWriter } from "../../src/layout/compile.js";
import { RecordHeader } from "../../src/cper/layouts/record-header.js";
import { SectionDescriptor } from "../../src/cper/layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus } from "../../src/cper/layouts/estatus.js";
import { ArmContextHeader, ArmErrorInfo, ArmProcessorHeader } from "../../src/cper/layouts/arm.js";
import { PlatformMemoryError } from "../../src/cper/sections/memory.js";
import { PlatformMemoryError2 } from "../../src/cper/sections/memory2.js";
import { ProcessorGenericError } from "../../src/cper/sections/generic.js";
import { ArmRasNode, ErrorRecordDescriptor } from "../../src/cper/sections/arm-ras.js";

// Every primitive kind, odd offsets, a key that is not an identifier, and a nested type (the timestamp).
const Mixed = struct("Mixed", 64, {
  A: field(0, u8),
  "B-not an identifier": field(1, u16),
  C: field(3, u32),
  D: field(7, u64),
  E: field(15, guid),
  F: field(31, ascii(9)),
  G: field(40, bytes(7)),
  H: field(47, reserved(1)),
  T: field(48, RecordHeader.fields.TimeStamp.type),
  Z: field(56, u64),
});

const TABLES: Struct[] = [Mixed, RecordHeader, SectionDescriptor, GenericErrorStatus, GenericErrorDataEntry, GenericErrorDataEntryV3, ArmProcessorHeader, ArmErrorInfo, ArmContextHeader, PlatformMemoryError, PlatformMemoryError2, ProcessorGenericError, ArmRasNode, ErrorRecordDescriptor] as unknown as Struct[];

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function errorOf(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).to.be.instanceOf(EncodeError);
    return (e as Error).message;
  }
}

describe("layout/compile: compiled reader and writer equal the interpreted walkers", () => {
  for (const s of TABLES) {
    it(`${s.name}: read, at any offset, on random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: s.size + 8, maxLength: s.size + 8 }), fc.integer({ min: 0, max: 8 }), (b, at) => {
          expect(readStruct(s, b, view(b), at)).to.deep.equal(readStructInterpreted(s, b, view(b), at));
        }),
        { numRuns: 60 },
      );
    });
    it(`${s.name}: write of a decoded value gives the same bytes (and the input back)`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: s.size, maxLength: s.size }), (b) => {
          const v = readStructInterpreted(s, b, view(b), 0);
          const x = new Uint8Array(s.size + 3);
          const y = new Uint8Array(s.size + 3);
          writeStruct(s, v, x, 3);
          writeStructInterpreted(s, v, y, 3);
          expect(x).to.deep.equal(y);
          expect(x.subarray(3)).to.deep.equal(b);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("invalid and missing values: the same typed error (or the same bytes) as the interpreted writer", () => {
    const bad = fc.oneof(fc.constant(undefined), fc.constant(-1), fc.constant(0x1_0000_0000), fc.constant(1.5), fc.constant(NaN), fc.constant(-1n), fc.constant(2n ** 64n), fc.constant("x"), fc.integer(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
    const keys = Object.keys(Mixed.fields);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.constantFrom(...keys), bad, (b, k, x) => {
        const v: Record<string, unknown> = { ...readStructInterpreted(Mixed, b, view(b), 0), [k]: x };
        const out1 = new Uint8Array(64);
        const out2 = new Uint8Array(64);
        const e1 = errorOf(() => writeStruct(Mixed, v as never, out1));
        const e2 = errorOf(() => writeStructInterpreted(Mixed, v as never, out2));
        expect(e1).to.equal(e2);
        if (e1 === undefined) expect(out1).to.deep.equal(out2);
      }),
      { numRuns: 400 },
    );
  });

  it("a missing reserved field is written as zeros through the interpreted fallback", () => {
    const out = new Uint8Array(64).fill(0xaa);
    const b = new Uint8Array(64).fill(7);
    const v: Record<string, unknown> = { ...readStructInterpreted(Mixed, b, view(b), 0) };
    delete v.H;
    expect(compiledWriter(Mixed)(out, view(out), 0, v, "Mixed")).to.equal(false);
    writeStruct(Mixed, v as never, out);
    expect(out[47]).to.equal(0);
  });

  it("compiles each table once, and rejects a declaration with a bad offset", () => {
    expect(compiledReader(Mixed)).to.equal(compiledReader(Mixed));
    expect(compiledWriter(Mixed)).to.equal(compiledWriter(Mixed));
    const Bad = { name: "Bad", size: 4, fields: { X: { at: 1.5, type: u8 } }, order: ["X"] };
    expect(() => compiledReader(Bad)).to.throw(RangeError, /bad offset/);
    expect(() => compiledWriter(Bad)).to.throw(RangeError, /bad offset/);
  });
});
