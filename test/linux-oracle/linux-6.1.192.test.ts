// Linux 6.1.192's own printing code, run on ~30,000 ESR values and ~2,200 status blocks
// (../shared/oracles/linux-6.1.192): every line we print at --kernel 6.1.192 must be the kernel's,
// in order. The undecidable blocks (the kernel reads past a short section) are skipped by name.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, describeShared } from "../helpers.js";
import { decode } from "../../src/cper/decode.js";
import { renderLinux, type KernelArch } from "../../src/cper/render/linux.js";
import { parseKernelVersion } from "../../src/linux/version.js";
import { kmsgView, normalise, oracleRows, UNDECIDABLE, type CperRow, type EsrRow } from "./oracle.js";

const K192 = parseKernelVersion("6.1.192");
const K610 = parseKernelVersion("6.1");

/** What `armras cper decode --format linux` prints for one block (the library path the CLI takes). */
function print(row: CperRow, arch: KernelArch, kernel = K192, view: "kmsg" | "console" = "kmsg"): string[] {
  const d = decode(Buffer.from(row.block, "hex"), { framing: "estatus" });
  if (!d.ok) return [];
  return renderLinux(d.value.tree, { kernel, seq: 1, kernelArch: arch, view });
}

/** The oracle's lines as our CLI should print them: without the ghes.c source line, in the dmesg view; a refused block: its warning. */
function expected(row: CperRow): string[] {
  return row.rejected !== undefined ? [row.ghes_warning!] : kmsgView(row.lines.slice(1));
}

describeShared("linux-oracle: Linux 6.1.192's ESR text (../shared/oracles/linux-6.1.192/esr.jsonl.gz)", () => {
  it("every value, many values per `armras esr … --format linux --kernel 6.1.192` call: every line identical, in order", async () => {
    const rows = oracleRows<EsrRow>("esr.jsonl.gz");
    expect(rows.length).to.equal(29918);
    let values = 0;
    let lines = 0;
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = rows.slice(i, i + 2000);
      const r = await cli(["esr", ...chunk.map((x) => x.esr), "--format", "linux", "--kernel", "6.1.192"]);
      expect(r.code, r.stderr.slice(0, 200)).to.be.oneOf([0, 1]);
      // One block per value, in order, separated by a blank line.
      const blocks = r.stdout.replace(/\n$/, "").split("\n\n");
      expect(blocks.length).to.equal(chunk.length);
      chunk.forEach((row, j) => {
        expect(blocks[j]!.split("\n"), row.esr).to.deep.equal(row.lines);
        values++;
        lines += row.lines.length;
      });
    }
    expect([values, lines]).to.deep.equal([29918, 63082]);
  });
});

for (const arch of ["arm64", "x86_64"] as const) {
  describeShared(`linux-oracle: Linux 6.1.192's CPER text, ${arch} build (../shared/oracles/linux-6.1.192/cper-${arch}.jsonl.gz)`, () => {
    const rows = oracleRows<CperRow>(`cper-${arch}.jsonl.gz`);
    const skip = new Set(UNDECIDABLE[arch]);

    it("the undecidable blocks are exactly the README's list (skipped by name)", () => {
      expect(rows.filter((r) => r.reads_past_section !== undefined).map((r) => r.name)).to.have.members([...skip]);
    });

    it(`every decidable block at --kernel 6.1.192 --kernel-arch ${arch}: every line identical (dmesg view), in order; refused blocks print only ghes.c's warning`, () => {
      let blocks = 0;
      let lines = 0;
      for (const row of rows) {
        if (skip.has(row.name)) continue;
        const want = expected(row).map(normalise);
        expect(print(row, arch).map(normalise), row.name).to.deep.equal(want);
        blocks++;
        lines += want.length;
      }
      expect([blocks, lines]).to.deep.equal(arch === "arm64" ? [1992, 26772] : [164, 3972]);
    });

    it("--console: the raw bytes, byte for byte and space for space (no normalising), for every accepted decidable block", () => {
      for (const row of rows) {
        if (skip.has(row.name) || row.rejected !== undefined) continue;
        expect(print(row, arch, K192, "console").join("\n"), row.name).to.equal(row.lines.slice(1).join("\n"));
      }
    });
  });
}

