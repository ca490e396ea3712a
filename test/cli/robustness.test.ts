// The CLI under bad input, pipes and big files (issue 16, items 2-10): one-line
// messages and exit 2 for unusable input, awaited writes, resynchronisation,
// every argument processed or refused, the conventions shared by every command.
import { expect } from "chai";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { run } from "../../src/cli/app.js";
import type { CliIO } from "../../src/cli/io.js";
import { awaitingWriter } from "../../src/cli/stdout.js";
import { parseJson } from "../../src/cper/json/reader.js";
import { streamRecords } from "../../src/cper/stream.js";
import { DEFAULT_DECODE_OPTIONS } from "../../src/cper/model.js";
import { cli, fixturePath, ROOT } from "../helpers.js";

const F = (n: string) => fixturePath("cper", n);
const fx = (n: string) => new Uint8Array(readFileSync(F(n)));

let dir = "";
before(() => (dir = mkdtempSync(join(tmpdir(), "armras-robust-"))));
after(() => rmSync(dir, { recursive: true, force: true }));
const tmp = (name: string, data: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

/** The installed binary's code path (src/cli/main.ts under tsx): code, stdout, stderr. */
function bin(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin ?? "");
  });
}

/** One line, no stack trace. */
function oneLine(stderr: string): void {
  expect(stderr.trimEnd().split("\n"), stderr).to.have.length(1);
  expect(stderr).to.not.match(/\n\s+at /);
}

/** n copies of multi-record.bin (clean records). */
function multiFile(n: number): string {
  const unit = fx("multi-record.bin");
  const buf = new Uint8Array(unit.length * n);
  for (let i = 0; i < n; i++) buf.set(unit, i * unit.length);
  return tmp("multi.bin", buf);
}

/** n copies of stream.bin (2 records each). */
function streamFile(n: number, name = "s.bin"): string {
  const unit = fx("stream.bin");
  const buf = new Uint8Array(unit.length * n);
  for (let i = 0; i < n; i++) buf.set(unit, i * unit.length);
  return tmp(name, buf);
}

describe("cli robustness: file errors (item 4)", () => {
  it("a missing file, a directory: one line naming the file, exit 2, for every command that reads files", async () => {
    const cases: string[][] = [
      ["cper", "decode", "@"],
      ["cper", "lint", "@"],
      ["cper", "encode", "@"],
      ["acpi", "decode", "@"],
      ["acpi", "build", "hest", "@"],
      ["take", "@"],
      ["sim", "@/x.json"],
    ];
    for (const target of [join(dir, "missing.bin"), dir]) {
      for (const c of cases) {
        const args = c.map((a) => a.replace("@", target));
        const r = await cli(args);
        expect(r.code, args.join(" ")).to.equal(2);
        oneLine(r.stderr);
        expect(r.stderr, args.join(" ")).to.contain(target);
      }
    }
  });
  it("an unwritable -o (cper encode, acpi build hest): one line, exit 2, from the installed binary", async () => {
    const bad = join(dir, "no-such-dir", "out.bin");
    const a = await bin(["cper", "encode", F("arm-ghes.json"), "-o", bad]);
    expect(a.code).to.equal(2);
    oneLine(a.stderr);
    expect(a.stderr).to.contain(`cannot write ${bad}: no such file or directory (ENOENT)`);
    const b = await bin(["acpi", "build", "hest", fixturePath("apei", "arm-server-hest.json"), "-o", bad]);
    expect(b.code).to.equal(2);
    oneLine(b.stderr);
    expect(b.stderr).to.contain(`cannot write ${bad}`);
    const c = await bin(["cper", "lint", dir]);
    expect(c.code).to.equal(2);
    expect(c.stderr).to.equal(`armras cper: cannot read ${dir}: is a directory (EISDIR)\n`);
  });
});

