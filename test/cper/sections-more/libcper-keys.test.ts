// libcper's JSON for the sections the corpus has no example of (PCI component, IOMMU DMAr,
// CXL protocol). Expected objects are written by hand from libcper's parsers as read at
// openbmc/libcper: sections/cper-section-pci-dev.c (1fa707a3, 991ebf22),
// sections/cper-section-dmar-iommu.c (1197ae67), sections/cper-section-cxl-protocol.c
// (04cb864d, ea576392), include/libcper/sections/cper-section-cxl-protocol.h (04cb864d),
// sections/cper-section.c (51c18132: the section keys). Not from our own output.
import { expect } from "chai";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import { cxlProtocolCodec } from "../../../src/cper/sections/cxl-protocol.js";
import { dmarIommuCodec } from "../../../src/cper/sections/dmar-iommu.js";
import type { LibcperCodec } from "../../../src/cper/sections/libcper-codec.js";
import { pciComponentCodec } from "../../../src/cper/sections/pci-component.js";
import { hex, show } from "./util.js";

function decoded<T>(codec: LibcperCodec<T>, body: Uint8Array): T {
  const r = codec.decode(body, DEFAULT_SECTION_OPTIONS);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const lib = <T>(codec: LibcperCodec<T>, body: Uint8Array): unknown => JSON.parse(show(codec.toLibcperJson(decoded(codec, body), DEFAULT_SECTION_OPTIONS)));
const roundTrip = <T>(codec: LibcperCodec<T>, body: Uint8Array): string => {
  const json = JSON.parse(show(codec.toJson(decoded(codec, body), DEFAULT_SECTION_OPTIONS)));
  const back = codec.fromJson(json);
  if (!back.ok) throw new Error(back.error.message);
  return hex(codec.encode(back.value));
};

/** A 116-byte CXL protocol header (UEFI 2.10 Table N-41) plus DVSEC and error log. */
function cxlBody(vb: bigint, agentType: number, dvsec: number[] = [], log: number[] = []): Uint8Array {
  const b = new Uint8Array(116 + dvsec.length + log.length);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, vb, true);
  b[8] = agentType;
  dv.setBigUint64(16, 0x0000_0004_0302_01n, true); // function 1, device 2, bus 3, segment 4
  dv.setUint16(24, 0x1e98, true); // vendor
  dv.setUint16(26, 0xabcd, true); // device
  dv.setUint16(28, 0x1111, true);
  dv.setUint16(30, 0x2222, true);
  dv.setUint16(32, 0x0502, true); // class code
  dv.setUint16(34, 7 << 3, true); // slot 7
  dv.setBigUint64(40, 0x11223344n, true);
  b[48] = 0x10;
  dv.setUint16(108, dvsec.length, true);
  dv.setUint16(110, log.length, true);
  b.set(dvsec, 116);
  b.set(log, 116 + dvsec.length);
  return b;
}
const CAP = Buffer.from(Uint8Array.of(0x10, ...new Uint8Array(59))).toString("base64");

