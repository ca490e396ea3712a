// Standard input as a stream (`armras cper decode --stream -`): pipeSource reads a descriptor in
// order into a bounded window, and sourceChunks cuts it exactly as it cuts the same bytes held
// in memory (records, resynchronisation after a damaged RecordLength, junk between records,
// a stream that ends mid-record), whatever the chunk size. A descriptor of a regular file read
// with position null stands in for the pipe here; the CLI test below uses a real one.
import { expect } from "chai";
import fc from "fast-check";
import { execFile } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bufferSource, pipeSource, PipeWindowError, sourceChunks, type ByteSource, type RecordChunk } from "../../src/cper/stream.js";
import { fixturePath, ROOT } from "../helpers.js";

const unit = new Uint8Array(readFileSync(fixturePath("cper", "multi-record.bin")));
const pair = new Uint8Array(readFileSync(fixturePath("cper", "stream.bin")));

let dir = "";
before(() => (dir = mkdtempSync(join(tmpdir(), "armras-pipe-"))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What a chunk says, without its buffer identity. */
const shape = (c: RecordChunk) => ({ base: c.base, spans: [...c.spans], hex: Buffer.from(c.bytes).toString("hex"), error: c.error, skipped: c.skipped });

/** Each chunk's shape, taken before the next read (the buffer is reused). */
function chunksOf(src: ByteSource, chunk: number): ReturnType<typeof shape>[] {
  const out: ReturnType<typeof shape>[] = [];
  for (const c of sourceChunks(src, { chunk, reuse: true })) out.push(shape(c));
  return out;
}

/** `bytes` through pipeSource (a file descriptor read in order), `window` bytes at most. */
function viaPipe(bytes: Uint8Array, chunk: number, window?: number): ReturnType<typeof shape>[] {
  const p = join(dir, "in.bin");
  writeFileSync(p, bytes);
  const fd = openSync(p, "r");
  try {
    return chunksOf(pipeSource(fd, window), chunk);
  } finally {
    closeSync(fd);
  }
}

/** Records, a damaged RecordLength, junk between records, a record cut short at the end. */
const streamArb = fc
  .array(
    fc.oneof(
      fc.constant({ kind: "unit" as const }),
      fc.constant({ kind: "pair" as const }),
      fc.record({ kind: fc.constant("junk" as const), n: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ kind: fc.constant("damaged" as const), len: fc.integer({ min: 0, max: 5000 }) }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .chain((parts) => fc.tuple(fc.constant(parts), fc.integer({ min: 0, max: 60 }), fc.constantFrom(128, 200, 1000, 4096)));

function build(parts: readonly { kind: string; n?: number; len?: number }[], cut: number): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (p.kind === "unit") out.push(...unit);
    else if (p.kind === "pair") out.push(...pair);
    else if (p.kind === "junk") for (let i = 0; i < p.n!; i++) out.push((i * 37 + 11) & 0xff);
    else {
      const r = [...unit];
      const v = p.len!;
      r[20] = v & 0xff;
      r[21] = (v >> 8) & 0xff;
      r[22] = 0;
      r[23] = 0;
      out.push(...r);
    }
  }
  return Uint8Array.from(out.slice(0, Math.max(0, out.length - cut)));
}

describe("cper: standard input as a stream (pipeSource)", () => {
  it("cuts a stream read in order exactly as the same bytes in memory, at every chunk size", () => {
    fc.assert(
      fc.property(streamArb, ([parts, cut, chunk]) => {
        const bytes = build(parts, cut);
        if (bytes.length === 0) return;
        expect(viaPipe(bytes, chunk)).to.deep.equal(chunksOf(bufferSource(bytes), chunk));
      }),
      { numRuns: 300 },
    );
  });

  it("its size is unknown (Infinity) until the end is read, then the byte count", () => {
    const p = join(dir, "size.bin");
    writeFileSync(p, unit);
    const fd = openSync(p, "r");
    try {
      const src = pipeSource(fd);
      expect(src.size).to.equal(Infinity);
      const b = new Uint8Array(unit.length + 10);
      expect(src.read(b, 0, b.length, 0)).to.equal(unit.length);
      expect(src.size).to.equal(unit.length);
    } finally {
      closeSync(fd);
    }
  });

  it("keeps at most its window: released bytes are dropped, and reading before the window is a PipeWindowError", () => {
    const p = join(dir, "win.bin");
    const big = new Uint8Array(64 * 1024).map((_, i) => i & 0xff);
    writeFileSync(p, big);
    const fd = openSync(p, "r");
    try {
      const src = pipeSource(fd, 4096);
      const b = new Uint8Array(16);
      // Reading far ahead overflows the window: the oldest bytes are dropped.
      expect(src.read(b, 0, 16, 60_000)).to.equal(16);
      expect(b[0]).to.equal(60_000 & 0xff);
      expect(() => src.read(b, 0, 16, 0)).to.throw(PipeWindowError, /dropped/);
      src.release!(60_000);
      expect(src.read(b, 0, 4, 60_004)).to.equal(4);
      expect(b[0]).to.equal(60_004 & 0xff);
    } finally {
      closeSync(fd);
    }
  });

  it("armras cper decode --stream - reads a real pipe fed slowly, and prints what --stream FILE prints", async function () {
    this.timeout(60_000);
    const bytes = build([{ kind: "unit" }, { kind: "damaged", len: 900 }, { kind: "pair" }, { kind: "junk", n: 77 }, { kind: "unit" }], 0);
    const file = join(dir, "cli.bin");
    writeFileSync(file, bytes);
    const run = (args: string[], feed?: Uint8Array) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "cper", "decode", ...args], { cwd: ROOT, maxBuffer: 1 << 26 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        if (!feed) return void child.stdin!.end();
        // 97-byte pieces, 2 ms apart: the reader sees short reads and waits for more.
        let at = 0;
        const step = () => {
          if (at >= feed.length) return void child.stdin!.end();
          child.stdin!.write(feed.subarray(at, at + 97));
          at += 97;
          setTimeout(step, 2);
        };
        step();
      });
    const fromFile = await run([file, "--stream", "--format", "json", "--ndjson"]);
    const fromPipe = await run(["-", "--stream", "--format", "json", "--ndjson"], bytes);
    expect(fromPipe).to.deep.equal(fromFile);
    expect(fromFile.code).to.equal(1); // the damaged RecordLength and the junk are reported
    expect(fromFile.stdout.trim().split("\n")).to.have.length.greaterThan(3);
    const empty = await run(["-", "--stream"], new Uint8Array(0));
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.equal("armras cper: standard input: empty input (0 bytes)\n");
  });
});