describe("cli robustness: cper encode on hand-edited JSON (item 3)", () => {
  let base: any;
  before(async () => {
    base = JSON.parse((await cli(["cper", "decode", F("multi-record.bin"), "--format", "json"])).stdout);
  });
  const encodeEdited = async (edit: (j: any) => void, wrap = (t: string) => t) => {
    const j = structuredClone(base);
    edit(j);
    const out = join(dir, "edited.bin");
    const r = await cli(["cper", "encode", tmp("edited.json", wrap(JSON.stringify(j))), "-o", out]);
    return { ...r, written: r.files.get(out) };
  };
  it("recordLength / sectionOffset 4294967295: refused naming the field, nothing written (no 4 GiB file)", async () => {
    const a = await encodeEdited((j) => (j.header.recordLength = 4294967295));
    expect([a.code, a.written]).to.deep.equal([2, undefined]);
    oneLine(a.stderr);
    expect(a.stderr).to.contain("header.recordLength 4294967295");
    const b = await encodeEdited((j) => (j.sectionDescriptors[1].sectionOffset = 4294967295));
    expect([b.code, b.written]).to.deep.equal([2, undefined]);
    expect(b.stderr).to.contain("sectionDescriptors[1].sectionOffset 4294967295");
    // A little zero fill (a page at most) is kept as it is: decoded records re-encode byte for byte.
    const c = await encodeEdited((j) => (j.header.recordLength += 64));
    expect(c.code).to.equal(0);
    expect((c.written as Uint8Array).length).to.equal(base.header.recordLength + 64);
  });
  it("a 40-character fruText, an ARM GUID on a memory body: one line naming the field, exit 2 (was a stack trace, exit 70)", async () => {
    const a = await encodeEdited((j) => (j.sectionDescriptors[0].fruText = "x".repeat(40)));
    expect(a.code).to.equal(2);
    oneLine(a.stderr);
    expect(a.stderr).to.contain("FruString");
    const b = await encodeEdited((j) => (j.sectionDescriptors[0].sectionType = { data: "e19e3d16-bc11-11e4-9caa-c2051d5d46b0", type: "ARM" }));
    expect(b.code).to.equal(2);
    oneLine(b.stderr);
    expect(b.stderr).to.contain("sections[0]");
  });
  it("a refused member is named once, by its JSON path, then what is wrong (the path was printed three times)", async () => {
    const a = await encodeEdited((j) => (j.sections[0] = { Memory: { errorStatus: "x" } }));
    expect(a.code).to.equal(2);
    oneLine(a.stderr);
    const path = /^armras cper: \S+: (\$\.sections\[0\]\.Memory[^:]*): (.*)$/.exec(a.stderr.trim());
    expect(path, a.stderr).to.not.equal(null);
    expect(path![2]).to.not.contain("$.");
    expect(a.stderr.split("sections[0]").length - 1).to.equal(1);
  });
  it("{\"__proto__\": <record>} is not a record (the key is data, not the prototype) (item 5)", async () => {
    const p = parseJson('{"__proto__": {"header": 1}, "a": 2}');
    expect(p.ok).to.equal(true);
    if (p.ok) {
      const o = p.value as Record<string, unknown>;
      expect(Object.getPrototypeOf(o)).to.equal(Object.prototype);
      expect(Object.keys(o)).to.deep.equal(["__proto__", "a"]);
      expect((o as { header?: unknown }).header).to.equal(undefined);
    }
    const r = await encodeEdited(() => {}, (t) => `{"__proto__": ${t}}`);
    expect(r.code).to.equal(2);
    expect(r.written).to.equal(undefined);
  });
  it("100000 nested '[': a syntax error naming the depth, not a stack overflow", async () => {
    const r = await cli(["cper", "encode", tmp("deep.json", "[".repeat(100000) + "]".repeat(100000))]);
    expect(r.code).to.equal(2);
    oneLine(r.stderr);
    expect(r.stderr).to.contain("nesting deeper than 512 levels");
  });
  it("without -o: says on stderr what stdout holds; --format json; extra files refused (item 7, 10)", async () => {
    const r = await cli(["cper", "encode", F("arm-ghes.json")]);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.match(/^armras cper: no -o given: the \d+ encoded bytes follow as hex text/);
    const j = await cli(["cper", "encode", F("arm-ghes.json"), "--format", "json"]);
    expect(JSON.parse(j.stdout).hex).to.equal(r.stdout.trim());
    const two = await cli(["cper", "encode", F("arm-ghes.json"), F("arm-ghes.json")]);
    expect(two.code).to.equal(2);
    expect(two.stderr).to.contain("encode takes one JSON file");
  });
});

