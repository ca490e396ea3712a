// armras cper decode|encode|lint, run in-process.
import { expect } from "chai";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, describeShared, fixturePath, sharedPath } from "../helpers.js";
import { parseJson } from "../../src/cper/json/reader.js";

const F = (n: string) => fixturePath("cper", n);

describe("cli: armras cper", () => {
  it("help and usage errors (exit 2)", async () => {
    expect((await cli(["cper", "--help"])).code).to.equal(0);
    expect((await cli(["cper"])).code).to.equal(2);
    const r = await cli(["cper", "decode"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/needs a file/);
    expect((await cli(["cper", "decode", F("arm-ghes.bin"), "--format", "xml"])).code).to.equal(2);
    expect((await cli(["cper", "decode", F("arm-ghes.bin"), "--framing", "section"])).stderr).to.match(/--section-type/);
    expect((await cli(["cper", "encode"])).code).to.equal(2);
    expect((await cli(["cper", "lint"])).code).to.equal(2);
    expect((await cli(["cper", "decode", "/nonexistent/x.bin"])).code).to.equal(2);
  });
  it("decode --format linux of a clean status block: exit 0", async () => {
    const r = await cli(["cper", "decode", F("arm-ghes.bin"), "--format", "linux"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("{1}[Hardware Error]:   section_type: ARM processor error\n");
    expect(r.stdout).to.contain("{1}[Hardware Error]:    error_type: 0x02: cache error\n");
    const legacy = await cli(["cper", "decode", F("arm-ghes.bin"), "--format", "linux", "--arm-type", "legacy"]);
    expect(legacy.stdout).to.contain("error_type: 2, bus error");
  });
  it("decode of a stream with warnings: every record, numbered, exit 1, warnings name offsets", async () => {
    const r = await cli(["cper", "decode", F("stream.bin"), "--format", "linux"]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("{1}[Hardware Error]: event severity: fatal");
    expect(r.stdout).to.contain("{2}[Hardware Error]: event severity: corrected");
    expect(r.stderr).to.match(/warning: 73-byte memory section.*byte offset 1410 = 0x582/);
  });
  it("decode --format json --ndjson: one JSON document per line, 64-bit values exact", async () => {
    const r = await cli(["cper", "decode", F("stream.bin"), "--format", "json", "--ndjson"]);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).to.equal(2);
    const j = parseJson(lines[0]!);
    expect(j.ok && (j.value as any).header.recordID).to.equal(18364758544493064720n);
  });
  it("decode of hex text on stdin, text format, bare section with --section-type", async () => {
    const hex = Buffer.from(readFileSync(F("ampere-section.bin"))).toString("hex");
    const r = await cli(["cper", "decode", "-", "--section-type", "e8ed898d-df16-43cc-8ecc-54f060ef157f"], hex);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("UET   [21:20]  0x3                 UER (Signaled or Recoverable)");
    const bad = await cli(["cper", "decode", "-"], "zz");
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/byte offset 0/);
    const unknown = await cli(["cper", "decode", "-"], "00".repeat(300));
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/not a CPER record/);
  });
  it("many files at once: each labelled", async () => {
    const r = await cli(["cper", "decode", F("arm-ghes.bin"), F("multi-record.bin")]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("Generic Error Status Block");
    expect(r.stdout).to.contain("CPER record, fatal, 6 section(s)");
  });
  it("encode: JSON → bytes (-o file, or hex on stdout); --fix-lengths; errors name the JSON path", async () => {
    const r = await cli(["cper", "encode", F("multi-record.json"), "--fix-lengths", "-o", "out.bin"]);
    expect(r.code).to.equal(0);
    expect(Buffer.from(r.files.get("out.bin") as Uint8Array).equals(readFileSync(F("multi-record.bin")))).to.equal(true);
    const dec = await cli(["cper", "decode", F("arm-ghes.bin"), "--format", "json"]);
    const dir = mkdtempSync(join(tmpdir(), "armras-"));
    try {
      writeFileSync(join(dir, "a.json"), dec.stdout);
      const e = await cli(["cper", "encode", join(dir, "a.json")]);
      expect(e.stdout.trim()).to.equal(Buffer.from(readFileSync(F("arm-ghes.bin"))).toString("hex"));
      writeFileSync(join(dir, "bad.json"), '{"header": {"severity": {"code": "x"}}, "sectionDescriptors": [], "sections": []}');
      const b = await cli(["cper", "encode", join(dir, "bad.json")]);
      expect(b.code).to.equal(2);
      expect(b.stderr).to.contain("$.header.severity.code");
      writeFileSync(join(dir, "syntax.json"), "{");
      expect((await cli(["cper", "encode", join(dir, "syntax.json")])).code).to.equal(2);
      writeFileSync(join(dir, "two.json"), `[${dec.stdout}, ${dec.stdout}]`);
      const two = await cli(["cper", "encode", join(dir, "two.json")]);
      expect(two.stdout.trim().length).to.equal(4 * readFileSync(F("arm-ghes.bin")).length);
      writeFileSync(join(dir, "bad2.json"), `[${dec.stdout}, {}]`);
      expect((await cli(["cper", "encode", join(dir, "bad2.json")])).stderr).to.contain("[1]");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
  it("lint: clean fixture exit 0; findings exit 1 with offset and spec clause; unusable input exit 2", async () => {
    const clean = await cli(["cper", "lint", F("arm-ghes.bin")]);
    expect(clean.stdout).to.equal("no findings\n");
    expect(clean.code).to.equal(0);
    const f = await cli(["cper", "lint", F("memory-73.bin")]);
    expect(f.code).to.equal(1);
    expect(f.stdout).to.match(/^0x0004 warning RecordHeader.Revision: .*\[UEFI 2.10 N.2.1 Table N-1\]$/m);
    expect(f.stdout).to.match(/0x00c8 warning Section\[0\]\.PlatformMemoryError: 73-byte memory section/);
    const bad = await cli(["cper", "lint", "-"], "00");
    expect(bad.code).to.equal(2);
    expect((await cli(["cper", "lint", "-"], "zz")).code).to.equal(2);
  });
});

describeShared("cli: armras cper on the corpus", () => {
  it("decode of the corpus .hex (hexdump -C) of the GHES block renders the dmesg oracle", async () => {
    const r = await cli(["cper", "decode", sharedPath("corpus", "cper", "estatus", "arm_ghes_inject_v8_estatus.hex"), "--format", "linux"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("{1}[Hardware Error]:    physical fault address: 0x00000000deadbeef\n");
  });
  it("decode of a kernel dmesg hex dump file as a bare section", async () => {
    const r = await cli(["cper", "decode", sharedPath("corpus", "cper", "section", "ampere_altra_aris_src0.dmesg.txt"), "--section-type", "e8ed898d-df16-43cc-8ecc-54f060ef157f", "--format", "json"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('"errStatus": 3962568718');
  });
});
