// Tolerant decoding (warnings, nothing dropped), lint findings for firmware
// authors, and typed JSON errors naming the path. Bodies are built by hand
// from the UEFI 2.10 tables.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import { ccixPerCodec } from "../../../src/cper/sections/ccix-per.js";
import { cxlComponentCodecs } from "../../../src/cper/sections/cxl-component.js";
import { cxlProtocolCodec } from "../../../src/cper/sections/cxl-protocol.js";
import { dmarGenericCodec } from "../../../src/cper/sections/dmar-generic.js";
import { firmwareCodec } from "../../../src/cper/sections/firmware.js";
import { ia32x64Codec } from "../../../src/cper/sections/ia32x64.js";
import type { LibcperCodec } from "../../../src/cper/sections/libcper-codec.js";
import { pciBusCodec } from "../../../src/cper/sections/pci-bus.js";
import { pciComponentCodec } from "../../../src/cper/sections/pci-component.js";
import { pcieCodec } from "../../../src/cper/sections/pcie.js";
import { describeShared, sharedPath } from "../../helpers.js";
import { fromHex, hex, show } from "./util.js";

const opts = DEFAULT_SECTION_OPTIONS;

function decodeOk<T>(c: LibcperCodec<T>, b: Uint8Array): { value: T; codes: string[] } {
  const r = c.decode(b, opts);
  if (!r.ok) throw new Error(show(r.error));
  expect(hex(c.encode(r.value)), "byte-exact re-encode").to.equal(hex(b));
  return { value: r.value, codes: r.warnings.map((w) => w.code) };
}

function lintFields<T>(c: LibcperCodec<T>, b: Uint8Array): string[] {
  const r = c.decode(b, opts);
  if (!r.ok) throw new Error("decode failed");
  return (c.lint?.(r.value, b) ?? []).map((f) => `${f.severity}:${f.field}@${f.offset}`);
}

describe("CPER more sections: tolerant decoding", () => {
  it("a short PCIe body decodes what is there, warns, and re-encodes to the same bytes", () => {
    const b = new Uint8Array(100).fill(0xa5);
    const { value, codes } = decodeOk(pcieCodec, b);
    expect(codes).to.deep.equal(["short-section"]);
    expect(value.length).to.equal(100);
    expect(lintFields(pcieCodec, b)).to.include("error:PcieError@100");
  });

  it("IA32/X64: ERROR_INFO_NUM larger than the body → count-overrun warning, the partial structure kept", () => {
    const b = new Uint8Array(64 + 64 + 10);
    b[0] = 3 << 2; // three error-information structures claimed, one fits
    const { value, codes } = decodeOk(ia32x64Codec, b);
    expect(codes).to.deep.equal(["count-overrun"]);
    expect(value.errorInfo).to.have.length(1);
    expect(value.trailing).to.have.length(10);
    expect(lintFields(ia32x64Codec, b)).to.include("error:ValidationBits@0");
  });

  it("IA32/X64: a register array running past the end is kept as trailing bytes", () => {
    const b = new Uint8Array(64 + 16 + 8);
    b[1] = 1; // CONTEXT_INFO_NUM = 1
    b[64 + 2] = 200; // RegisterArraySize 200, only 8 bytes follow
    const { value, codes } = decodeOk(ia32x64Codec, b);
    expect(codes).to.deep.equal(["bad-length"]);
    expect(value.contexts).to.have.length(0);
    expect(value.trailing).to.have.length(24);
  });

  it("PCI component: a huge Memory Number is bounded by the body (no allocation from the count)", () => {
    const b = new Uint8Array(40 + 32 + 5);
    new DataView(b.buffer).setUint32(32, 0xffff_ffff, true);
    const { value, codes } = decodeOk(pciComponentCodec, b);
    expect(codes).to.deep.equal(["count-overrun"]);
    expect(value.pairs).to.have.length(2);
    expect(value.trailing).to.have.length(5);
  });

  it("CCIX PER: Length beyond the body → warning and what fits; Length short of the body → trailing bytes", () => {
    const big = new Uint8Array(40);
    new DataView(big.buffer).setUint32(0, 0xffff_fff0, true);
    expect(decodeOk(ccixPerCodec, big).codes).to.deep.equal(["bad-length"]);
    const small = new Uint8Array(40);
    small[0] = 24;
    const { value, codes } = decodeOk(ccixPerCodec, small);
    expect(codes).to.deep.equal(["trailing-bytes"]);
    expect(value.data).to.have.length(8);
    expect(value.trailing).to.have.length(16);
    expect(lintFields(ccixPerCodec, small)).to.include("error:Length@0");
  });

  it("CXL protocol: DVSEC and error-log lengths past the end decode what fits", () => {
    const b = new Uint8Array(116 + 10);
    new DataView(b.buffer).setUint16(108, 8, true);
    new DataView(b.buffer).setUint16(110, 88, true);
    const { value, codes } = decodeOk(cxlProtocolCodec, b);
    expect(codes).to.deep.equal(["bad-length"]);
    expect(value.dvsec).to.have.length(8);
    expect(value.errorLog).to.have.length(2);
  });

  it("firmware: a 16-byte revision-0 reference is complete (Linux accepts it), 8 bytes is short", () => {
    expect(decodeOk(firmwareCodec, fromHex("00 00 000000000000 0100000000000000")).codes).to.deep.equal([]);
    expect(decodeOk(firmwareCodec, new Uint8Array(8)).codes).to.deep.equal(["short-section"]);
  });
});