describe("cli robustness: empty input (item 6)", () => {
  it("cper decode (file and stdin), cper lint, acpi decode, acpi build, sim, take: exit 2 naming the input", async () => {
    const empty = tmp("empty.bin", "");
    for (const args of [
      ["cper", "decode", empty],
      ["cper", "decode", "-"],
      ["cper", "decode", "--stream", "--jobs", "1", empty],
      ["cper", "lint", empty],
      ["cper", "lint", "-"],
      ["cper", "encode", empty],
      ["acpi", "decode", empty],
      ["acpi", "build", "hest", empty],
      ["sim", empty.replace(/\.bin$/, ".json")],
      ["take", empty],
    ]) {
      if (args[0] === "sim") writeFileSync(args[1]!, "");
      const r = await cli(args, "");
      expect(r.code, args.join(" ")).to.equal(2);
      oneLine(r.stderr);
      expect(r.stderr, args.join(" ")).to.match(/empty input|too short/);
    }
  });
});

describe("cli robustness: every positional argument processed or refused (item 7)", () => {
  it("cper lint A B lints both (B's findings count); kernel versions / sim --list refuse extra arguments", async () => {
    const r = await cli(["cper", "lint", F("arm-ghes.bin"), F("stream.bin")]);
    expect(r.stdout).to.contain(`${F("arm-ghes.bin")}: no findings`);
    expect(r.stdout).to.contain(`${F("stream.bin")}: 0x`);
    expect(r.code).to.equal(1);
    expect((await cli(["kernel", "versions", "extra"])).code).to.equal(2);
    expect((await cli(["sim", "--list", "extra"])).code).to.equal(2);
  });
  it("options that do not apply are refused: --guest-kernel without a guest, --region on a HEST, --table on another table", async () => {
    const g = await cli(["sim", "host-poison-user", "--guest-kernel", "5.10"]);
    expect(g.code).to.equal(2);
    expect(g.stderr).to.contain("has no guest");
    const region = await cli(["acpi", "decode", fixturePath("apei", "einj.bin"), "--region", fixturePath("apei", "bert-region.bin")]);
    expect(region.code).to.equal(2);
    expect(region.stderr).to.contain("--region applies to a BERT");
    const table = await cli(["acpi", "decode", fixturePath("apei", "einj.bin"), "--table", "HEST"]);
    expect(table.code).to.equal(2);
    expect(table.stderr).to.contain("holds no HEST table");
  });
});

