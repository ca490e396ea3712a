// `cper decode --stream`: warnings of the same kind (code and field) are summarised once at
// the end (a count and the first byte offsets), not printed once per record; --all-warnings
// prints each one; the exit code is the same either way (1: decoded with warnings).
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, fixturePath } from "../helpers.js";
import { FIRST_OFFSETS, WarningTally, summaryLines } from "../../src/cper/stream-warnings.js";

const unit = new Uint8Array(readFileSync(fixturePath("cper", "stream.bin")));
// stream.bin: a clean record, then one with two warnings (Revision 0x0210 at 1214, a 73-byte memory section at 1410).
const REVISION = 1214;
const MEMORY = 1410;

describe("cli: cper decode --stream summarises warnings per kind", function () {
  this.timeout(60_000);
  let dir = "";
  const file = (n: number, tail: readonly number[] = []) => {
    const buf = new Uint8Array(unit.length * n + tail.length);
    for (let i = 0; i < n; i++) buf.set(unit, i * unit.length);
    buf.set(tail, unit.length * n);
    const p = join(dir, `s${n}-${tail.length}.bin`);
    writeFileSync(p, buf);
    return p;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), "armras-sw-"))));
  after(() => rmSync(dir, { recursive: true }));

  it("5 records with the same two warnings: two summary lines (count, first 3 offsets) and a hint, not 10 lines; exit 1", async () => {
    const f = file(5);
    const r = await cli(["cper", "decode", f, "--stream", "--format", "json", "--ndjson"]);
    expect(r.code).to.equal(1);
    expect(r.stdout.trim().split("\n")).to.have.length(10);
    const lines = r.stderr.trim().split("\n");
    expect(lines).to.have.length(3);
    const at = (o: number, i: number) => `${o + i * unit.length} (0x${(o + i * unit.length).toString(16)})`;
    expect(lines[0]).to.equal(`armras cper: warning revision on RecordHeader.Revision, 5 times, first: Revision 0x0210 (UEFI defines 0x0101) (byte offsets ${at(REVISION, 0)}, ${at(REVISION, 1)}, ${at(REVISION, 2)}, ...)`);
    expect(lines[1]).to.contain("warning memory-old-layout on Section[0].PlatformMemoryError, 5 times").and.contain(`byte offsets ${at(MEMORY, 0)}, ${at(MEMORY, 1)}, ${at(MEMORY, 2)}, ...`);
    expect(lines[2]).to.equal("armras cper: 10 warning(s) of 2 kind(s) summarised; --all-warnings prints each one");
  });

  it("--all-warnings prints one line per warning, where it occurs (as before summaries), with the same exit code and stdout", async () => {
    const f = file(5);
    const sum = await cli(["cper", "decode", f, "--stream", "--format", "json", "--ndjson"]);
    const all = await cli(["cper", "decode", f, "--stream", "--format", "json", "--ndjson", "--all-warnings"]);
    expect(all.code).to.equal(sum.code);
    expect(all.stdout).to.equal(sum.stdout);
    const lines = all.stderr.trim().split("\n");
    expect(lines).to.have.length(10);
    for (const [i, l] of lines.entries()) expect(l).to.match(/^armras cper: warning: .* \(field .*, byte offset \d+ = 0x[0-9a-f]+\)$/, `line ${i}`);
    expect(lines[8]).to.contain(`byte offset ${REVISION + 4 * unit.length} =`);
  });

  it("a kind seen once reads as the per-warning line does; a file under --stream with no repeats needs no hint", async () => {
    const f = file(1);
    const sum = await cli(["cper", "decode", f, "--stream", "--format", "text"]);
    const all = await cli(["cper", "decode", f, "--stream", "--format", "text", "--all-warnings"]);
    expect(sum.code).to.equal(1);
    expect(sum.stderr).to.equal(all.stderr);
  });

  it("worker threads (--jobs 2) summarise exactly as one thread does, after an error that ends the stream too (exit 2)", async () => {
    // ~600 KiB: several of the workers' 256 KiB chunks; garbage at the end.
    const f = file(400, [9, 9, 9, 9, 9]);
    const one = await cli(["cper", "decode", f, "--stream", "--jobs", "1", "--format", "json", "--ndjson"]);
    const two = await cli(["cper", "decode", f, "--stream", "--jobs", "2", "--format", "json", "--ndjson"]);
    expect(one.code).to.equal(2);
    expect(two.code).to.equal(2);
    expect(two.stdout === one.stdout).to.equal(true);
    expect(two.stderr).to.equal(one.stderr);
    expect(one.stderr).to.contain("5 trailing byte(s) are not a CPER record");
    expect(one.stderr).to.contain("RecordHeader.Revision, 400 times");
    expect(one.stderr).to.contain("800 warning(s) of 2 kind(s) summarised");
    expect(one.stderr.split("\n").length).to.be.lessThan(10);
  });

  it("several files: each file's summary is labelled with its name and counts only its own warnings", async () => {
    const a = file(3);
    const b = file(2);
    const r = await cli(["cper", "decode", a, b, "--stream", "--format", "json", "--ndjson"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`armras cper: ${a}: warning `).and.contain("3 times");
    expect(r.stderr).to.contain(`armras cper: ${b}: warning `).and.contain("2 times");
  });

  it("without --stream a small file keeps one line per warning (summaries are for streams)", async () => {
    const r = await cli(["cper", "decode", file(3), "--format", "json", "--ndjson"]);
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split("\n")).to.have.length(6);
  });
});

describe("cper/stream-warnings: WarningTally", () => {
  it("counts per code and field, keeps the first offsets in stream order, and merges a later tally after its own", () => {
    const a = new WarningTally();
    const b = new WarningTally();
    for (let i = 0; i < 5; i++) a.add({ code: "x", field: "F", offset: i, message: `m${i}` });
    a.add({ code: "x", field: "G", offset: 100, message: "g" });
    for (let i = 10; i < 12; i++) b.add({ code: "x", field: "F", offset: i, message: "later" });
    b.add({ code: "y", field: "F", offset: 50, message: "y" });
    a.merge(b.kinds());
    expect(a.total).to.equal(9);
    expect(a.kinds().map((k) => [k.code, k.field, k.count, k.message, k.offsets])).to.deep.equal([
      ["x", "F", 7, "m0", [0, 1, 2].slice(0, FIRST_OFFSETS)],
      ["x", "G", 1, "g", [100]],
      ["y", "F", 1, "y", [50]],
    ]);
    const text = summaryLines(a.kinds(), "p: ", "--all");
    expect(text.split("\n")).to.deep.equal([
      "p: warning x on F, 7 times, first: m0 (byte offsets 0 (0x0), 1 (0x1), 2 (0x2), ...)",
      "p: warning: g (field G, byte offset 100 = 0x64)",
      "p: warning: y (field F, byte offset 50 = 0x32)",
      "p: 9 warning(s) of 3 kind(s) summarised; --all prints each one",
      "",
    ]);
  });
});