describe("CPER more sections: libcper JSON keys (from libcper's source)", () => {
  it("section keys and libcper's description strings", () => {
    expect([pciComponentCodec.libcperKey, dmarIommuCodec.libcperKey, cxlProtocolCodec.libcperKey]).to.deep.equal(["PciComponent", "IommuDmar", "CxlProtocol"]);
    expect(pciComponentCodec.message).to.equal("A PCI/PCI-X Device Error occurred");
    expect(dmarIommuCodec.message).to.equal("A IOMMU Specific DMAr Error occurred");
    expect(cxlProtocolCodec.message).to.equal("A CXL Protocol Error occurred");
  });

  it("PCI component: errorStatus, idInfo, memoryNumber, ioNumber, registerDataPairs (firstHalf/secondHalf)", () => {
    const b = new Uint8Array(40 + 16);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 0b11110n, true);
    dv.setUint16(16, 0x8086, true);
    dv.setUint16(18, 0x1234, true);
    b.set([0x00, 0x03, 0x02, 5, 6, 7, 1], 20);
    dv.setUint32(32, 1, true);
    dv.setBigUint64(40, 0x10n, true);
    dv.setBigUint64(48, 0x20n, true);
    expect(lib(pciComponentCodec, b)).to.deep.equal({
      idInfo: { vendorID: 0x8086, deviceID: 0x1234, classCode: 0x020300, functionNumber: 5, deviceNumber: 6, busNumber: 7, segmentNumber: 1 },
      memoryNumber: 1,
      ioNumber: 0,
      registerDataPairs: [{ firstHalf: 16, secondHalf: 32 }],
    });
  });

  it("IOMMU DMAr: every key, unconditionally", () => {
    const b = new Uint8Array(144);
    b[0] = 1;
    const j = lib(dmarIommuCodec, b) as Record<string, unknown>;
    expect(Object.keys(j)).to.deep.equal([
      "revision", "controlRegister", "statusRegister", "eventLogEntry", "deviceTableEntry",
      "pageTableEntry_Level6", "pageTableEntry_Level5", "pageTableEntry_Level4", "pageTableEntry_Level3", "pageTableEntry_Level2", "pageTableEntry_Level1",
    ]);
    expect(j.revision).to.equal(1);
  });

  it("CXL protocol, agent type 0 (CXL 1.1 device): device address, serial, capability, DVSEC and log with their lengths", () => {
    expect(lib(cxlProtocolCodec, cxlBody(0x7fn, 0, [1, 2, 3, 4], [5, 6, 7, 8]))).to.deep.equal({
      agentType: { value: 0, name: "CXL 1.1 Device" },
      cxlAgentAddress: { functionNumber: 1, deviceNumber: 2, busNumber: 3, segmentNumber: 4 },
      deviceID: { vendorID: 0x1e98, deviceID: 0xabcd, subsystemVendorID: 0x1111, subsystemDeviceID: 0x2222, classCode: 0x0502, slotNumber: 7 },
      deviceSerial: 0x11223344,
      capabilityStructure: CAP,
      dvsecLength: 4,
      cxlDVSEC: "AQIDBA==",
      errorLogLength: 4,
      cxlErrorLog: "BQYHCA==",
    });
  });

  it("CXL protocol, agent type 1 (host downstream port): {value} address; no deviceSerial even when valid", () => {
    const j = lib(cxlProtocolCodec, cxlBody(0x0fn, 1)) as Record<string, unknown>;
    expect(j.agentType).to.deep.equal({ value: 1, name: "CXL 1.1 Host Downstream Port" });
    expect(j.cxlAgentAddress).to.deep.equal({ value: 0x0000_0004_0302_01 });
    expect(j).to.not.have.property("deviceSerial");
    expect(j).to.not.have.property("dvsecLength");
    expect(j).to.not.have.property("errorLogLength");
  });

  it("CXL protocol, agent type 2: libcper names it 'Unknown (Reserved)', writes no address, and deviceID holds only vendorID when bit 2 is clear", () => {
    const j = lib(cxlProtocolCodec, cxlBody(0x0bn, 2)) as Record<string, unknown>;
    expect(j).to.deep.equal({ agentType: { value: 2, name: "Unknown (Reserved)" }, deviceID: { vendorID: 0x1e98 } });
  });

  it("libcper-shaped JSON → the bytes libcper would write (validation bits from the keys present)", () => {
    const r = cxlProtocolCodec.fromJson({
      agentType: { value: 1, name: "CXL 1.1 Host Downstream Port" },
      cxlAgentAddress: { value: 0xfed00000 },
      deviceID: { vendorID: 0x1e98 },
      deviceSerial: 5, // ignored: not a type-0 agent
      cxlErrorLog: "AAAAAA==",
      errorLogLength: 4,
    });
    if (!r.ok) throw new Error(r.error.message);
    const f = r.value.fields;
    expect(f.ValidationBits).to.equal(0b1000111n);
    expect(f.CxlAgentAddress).to.equal(0xfed00000n);
    expect(f.DeviceSerialNumber).to.equal(0n);
    expect(f.CxlErrorLogLength).to.equal(4);
    expect(f.CxlDvsecLength).to.equal(0);
  });

  for (const [what, body] of [
    ["type 0, all valid", cxlBody(0x7fn, 0, [1, 2], [3])],
    ["type 2, address and serial valid (libcper drops both)", cxlBody(0x0bn, 2, [9])],
    ["type 1, nothing valid, lengths set", cxlBody(0n, 1, [1, 2, 3], [4, 5])],
  ] as const) {
    it(`CXL protocol JSON with _armras restores the bytes: ${what}`, () => {
      expect(roundTrip(cxlProtocolCodec, body)).to.equal(hex(body));
    });
  }
});
