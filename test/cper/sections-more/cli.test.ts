// The non-core sections through the armras CLI (in-process), on the
// hand-built fixtures: bare-section framing, JSON/Linux/text output, encode
// back to the same bytes, and lint findings with exit code 1.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { cli, fixturePath } from "../../helpers.js";
import { fromHex, hex } from "./util.js";

const FW = "81212a96-09ed-4996-9471-8d729c8e69ed";
const IA = "dc3ea0b0-a144-4797-b95b-53fa242b6e1d";
const BUS = "c5753963-3b84-4095-bf78-eddad3f9c9dd";
const fx = (n: string): string => fixturePath("cper", "sections-more", n);

describe("CPER more sections: CLI", () => {
  it("firmware revision 0 decodes as a bare section to Linux's lines", async () => {
    const r = await cli(["cper", "decode", fx("firmware-rev0-data.hex"), "--framing", "section", "--section-type", FW, "--format", "linux"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include("Firmware Error Record Type: SOC Firmware Error Record Type1 (Legacy CrashLog Support)");
    expect(r.stdout).to.include("Record Identifier: 1122334455667788");
    expect(r.stdout).to.include("00000000: efbeadde 04030201");
  });

  it("IA32/X64 JSON has libcper's keys, and encodes back to the identical bytes", async () => {
    const r = await cli(["cper", "decode", fx("ia32x64-cache.hex"), "--framing", "section", "--section-type", IA, "--format", "json"]);
    expect(r.code).to.equal(0);
    const j = JSON.parse(r.stdout) as { section: { Ia32x64Processor: Record<string, unknown> } };
    const s = j.section.Ia32x64Processor;
    expect(s.localAPICID).to.equal(7);
    expect(s.processorErrorInfoNum).to.equal(1);
    const info = (s.processorErrorInfo as Record<string, unknown>[])[0]!;
    expect(info.type).to.deep.equal({ guid: "a55701f5-e3ef-43de-ac72-249b573fad2c", name: "Cache Check Error" });
    expect(info.checkInfo).to.deep.equal({
      transactionType: { value: 0, name: "Instruction" },
      operation: { value: 1, name: "Generic Read" },
      level: 1,
      uncorrected: true,
    });
    const enc = await cli(["cper", "encode", "-", "-o", "out.bin"], r.stdout);
    expect(enc.code, enc.stderr).to.equal(0);
    const out = enc.files.get("out.bin") as Uint8Array;
    expect(hex(out)).to.equal(hex(fromHex(readFileSync(fx("ia32x64-cache.hex"), "utf8"))));
  });

  it("lint reports the PCI bus section's reserved field and out-of-structure validation bit (exit 1)", async () => {
    const r = await cli(["cper", "lint", fx("pci-bus-lint.hex"), "--framing", "section", "--section-type", BUS]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/0x0014 .*Reserved/);
    expect(r.stdout).to.match(/0x0000 .*ValidationBits.*0x200/);
  });

  it("text output explains the section", async () => {
    const r = await cli(["cper", "decode", fx("ia32x64-cache.hex"), "--framing", "section", "--section-type", IA, "--format", "text"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include("error 0: cache error");
  });
});