describe("cli robustness: pipes (items 2, 8)", () => {
  it("EPIPE: a reader that closes the pipe ends the run quietly (armras sim --list | head -1)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "cper", "decode", multiFile(300), "--format", "json"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Read the first bytes, then close our end: every later write meets EPIPE.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).to.equal("");
    expect(code).to.equal(0);
    // The issue's own case: a shell pipe into head -1.
    const sh = await new Promise<{ code: number; err: string }>((resolve) =>
      execFile("sh", ["-c", `"${process.execPath}" --import tsx src/cli/main.ts sim --list | head -1 >/dev/null`], { cwd: ROOT }, (e, _o, err) => resolve({ code: e ? 1 : 0, err })),
    );
    expect(sh).to.deep.equal({ code: 0, err: "" });
  });
  it("a child process piped into a reader that stops: the decoder stops too (no CPU spent filling memory)", async function () {
    if (!existsSync("/proc/self/stat")) this.skip();
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "cper", "decode", multiFile(3000), "--stream", "--jobs", "1", "--format", "json"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] });
    /** The child's CPU time so far, in clock ticks (utime + stime, /proc/<pid>/stat fields 14 and 15). */
    const cpu = () => {
      const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return Number(f[11]) + Number(f[12]);
    };
    // Take the first bytes, then stop reading: the pipe fills and the child must wait.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 1500));
    const a = cpu();
    await new Promise((r) => setTimeout(r, 1500));
    const b = cpu();
    child.stdout.resume();
    let bytes = 0;
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(code).to.equal(0);
    expect(bytes).to.be.greaterThan(10 << 20);
    // While nobody reads, the decoder waits (the old one went on decoding into memory: seconds of CPU).
    expect(b - a, "clock ticks used while the reader had stopped").to.be.lessThan(15);
  });
  it("awaitingWriter: a write over the high-water mark returns a promise that settles on drain", async () => {
    const chunks: string[] = [];
    let release: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 8,
      write(c: Buffer, _e, cb) {
        chunks.push(c.toString());
        release = cb;
      },
    });
    const w = awaitingWriter(slow);
    expect(w("abc")).to.equal(undefined);
    const p = w("0123456789");
    expect(p).to.be.instanceOf(Promise);
    let settled = false;
    void p!.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).to.equal(false);
    release!();
    await new Promise((r) => setTimeout(r, 0));
    release!();
    await p;
    expect(chunks.join("")).to.equal("abc0123456789");
  });
  for (const jobs of ["1", "2"]) {
    it(`cper decode --stream --jobs ${jobs} waits for each write before printing more (constant memory into a slow reader)`, async () => {
      const file = streamFile(1200, `slow-${jobs}.bin`);
      let outstanding = 0;
      let most = 0;
      let bytes = 0;
      const slowWrite = (n: number) => {
        bytes += n;
        outstanding++;
        most = Math.max(most, outstanding);
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            outstanding--;
            resolve();
          }, 5),
        );
      };
      let stderr = "";
      const io: CliIO = {
        stdout: (t) => slowWrite(Buffer.byteLength(t)),
        stdoutBytes: (b) => slowWrite(b.length),
        stderr: (t) => void (stderr += t),
        readFile: async (p) => new Uint8Array(readFileSync(p)),
        writeFile: async () => {},
      };
      const code = await run(["cper", "decode", file, "--stream", "--jobs", jobs, "--format", "json"], io);
      expect(code).to.equal(1); // stream.bin's second record has warnings
      expect(bytes).to.be.greaterThan(3 << 20); // several 1 MiB batches / worker chunks
      expect(most, "writes in flight at once").to.equal(1);
      expect(stderr).to.contain("warning");
    });
  }
});

describe("cli robustness: resynchronising a stream after a damaged RecordLength (item 9)", () => {
  const unit = fx("stream.bin");
  /** 40 copies of stream.bin (80 records); record 0's RecordLength set to `len`. */
  function damaged(len: number): Uint8Array {
    const buf = new Uint8Array(unit.length * 40);
    for (let i = 0; i < 40; i++) buf.set(unit, i * unit.length);
    new DataView(buf.buffer).setUint32(20, len, true);
    return buf;
  }
  const firstLen = new DataView(unit.buffer, unit.byteOffset).getUint32(20, true);
  for (const len of [0xffffffff, 0x10000, 5000]) {
    it(`RecordLength 0x${len.toString(16)} on the first record: its bytes are reported skipped, the 79 records after it decode`, async () => {
      const file = tmp(`damaged-${len}.bin`, damaged(len));
      const items = [...streamRecords(file, DEFAULT_DECODE_OPTIONS)];
      expect(items.filter((r) => r.ok)).to.have.length(79);
      const skipped = items[0]!;
      expect(skipped.ok).to.equal(false);
      expect("skipped" in skipped).to.equal(true);
      if (!skipped.ok) expect(skipped.error.message).to.match(new RegExp(`^bytes 0\\.\\.${firstLen - 1} \\(0x0\\.\\.0x${(firstLen - 1).toString(16)}, ${firstLen} bytes\\) skipped: .* RecordLength ${len} .* resynchronised on the record signature at ${firstLen} `));
      const outs: string[] = [];
      for (const args of [["--stream", "--jobs", "1"], ["--stream", "--jobs", "2"], []]) {
        const r = await cli(["cper", "decode", file, "--format", "linux", ...args]);
        expect(r.code, args.join(" ")).to.equal(1);
        expect(r.stdout.match(/event severity/g), args.join(" ")).to.have.length(79);
        expect(r.stderr, args.join(" ")).to.contain(`bytes 0..${firstLen - 1}`);
        outs.push(r.stdout);
      }
      // The same text, {1}..{79}, on one thread, on workers and for the file read whole.
      expect(outs[1]).to.equal(outs[0]);
      expect(outs[2]).to.equal(outs[0]);
      expect(outs[0]).to.match(/^\{1\}/);
      expect(outs[0]).to.contain("{79}[Hardware Error]");
    });
  }
  it("garbage between records is skipped up to the next record; garbage at the end still ends the stream (exit 2)", async () => {
    const buf = new Uint8Array(unit.length * 2 + 100 + 7).fill(0x5a);
    buf.set(unit, 0);
    buf.set(unit, unit.length + 100);
    const r = await cli(["cper", "decode", tmp("gap.bin", buf), "--format", "linux"]);
    expect(r.stdout.match(/event severity/g)).to.have.length(4);
    expect(r.stderr).to.contain(`100 byte(s) at ${unit.length} (0x${unit.length.toString(16)}) are not a CPER record: skipped up to the next record signature at ${unit.length + 100}`);
    expect(r.stderr).to.contain("7 trailing byte(s) are not a CPER record");
    expect(r.code).to.equal(2);
  });
});

