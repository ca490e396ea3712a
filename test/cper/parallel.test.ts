// The parallel stream decoder (worker threads) against the sequential one: the
// same stdout, the same stderr and the same exit code, for every output format,
// with warnings, --format linux sequence numbers and trailing garbage.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, fixturePath } from "../helpers.js";
import { runChunk } from "../../src/cli/commands/cper-worker.js";
import { recordChunks } from "../../src/cper/stream.js";
import { DEFAULT_DECODE_OPTIONS } from "../../src/cper/model.js";

const fx = (n: string) => new Uint8Array(readFileSync(fixturePath("cper", n)));

describe("cli: cper decode --stream on worker threads (--jobs)", function () {
  this.timeout(60_000);
  let dir = "";
  let file = "";
  let count = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "armras-par-"));
    // ~600 KiB: several 256 KiB chunks; stream.bin's second record has warnings; garbage at the end.
    const unit = fx("stream.bin");
    count = 400;
    const buf = new Uint8Array(unit.length * count + 5);
    for (let i = 0; i < count; i++) buf.set(unit, i * unit.length);
    buf.set([9, 9, 9, 9, 9], unit.length * count);
    file = join(dir, "big.bin");
    writeFileSync(file, buf);
  });
  after(() => rmSync(dir, { recursive: true }));

  for (const fmt of [["--format", "json", "--ndjson"], ["--format", "json"], ["--format", "linux"], ["--format", "text"]]) {
    // 3 workers once (more workers than chunks in flight per worker), 2 for the other formats
    const many = fmt.includes("--ndjson") ? ["2", "3"] : ["2"];
    it(`${fmt.join(" ")}: ${many.join(" and ")} workers print what 1 (no workers) prints`, async () => {
      const one = await cli(["cper", "decode", file, "--stream", "--jobs", "1", ...fmt]);
      expect(one.code).to.equal(2); // the trailing garbage
      expect(one.stderr).to.contain("5 trailing byte(s) are not a CPER record");
      for (const jobs of many) {
        const par = await cli(["cper", "decode", file, "--stream", "--jobs", jobs, ...fmt]);
        expect(par.code, `--jobs ${jobs}`).to.equal(one.code);
        expect(par.stdout === one.stdout, `--jobs ${jobs} stdout`).to.equal(true);
        expect(par.stderr === one.stderr, `--jobs ${jobs} stderr`).to.equal(true);
      }
    });
  }

  it("--format linux numbers every record {1}..{N} across chunks, as the sequential path does", async () => {
    const par = await cli(["cper", "decode", file, "--stream", "--jobs", "2", "--format", "linux"]);
    // stream.bin holds two records
    expect(par.stdout).to.contain(`{${2 * count}}[Hardware Error]:`);
    expect(par.stdout).not.to.contain(`{${2 * count + 1}}[Hardware Error]:`);
  });

  it("a chunk's output keeps each record's warnings just before its own text", () => {
    const c = [...recordChunks(file, { chunk: 4096, reuse: false })][0]!;
    const r = runChunk({ id: 0, chunk: c, seq: 1 }, { opts: DEFAULT_DECODE_OPTIONS, format: "json", ndjson: true, linux: {}, label: "" });
    expect(r.runs[0]!.err).to.equal(false); // the clean record first
    expect(r.runs[1]!.err).to.equal(true); // then the warnings of the second
    const first = r.runs[0]!;
    if (!first.err) expect(new TextDecoder().decode(r.out.subarray(first.start, first.end))).to.match(/^\{"header":/);
    expect(r.warned).to.equal(true);
    expect(r.failed).to.equal(false);
  });

  it("--jobs must be a whole number from 1 to 64; --stream needs a file and record framing", async () => {
    for (const bad of ["0", "65", "two"]) expect((await cli(["cper", "decode", file, "--stream", "--jobs", bad])).code).to.equal(2);
    expect((await cli(["cper", "decode", "-", "--stream"], new Uint8Array(0))).code).to.equal(2);
    expect((await cli(["cper", "decode", file, "--stream", "--framing", "estatus"])).code).to.equal(2);
  });
});

describe("cper decode --jobs default", () => {
  it("lowers V8's inlining budget only for workers on two cores or fewer (their compiles take the cores they decode on)", async () => {
    const { leanCompiles, WORKER_INLINING_BUDGET } = await import("../../src/cli/commands/cper-parallel.js");
    expect(WORKER_INLINING_BUDGET).to.be.within(1, 919); // below V8's default of 920
    expect([1, 2, 4].map((j) => leanCompiles(j, 2))).to.deep.equal([false, true, true]);
    expect([1, 2, 4].map((j) => leanCompiles(j, 1))).to.deep.equal([false, true, true]);
    expect([1, 2, 4].map((j) => leanCompiles(j, 3))).to.deep.equal([false, false, false]);
  });
  it("one thread on one core; on two, 2 workers from 64 MiB (their compiles repaid), one thread below and on standard input; the cores, at most 4, above", async () => {
    const { defaultJobs, TWO_CORE_WORKERS_FROM } = await import("../../src/cli/commands/cper-parallel.js");
    expect(TWO_CORE_WORKERS_FROM).to.equal(64 * 2 ** 20);
    expect([1, 2, 3, 4, 8, 64].map((n) => defaultJobs(n))).to.deep.equal([1, 1, 3, 4, 4, 4]);
    expect([1, 2, 3, 4].map((n) => defaultJobs(n, 200e6))).to.deep.equal([1, 2, 3, 4]);
    expect([0, 30e6, TWO_CORE_WORKERS_FROM - 1, TWO_CORE_WORKERS_FROM, -1].map((b) => defaultJobs(2, b))).to.deep.equal([1, 1, 1, 2, 1]);
  });
});