describeShared("linux-oracle: 6.1.0 and 6.1.192 differ exactly where the 6.1 stable line took backports", () => {
  const rows = oracleRows<CperRow>("cper-arm64.jsonl.gz").filter((r) => !UNDECIDABLE.arm64.includes(r.name));
  const byName = new Map(rows.map((r) => [r.name, r]));

  it("only blocks with ARM (2.9A type bitmask, CPER-size check) or firmware (length check) sections change, and both do", () => {
    const changedKinds = new Set<string>();
    for (const row of rows) {
      const a = print(row, "arm64", K610);
      const b = print(row, "arm64", K192);
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      const kinds = row.kind.split(",");
      expect(kinds.some((k) => k === "arm" || k === "firmware"), row.name).to.equal(true);
      for (const k of kinds) if (k === "arm" || k === "firmware") changedKinds.add(k);
    }
    expect([...changedKinds].sort()).to.deep.equal(["arm", "firmware"]);
  });

  it("ARM: 6.1.0 prints error_type as the pre-2.9A enum and has no CPER-size check; 6.1.192 as the kernel printed", () => {
    const row = byName.get("single-arm-003")!; // section_length 72 in a 52-byte section
    expect(print(row, "arm64", K192).some((l) => l.endsWith("section length: 72, CPER size: 52"))).to.equal(true);
    expect(print(row, "arm64", K610).some((l) => l.includes("CPER size"))).to.equal(false);
    const bitmask = byName.get("single-arm-004")!;
    expect(print(bitmask, "arm64", K192)).to.include("{1}[Hardware Error]:    error_type: 0x10: micro-architectural error");
    expect(print(bitmask, "arm64", K610)).to.include("{1}[Hardware Error]:    error_type: 16, unknown");
  });

  it("memory: error_status with cper_mem_err_status_str() text in both (mainline since ~5.19, not a backport)", () => {
    const row = byName.get("corpus/record/libcper_memory")!;
    for (const k of [K610, K192]) expect(print(row, "arm64", k)).to.include("{1}[Hardware Error]:    error_status: Error detected in the bus (0x00000000006b1000)");
    expect(print(row, "arm64", parseKernelVersion("5.15"))).to.include("{1}[Hardware Error]:   error_status: 0x00000000006b1000");
  });

  it("firmware: a record shorter than its revision's offset is refused in 6.1.192; 6.1.0 reads past it (prints nothing more)", () => {
    const row = byName.get("single-firmware-005")!;
    const b = print(row, "arm64", K192);
    expect(b[b.length - 1]).to.equal("{1}[Hardware Error]:   error section length is too small: offset=32, length=16");
    expect(print(row, "arm64", K610).some((l) => l.includes("too small"))).to.equal(false);
  });

  it("ESR: no 6.1 backport touches the ESR text (6.1.0 prints every oracle value the same)", async () => {
    const rows = oracleRows<EsrRow>("esr.jsonl.gz").filter((_, i) => i % 50 === 0);
    const a = await cli(["esr", ...rows.map((r) => r.esr), "--format", "linux", "--kernel", "6.1"]);
    expect(a.stdout.replace(/\n$/, "").split("\n\n").map((b) => b.split("\n"))).to.deep.equal(rows.map((r) => [...r.lines]));
  });
});

describeShared("linux-oracle: the CLI takes many status blocks per call (`armras cper decode f1 f2 … --format linux`)", () => {
  for (const arch of ["arm64", "x86_64"] as const) {
    it(`${arch}: 120 blocks in one call with --source-id 1, {N} counting from 1, every line as the kernel printed it (ghes.c's first line included)`, async () => {
      const rows = oracleRows<CperRow>(`cper-${arch}.jsonl.gz`)
        .filter((r) => !UNDECIDABLE[arch].includes(r.name) && r.rejected === undefined && r.source_id === 1)
        .slice(0, 120);
      const dir = mkdtempSync(join(tmpdir(), "armras-oracle-"));
      try {
        const files = rows.map((r, i) => {
          const f = join(dir, `${i}.hex`);
          writeFileSync(f, r.block);
          return f;
        });
        const r = await cli(["cper", "decode", ...files, "--framing", "estatus", "--format", "linux", "--kernel", "6.1.192", "--kernel-arch", arch, "--source-id", "1"]);
        expect(r.code).to.be.oneOf([0, 1]);
        const want = rows.flatMap((row, i) => kmsgView(row.lines).map((l) => l.replace(/^\{1\}/, `{${i + 1}}`)));
        expect(r.stdout.replace(/\n$/, "").split("\n")).to.deep.equal(want);
      } finally {
        rmSync(dir, { recursive: true });
      }
    });
  }
});
