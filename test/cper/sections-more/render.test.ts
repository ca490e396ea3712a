// Linux renderings, with expected lines written from the kernel's format
// strings (cper_print_fw_err, cper_print_pcie, cper_print_proc_ia,
// cper_print_prot_err) applied by hand to the input bytes.
import { expect } from "chai";
import { DEFAULT_SECTION_OPTIONS, type SectionDecodeOptions } from "../../../src/cper/section-api.js";
import { cxlProtocolCodec } from "../../../src/cper/sections/cxl-protocol.js";
import { firmwareCodec } from "../../../src/cper/sections/firmware.js";
import { ia32x64Codec } from "../../../src/cper/sections/ia32x64.js";
import type { LibcperCodec } from "../../../src/cper/sections/libcper-codec.js";
import { BUILTIN_SECTIONS } from "../../../src/cper/sections/index.js";
import { pcieCodec } from "../../../src/cper/sections/pcie.js";
import { describeShared } from "../../helpers.js";
import { fromHex, sectionsOfRecord, sharedRecord } from "./util.js";

function decoded<T>(codec: LibcperCodec<T>, body: Uint8Array): T {
  const r = codec.decode(body, DEFAULT_SECTION_OPTIONS);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("CPER more sections: Linux renderings (hand-built bodies)", () => {
  it("firmware revision 0 (16-byte reference + 8 bytes of record data): type, revision, %08llx id, hex dump from byte 16", () => {
    // UEFI N.2.10: type 1, revision 0, 6 reserved, Record Identifier 0x1122334455667788; then data.
    const body = fromHex("01 00 000000000000 8877665544332211 deadbeef01020304");
    const lines = firmwareCodec.renderLinux!(decoded(firmwareCodec, body), DEFAULT_SECTION_OPTIONS);
    expect(lines).to.deep.equal([
      "Firmware Error Record Type: SOC Firmware Error Record Type1 (Legacy CrashLog Support)",
      "Revision: 0",
      "Record Identifier: 1122334455667788",
      "00000000: efbeadde 04030201" + " ".repeat(20) + "........",
    ]);
  });

  it("firmware revision 2: the GUID is the record identifier; nothing to dump", () => {
    const body = fromHex("02 02 000000000000 0000000000000000 11f3878f98c99e4da0c46065518c4f6d");
    expect(firmwareCodec.renderLinux!(decoded(firmwareCodec, body), DEFAULT_SECTION_OPTIONS)).to.deep.equal([
      "Firmware Error Record Type: SOC Firmware Error Record Type2",
      "Revision: 2",
      "Record Identifier: 8f87f311-c998-4d9e-a0c4-6065518c4f6d",
    ]);
  });

  it("firmware revision 1 dumps from byte 8 (neither identifier is defined); unknown type prints 'unknown'", () => {
    const body = fromHex("07 01 000000000000 4142434445464748 00000000000000000000000000000000");
    const lines = firmwareCodec.renderLinux!(decoded(firmwareCodec, body), DEFAULT_SECTION_OPTIONS);
    expect(lines[0]).to.equal("Firmware Error Record Type: unknown");
    expect(lines).to.have.length(4);
    expect(lines[2]).to.equal("00000000: 44434241 48474645 00000000 00000000  ABCDEFGH........");
    expect(lines[3]).to.equal("00000010: 00000000 00000000" + " ".repeat(20) + "........");
  });

  it("CXL protocol error, a CXL device: agent type, agent address, serial number", () => {
    const body = new Uint8Array(116);
    const dv = new DataView(body.buffer);
    dv.setBigUint64(0, 0b1011n, true); // agent type, agent address, serial number
    body[8] = 2; // CXL Device
    body.set([1, 2, 3, 4, 0], 16); // function 1, device 2, bus 3, segment 0x0004
    dv.setBigUint64(40, 0x1122334455667788n, true);
    expect(cxlProtocolCodec.renderLinux!(decoded(cxlProtocolCodec, body), DEFAULT_SECTION_OPTIONS)).to.deep.equal([
      " agent_type: 2, CXL Device",
      " agent_address: 0004:03:02.1",
      " lower_dw: 0x55667788, upper_dw: 0x11223344",
    ]);
  });

  it("CXL protocol error, an RCH downstream port: the RCRB base; no serial number line", () => {
    const body = new Uint8Array(116);
    const dv = new DataView(body.buffer);
    dv.setBigUint64(0, 0b1011n, true);
    body[8] = 1;
    dv.setBigUint64(16, 0xfed00000n, true);
    expect(cxlProtocolCodec.renderLinux!(decoded(cxlProtocolCodec, body), DEFAULT_SECTION_OPTIONS)).to.deep.equal([
      " agent_type: 1, Restricted CXL Host Downstream Port",
      " rcrb_base_address: 0x00000000fed00000",
    ]);
  });

  it("every codec has a plain-text rendering", () => {
    for (const c of BUILTIN_SECTIONS) {
      const r = c.decode(new Uint8Array(256), DEFAULT_SECTION_OPTIONS);
      if (!r.ok) throw new Error(c.key);
      const lines = c.renderText!(r.value, DEFAULT_SECTION_OPTIONS);
      // Processor Generic's text is cper_print_proc_generic's lines: none when no validation bit is set.
      if (c.key === "generic") expect(lines, c.key).to.deep.equal([]);
      else expect(lines.length, c.key).to.be.greaterThan(0);
    }
  });
});

describeShared("CPER more sections: Linux renderings of the libcper examples", () => {
  it("PCIe (cper_print_pcie): port type, command/status, serial; AER registers by release (6.12: every severity + aer_cor_*; before: fatal only)", () => {
    const s = sectionsOfRecord(sharedRecord("libcper_pcie").bytes)[0]!;
    const v = decoded(pcieCodec, s.body);
    const base = ["port_type: 5, upstream switch port", "command: 0xc27c, status: 0xf854", "serial number: 0x17055d25, 0xd45ee958"];
    const uncor = ["aer_uncor_status: 0xbb5cf989, aer_uncor_mask: 0x950f99a8", "aer_uncor_severity: 0xb3f1ebb1", "TLP Header: bd644748 a81e231f c5647b1c c55a7314"];
    const pre = (severity?: number) => ({ ...DEFAULT_SECTION_OPTIONS, aerAllSeverities: false, ...(severity === undefined ? {} : { severity }) }) as SectionDecodeOptions;
    expect(pcieCodec.renderLinux!(v, pre())).to.deep.equal(base);
    expect(pcieCodec.renderLinux!(v, pre(0))).to.deep.equal(base);
    expect(pcieCodec.renderLinux!(v, pre(1))).to.deep.equal([...base, ...uncor]);
    expect(pcieCodec.renderLinux!(v, DEFAULT_SECTION_OPTIONS)).to.deep.equal([...base, "aer_cor_status: 0x00f7ef05, aer_cor_mask: 0xe53aa1e9", ...uncor]);
  });

  it("IA32/X64 (cper_print_proc_ia): CPUID dump, the TLB check fields, the MSR context in 8-byte groups", () => {
    const s = sectionsOfRecord(sharedRecord("libcper_ia32x64").bytes)[0]!;
    const lines = ia32x64Codec.renderLinux!(decoded(ia32x64Codec, s.body), DEFAULT_SECTION_OPTIONS);
    expect(lines.slice(0, 18)).to.deep.equal([
      "CPUID Info:",
      "00000000: b5b98ae2 721b414b a779e41d fbdb5ab1",
      "00000010: ce6380b5 bb42d291 3a4e2ac9 b2420e42",
      "00000020: 00000000 00000000 00000000 00000000",
      "Error Information Structure 0:",
      " Error Structure Type: TLB error",
      " Check Information: 0x000000003fdf00ff",
      "  Transaction Type: 3, unknown",
      // TLB checks name only the first 7 operations (ia_check_op_strs, max_ops 7).
      "  Operation: 7, unknown",
      "  Level: 7",
      "  Processor Context Corrupt: true",
      "  Uncorrected: true",
      "  Precise IP: true",
      "  Restartable IP: true",
      "  Overflow: true",
      " Requestor Identifier: 0x806e5a4c76b95ff4",
      " Instruction Pointer: 0xa8dab04e84891850",
      "Context Information Structure 0:",
    ]);
    const msr = lines.indexOf("Context Information Structure 2:");
    expect(lines.slice(msr, msr + 6)).to.deep.equal([
      "Context Information Structure 2:",
      " Register Context Type: MSR Registers (Machine Check and other MSRs)",
      " Register Array Size: 0x0040",
      " MSR Address: 0xbeefac5a",
      " Register Array:",
      " 00000000: 0e17707095699bdf 56a4fc268c3db5ec",
    ]);
    expect(lines).to.include(" Register Context Type: 64-bit Mode Execution Context");
  });
});
