// Streaming a file of concatenated records: recordChunks cuts the file after whole
// records (carrying the rest into the next read), whatever the chunk size; the
// sequential stream and the whole-file decode agree record for record.
import { expect } from "chai";
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { iterate, recordChunks, streamRecords, toJsonText } from "../../src/cper/index.js";
import { DEFAULT_DECODE_OPTIONS } from "../../src/cper/model.js";
import { fixturePath } from "../helpers.js";

const fx = (n: string) => new Uint8Array(readFileSync(fixturePath("cper", n)));

function withFile<T>(bytes: Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "armras-stream-"));
  try {
    const p = join(dir, "s.bin");
    writeFileSync(p, bytes);
    return fn(p);
  } finally {
    rmSync(dir, { recursive: true });
  }
}

/** What a user sees: per item, ok, offset/length or error offset, warnings (code, offset), JSON. */
function summary(items: Iterable<ReturnType<typeof iterate> extends Generator<infer R> ? R : never>): unknown[] {
  return [...items].map((r) =>
    r.ok
      ? ["ok", r.value.offset, r.value.length, r.warnings.map((w) => [w.code, w.offset]), toJsonText(r.value.tree, undefined, 0)]
      : ["error", r.error.offset, r.warnings.map((w) => [w.code, w.offset])],
  );
}

describe("cper/stream: recordChunks and streamRecords", () => {
  // stream.bin: a clean 6-section record and a record with warnings (revision 0x0210, 73-byte memory section).
  const unit = fx("stream.bin");
  const multi = fx("multi-record.bin");

  it("property: any chunk size, reused buffer or not, cuts after whole records and decodes as the whole file does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(unit, multi), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(new Uint8Array(0), new Uint8Array([1, 2, 3]), new Uint8Array(200).fill(7)),
        fc.integer({ min: 128, max: 4000 }),
        fc.boolean(),
        (parts, tail, chunk, reuse) => {
          const total = parts.reduce((n, p) => n + p.length, 0) + tail.length;
          const bytes = new Uint8Array(total);
          let at = 0;
          for (const p of parts) {
            bytes.set(p, at);
            at += p.length;
          }
          bytes.set(tail, at);
          withFile(bytes, (path) => {
            const chunks = [...recordChunks(path, { chunk, reuse: false })];
            // every chunk starts where the previous ended and holds whole records
            let next = 0;
            for (const c of chunks) {
              expect(c.base).to.equal(next);
              expect(c.spans.reduce((n, s) => n + s, 0)).to.equal(c.bytes.length);
              next = c.base + c.bytes.length;
            }
            // (trailing garbage: both end with an error at its offset)
            expect(summary(streamRecords(path, DEFAULT_DECODE_OPTIONS, { chunk, reuse }))).to.deep.equal(summary(iterate(bytes, DEFAULT_DECODE_OPTIONS)));
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a record bigger than the chunk is read whole; a file that ends inside a record decodes the part that is there, with a warning", () => {
    const bytes = new Uint8Array(multi.length * 2 - 100);
    bytes.set(multi, 0);
    bytes.set(multi.subarray(0, multi.length - 100), multi.length);
    withFile(bytes, (path) => {
      const items = [...streamRecords(path, DEFAULT_DECODE_OPTIONS, { chunk: 128 })];
      expect(items.map((r) => r.ok)).to.deep.equal([true, true]);
      expect(items[1]!.ok && items[1]!.value.length).to.equal(multi.length - 100);
      expect(items[1]!.warnings.some((w) => w.code === "record-length" && w.offset === multi.length + 20)).to.equal(true);
    });
  });

  it("garbage after the records ends the stream with an error at its file offset", () => {
    const bytes = new Uint8Array(unit.length + 300).fill(0x5a);
    bytes.set(unit, 0);
    withFile(bytes, (path) => {
      const items = [...streamRecords(path, DEFAULT_DECODE_OPTIONS, { chunk: 256 })];
      const last = items[items.length - 1]!;
      expect(last.ok).to.equal(false);
      if (!last.ok) {
        expect(last.error.offset).to.equal(unit.length);
        expect(last.error.message).to.equal("300 trailing byte(s) are not a CPER record");
      }
    });
  });
});
