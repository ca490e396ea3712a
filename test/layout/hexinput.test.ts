// Hex text input: plain hex, hexdump -C style dumps, the kernel's print_hex_dump lines.
import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import { bytesFromInput, looksLikeText, parseHexText } from "../../src/layout/index.js";
import { describeShared, sharedPath } from "../helpers.js";

const enc = (s: string) => new TextEncoder().encode(s);

describe("layout: hex text input", () => {
  it("plain hex with spaces, commas and 0x prefixes", () => {
    const r = parseHexText("0x43, 0x50 45 52\n");
    expect(r.ok && [...r.value]).to.deep.equal([0x43, 0x50, 0x45, 0x52]);
  });
  it("kernel print_hex_dump lines are little-endian 32-bit groups (ascii column ignored)", () => {
    const r = parseHexText("[    0.29] {1}[Hardware Error]:   00000000: 00000005 ec30000e  ......0.\n[    0.29] {1}[Hardware Error]:   section length: 0x8\n");
    expect(r.ok && Buffer.from(r.value).toString("hex")).to.equal("050000000e0030ec");
  });
  it("hexdump -C lines with titles and shell prompts around them", () => {
    const r = parseHexText("$ tool -x\nHeader (4 bytes):\n  00000000  01 02 03 04                                       ....\n\nPayload:\n00000000  ff ee  |..|\n");
    expect(r.ok && [...r.value]).to.deep.equal([1, 2, 3, 4, 0xff, 0xee]);
  });
  it("errors name the offset: non-hex characters and odd digit counts", () => {
    const a = parseHexText("4350zz");
    expect(a.ok).to.equal(false);
    if (!a.ok) expect(a.error.offset).to.equal(4);
    const b = parseHexText("435");
    expect(b.ok).to.equal(false);
    if (!b.ok) expect(b.error.message).to.match(/odd/);
    const c = parseHexText("00000000: 0000005 12345678  ........");
    expect(c.ok).to.equal(false);
  });
  it("linear-time line reading: damaged dump lines of 100k digits are read (or refused) in one pass", () => {
    // A backtracking pattern took 7.7 s on 40 digits + '}' and ~6x more per 4 digits: these would never finish.
    const digits = "0123456789abcdef".repeat(6250);
    const damaged = parseHexText(`00000000: ${digits}}\n`);
    expect(damaged.ok).to.equal(false);
    if (!damaged.ok) expect(damaged.error.message).to.match(/not hex text/);
    const kernel = parseHexText(`[Hardware Error]:  00000000: ${digits.slice(0, 99992)}}\n`);
    expect(kernel.ok).to.equal(false);
    // Not a kernel dump line (no two blanks before the 'x'): read as a hexdump -C line, 16 bytes at most.
    const spaced = parseHexText(`00000000: ${"12 ".repeat(40000)}x\n`);
    expect(spaced.ok && spaced.value.length).to.equal(16);
    // A long but well-formed dump line: one group of 100000 digits is a 50000-byte word (memory order reversed).
    const long = parseHexText(`00000000: ${digits}  ascii\n`);
    expect(long.ok && long.value.length).to.equal(50000);
    expect(long.ok && long.value[0]).to.equal(0xef);
  });
  it("hexdump -C lines: both halves of the 16 bytes and the last byte of a short line", () => {
    const r = parseHexText("00000000  43 50 45 52 04 01 ff ff  ff ff 02 00 03 00 00 00  |CPER............|\n00000010  01 02\n");
    expect(r.ok && Buffer.from(r.value).toString("hex")).to.equal("435045520401ffffffff0200030000000102");
  });
  it("binary input stays binary", () => {
    const bin = Uint8Array.of(0x43, 0x50, 0x45, 0x52, 0, 0, 0xff);
    expect(looksLikeText(bin)).to.equal(false);
    expect(looksLikeText(new Uint8Array())).to.equal(false);
    const r = bytesFromInput(bin);
    expect(r.ok && r.value).to.equal(bin);
    expect(bytesFromInput(enc("4350")).ok).to.equal(true);
  });
});

describeShared("layout: every corpus .hex file parses to its .bin (../shared/corpus/cper)", () => {
  for (const dir of ["record", "estatus"]) {
    for (const f of readdirSync(sharedPath("corpus", "cper", dir)).filter((x) => x.endsWith(".hex"))) {
      it(`${dir}/${f}`, () => {
        const r = bytesFromInput(new Uint8Array(readFileSync(sharedPath("corpus", "cper", dir, f))));
        expect(r.ok).to.equal(true);
        if (r.ok) expect(Buffer.from(r.value).equals(readFileSync(sharedPath("corpus", "cper", dir, f.replace(/\.hex$/, ".bin"))))).to.equal(true);
      });
    }
  }
  for (const n of ["ampere_altra_aris_src0", "ampere_altra_aris_src3", "cxl_gmer_qemu_cameron"]) {
    it(`section/${n}.dmesg.txt (kernel hex dump) parses to ${n}.section.bin`, () => {
      const r = bytesFromInput(new Uint8Array(readFileSync(sharedPath("corpus", "cper", "section", `${n}.dmesg.txt`))));
      expect(r.ok && Buffer.from(r.value).equals(readFileSync(sharedPath("corpus", "cper", "section", `${n}.section.bin`)))).to.equal(true);
    });
  }
});