describe("CPER more sections: lint", () => {
  it("PCI bus: validation bits beyond bit 8 and a non-zero reserved field", () => {
    const b = new Uint8Array(72);
    b[1] = 0x02; // validation bit 9
    b[20] = 1; // Reserved
    expect(lintFields(pciBusCodec, b)).to.deep.equal(["warning:Reserved@20", "error:ValidationBits@0"]);
  });

  it("DMAr generic: reserved fault reason, access, address and architecture types", () => {
    const b = fromHex("0100 0000 00 02 03 04 0000000000000000 00000000000000000000000000000000");
    expect(lintFields(dmarGenericCodec, b)).to.deep.equal(["error:FaultReason@4", "error:AccessType@5", "error:AddressType@6", "error:ArchitectureType@7"]);
  });

  it("firmware: reserved record type; type 2 below revision 2", () => {
    expect(lintFields(firmwareCodec, fromHex("05 02 000000000000 0000000000000000 00000000000000000000000000000000"))).to.deep.equal(["error:FirmwareErrorRecordType@0"]);
    expect(lintFields(firmwareCodec, fromHex("02 00 000000000000 0000000000000000"))).to.deep.equal(["warning:Revision@1"]);
  });

  it("IA32/X64: reserved check-information validation bits and a short 64-bit context", () => {
    const b = new Uint8Array(64 + 64 + 16 + 8);
    b[0] = 1 << 2;
    b[1] = 1;
    // error info 0: cache check GUID a55701f5-e3ef-43de-ac72-249b573fad2c, check info valid, validation bit 12 set
    b.set(fromHex("f50157a5efe3de43ac72249b573fad2c"), 64);
    b[64 + 16] = 1;
    b[64 + 25] = 0x10;
    b[128] = 3; // 64-bit context with an 8-byte array
    b[130] = 8;
    expect(lintFields(ia32x64Codec, b)).to.deep.equal(["error:ProcessorErrorInfo[0].CheckInfo@88", "error:ProcessorContextInfo[0].RegisterArraySize@130"]);
  });

  it("clean corpus-like bodies lint clean", () => {
    expect(lintFields(firmwareCodec, fromHex("02 02 000000000000 0000000000000000 11f3878f98c99e4da0c46065518c4f6d"))).to.deep.equal([]);
  });
});

