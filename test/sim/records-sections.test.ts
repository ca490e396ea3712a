// The section bodies firmware writes (built through the CPER codecs), checked byte by byte
// at the offsets the spec tables give: PCI Express Error Section (UEFI 2.10 N.2.7 Table N-28)
// and Platform Memory Error Section (N.2.5 Table N-31), after the 20-byte GESB and 72-byte GEDE.
import { expect } from "chai";
import { readSections } from "../kernel/estatus-bytes.js";
import { encodeRecord, estatusFromBytes, GUID_PCIE, MEM_ERROR_TYPE } from "../../src/sim/adapters/cper.js";
import { estatusLines, parseKernelVersion } from "../../src/kernel/index.js";

const at = 20 + 72;
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
/** The section lines a 6.18 kernel prints for the block (after "{1}[Hardware Error]:   section_type: …"). */
const sectionBody = (b: Uint8Array): string[] => {
  const lines = estatusLines(1, 0, estatusFromBytes(b)!, parseKernelVersion("6.18"));
  return lines.slice(lines.findIndex((l) => l.includes("section_type:")) + 1).map((l) => l.replace("{1}[Hardware Error]:   ", ""));
};

describe("sim: CPER section bodies firmware writes", () => {
  it("PCIe: 208 bytes, Device ID (bit 3) and AER info (bit 7) valid, the device id at Table N-28's offsets", () => {
    const b = encodeRecord({ blockStatus: 1 | (1 << 4), severity: "fatal", sectionSeverity: "fatal", flags: 0, section: { kind: "pcie", segment: 0x1234, bus: 0x56, device: 0x1f, function: 7 } });
    expect(b.length).to.equal(at + 208);
    expect(dv(b).getUint32(20 + 24, true)).to.equal(208); // GEDE ErrorDataLength
    expect(GUID_PCIE).to.equal("d995e954-bbc1-430f-ad91-b44dcb3c6f35");
    expect(dv(b).getBigUint64(at, true)).to.equal(0x88n);
    expect(b[at + 31]).to.equal(7); // function number
    expect(b[at + 32]).to.equal(0x1f); // device number
    expect(dv(b).getUint16(at + 33, true)).to.equal(0x1234); // segment
    expect(b[at + 35]).to.equal(0x56); // primary/device bus
    // everything else, the AER registers (offset 112, 96 bytes) included, is zero
    const rest = [...b.subarray(at + 8, at + 31), ...b.subarray(at + 36)];
    expect(rest.every((x) => x === 0)).to.equal(true);
    const e = estatusFromBytes(b)!;
    const s = readSections(e)[0]!;
    expect(s.type).to.equal("pcie");
    if (s.type === "pcie") {
      expect(s.deviceIdValid).to.equal(true);
      expect(s.aerInfoValid).to.equal(true);
      expect(s.severity).to.equal(1);
    }
    expect(sectionBody(b)).to.include("device_id: 1234:56:1f.7"); // cper_print_pcie: %04x:%02x:%02x.%x
  });

  it("memory: error type at 72, PA at 16, valid bits 1 and 14; Linux's error_type names", () => {
    const b = encodeRecord({ blockStatus: 1, severity: "corrected", sectionSeverity: "corrected", flags: 0x8, section: { kind: "memory", pa: 0x8c2d1040n, errorType: MEM_ERROR_TYPE.singleBitEcc } });
    expect(b.length).to.equal(at + 80);
    expect(dv(b).getBigUint64(at, true)).to.equal((1n << 1n) | (1n << 14n));
    expect(dv(b).getBigUint64(at + 16, true)).to.equal(0x8c2d1040n);
    expect(b[at + 72]).to.equal(2);
    expect(b[20 + 23]).to.equal(0x8); // GEDE flags
    expect(sectionBody(b)).to.deep.equal(["physical_address: 0x000000008c2d1040", "error_type: 2, single-bit ECC"]);
    const u = encodeRecord({ blockStatus: 1, severity: "recoverable", sectionSeverity: "recoverable", flags: 0, section: { kind: "memory", errorType: MEM_ERROR_TYPE.multiBitEcc } });
    expect(sectionBody(u)).to.deep.equal(["error_type: 3, multi-bit ECC"]);
  });

  it("the memory error type constants are UEFI's values (Table N-31)", () => {
    expect(MEM_ERROR_TYPE).to.deep.equal({ unknown: 0, singleBitEcc: 2, multiBitEcc: 3 });
  });
});