describe("cli robustness: conventions (item 10)", () => {
  it("armras esr 96000210 reads hex, as the kernel prints it; decimal with 0d or --decimal", async () => {
    const bare = await cli(["esr", "96000210", "--format", "json"]);
    const hex = await cli(["esr", "0x96000210", "--format", "json"]);
    expect(bare.stdout).to.equal(hex.stdout);
    expect(JSON.parse(bare.stdout).ec.code ?? JSON.parse(bare.stdout).ec).to.not.equal(undefined);
    const dec = await cli(["esr", "2516582928", "--decimal", "--format", "json"]);
    expect(dec.stdout).to.equal(hex.stdout);
    expect((await cli(["esr", "0d2516582928", "--format", "json"])).stdout).to.equal(hex.stdout);
  });
  it("--far -1: says the value is negative (not \"not a number: '0x-1'\")", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--far", "-1"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal("armras kernel: --far: '-1' is negative: give an unsigned value (hex digits, e.g. 0xffffffffffffffff for all ones)\n");
  });
  it("a 4-byte file 'CPER' is a truncated record, not hex text", async () => {
    const r = await cli(["cper", "decode", tmp("cper4.bin", "CPER")]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal("armras cper: a CPER record header needs 128 bytes, 4 available (field RecordHeader, byte offset 0 = 0x0)\n");
  });
  it("--format json on cper lint and sim --list; JSON indented 2 everywhere (cper decode too)", async () => {
    const lint = await cli(["cper", "lint", F("stream.bin"), "--format", "json"]);
    expect(lint.code).to.equal(1);
    const j = JSON.parse(lint.stdout);
    expect(j.file).to.equal(F("stream.bin"));
    expect(j.findings.length).to.be.greaterThan(0);
    const list = await cli(["sim", "--list", "--format", "json"]);
    expect(JSON.parse(list.stdout)[0]).to.have.keys(["name", "description"]);
    for (const out of [lint.stdout, list.stdout, (await cli(["cper", "decode", F("arm-ghes.bin"), "--format", "json"])).stdout, (await cli(["esr", "0x96000010", "--format", "json"])).stdout]) {
      expect(out.split("\n")[1]).to.match(/^ {2}\S/);
    }
  });
  it("--version prints the package's version", async () => {
    const r = await cli(["--version"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(`armras ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`);
  });
  it("a progress line for long stream decodes only when stderr is a terminal (io.progress given)", async () => {
    const file = streamFile(1200, "progress.bin");
    const lines: string[] = [];
    const base: CliIO = { stdout: () => {}, stderr: () => {}, readFile: async (p) => new Uint8Array(readFileSync(p)), writeFile: async () => {} };
    await run(["cper", "decode", file, "--stream", "--jobs", "1"], { ...base, progress: { write: (l) => void lines.push(l), everyMs: 0 } });
    expect(lines.length).to.be.greaterThan(1);
    expect(lines[0]).to.match(/^armras cper: .*progress\.bin: [\d.]+ of [\d.]+ MiB \(\d+%\), \d+ record\(s\)/);
    expect(lines.at(-1)).to.equal(""); // cleared at the end
    expect(existsSync(file)).to.equal(true);
  });
});