describe("CPER more sections: JSON errors name the path", () => {
  const bad = (c: LibcperCodec<unknown>, json: unknown): string => {
    const r = c.fromJson(json);
    expect(r.ok).to.equal(false);
    return r.ok ? "" : r.error.field;
  };
  it("wrong types, out-of-range values, bad base64, bad patches", () => {
    expect(bad(pcieCodec as LibcperCodec<unknown>, 7)).to.equal("Pcie");
    expect(bad(pcieCodec as LibcperCodec<unknown>, { portType: { value: "x" } })).to.equal("Pcie.portType.value");
    expect(bad(dmarGenericCodec as LibcperCodec<unknown>, { requesterID: 70000 })).to.equal("GenericDmar.requesterID");
    expect(bad(ccixPerCodec as LibcperCodec<unknown>, { length: 16, ccixPERLog: "***" })).to.equal("CcixPer.ccixPERLog");
    expect(bad(ccixPerCodec as LibcperCodec<unknown>, { length: 16, _armras: { patch: [{ offset: 99, hex: "00" }] } })).to.equal("CcixPer._armras.patch[0]");
    expect(bad(ccixPerCodec as LibcperCodec<unknown>, { length: 16, _armras: { length: 4_000_000_000 } })).to.equal("CcixPer._armras.length");
    expect(bad(ia32x64Codec as LibcperCodec<unknown>, { processorContextInfo: [{ registerContextType: { value: 1 }, registerArraySize: 8, msrAddress: 0, mmRegisterAddress: 0, registerArray: { rax: 1 } }] })).to.equal(
      "Ia32x64Processor.processorContextInfo[0].registerArray",
    );
    expect(bad(pciBusCodec as LibcperCodec<unknown>, { busCommandType: "ISA" })).to.equal("PciBus.busCommandType");
  });
});

describeShared("CPER more sections: the QEMU CXL General Media event (../shared/corpus/cper/section)", () => {
  // Oracle: the kernel's cxl_general_media trace line for these bytes (cxl_gmer_qemu_cameron.dmesg.txt):
  // host=0000:0e:00.0 serial=5 ... len=128 ... time=1707903675590441508
  const body = new Uint8Array(readFileSync(sharedPath("corpus", "cper", "section", "cxl_gmer_qemu_cameron.section.bin")));
  const gm = cxlComponentCodecs.find((c) => c.key === "cxl-general-media")!;
  it("decodes the header without warnings and re-encodes byte for byte", () => {
    const { value, codes } = decodeOk(gm, body);
    expect(codes).to.deep.equal([]);
    const f = value.fields;
    expect([f.Length, f.SegmentNumber, f.BusNumber, f.DeviceNumber, f.FunctionNumber, f.DeviceSerialNumber]).to.deep.equal([0x90, 0, 0x0e, 0, 0, 5n]);
    expect(value.data[0], "CXL Event Record Length (len=128)").to.equal(128);
    expect(new DataView(value.data.buffer, value.data.byteOffset).getBigUint64(8, true), "Event Record Timestamp").to.equal(1707903675590441508n);
  });
  it("plain text decodes the General Media record as the kernel's trace event does", () => {
    const lines = gm.renderText!(decodeOk(gm, body).value, opts);
    // trace: dpa=7c0 dpa_flags='0x10' descriptor='UNCORRECTABLE_EVENT|THRESHOLD_EVENT|POISON_LIST_OVERFLOW'
    // type='0x3' transaction_type='0xc0' channel=3 rank=33 device=5 comp_id=69 72 61 73 20 6d 65 6d 32 00 …
    // validity_flags='CHANNEL|RANK|DEVICE|COMPONENT'
    expect(lines).to.include("  DPA 0x7c0 (flags 0x10), descriptor UNCORRECTABLE_EVENT|THRESHOLD_EVENT|POISON_LIST_OVERFLOW, type 0x3, transaction type 0xc0");
    expect(lines).to.include("  validity CHANNEL|RANK|DEVICE|COMPONENT");
    expect(lines).to.include("  channel 3, rank 33, device 5, component id 69 72 61 73 20 6d 65 6d 32 00 00 00 00 00 00 00");
  });
  it("is one of six CXL component codecs, each under its CXL event GUID", () => {
    expect(cxlComponentCodecs.map((c) => c.guid)).to.include(gm.guid);
    expect(new Set(cxlComponentCodecs.map((c) => c.libcperKey))).to.deep.equal(new Set(["CxlComponent"]));
    expect(gm.linuxName).to.equal(undefined);
  });
});
