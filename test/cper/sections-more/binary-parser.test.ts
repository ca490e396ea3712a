// binary-parser as an independent decoder of the fixed-size structures: each
// parser is written from the UEFI 2.10 tables (offsets by construction, not
// from our struct() declarations) and must agree with our decoder on corpus
// bodies (when ../shared is there) and on random bytes.
import { expect } from "chai";
import { Parser } from "binary-parser";
import fc from "fast-check";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import { ccixPerCodec } from "../../../src/cper/sections/ccix-per.js";
import { cxlComponentCodecs } from "../../../src/cper/sections/cxl-component.js";
import { cxlProtocolCodec } from "../../../src/cper/sections/cxl-protocol.js";
import { dmarGenericCodec } from "../../../src/cper/sections/dmar-generic.js";
import { dmarIommuCodec } from "../../../src/cper/sections/dmar-iommu.js";
import { dmarVtdCodec } from "../../../src/cper/sections/dmar-vtd.js";
import { firmwareCodec } from "../../../src/cper/sections/firmware.js";
import { ia32x64Codec } from "../../../src/cper/sections/ia32x64.js";
import type { LibcperCodec } from "../../../src/cper/sections/libcper-codec.js";
import { pciBusCodec } from "../../../src/cper/sections/pci-bus.js";
import { pciComponentCodec } from "../../../src/cper/sections/pci-component.js";
import { pcieCodec } from "../../../src/cper/sections/pcie.js";
import { HAVE_SHARED } from "../../helpers.js";
import { sectionsOfRecord, sharedRecord } from "./util.js";

const le = (): Parser => new Parser().endianess("little");
const buf = (n: number) => ({ length: n });

// UEFI 2.10 Table N-28 (PCIe), N-29 (device id)
const pcie = le()
  .uint64("ValidationBits").uint32("PortType").uint8("VersionMinor").uint8("VersionMajor").buffer("VersionReserved", buf(2))
  .uint16("CommandRegister").uint16("StatusRegister").buffer("Reserved", buf(4))
  .uint16("VendorId").uint16("DeviceId").buffer("ClassCode", buf(3)).uint8("FunctionNumber").uint8("DeviceNumber")
  .uint16("SegmentNumber").uint8("DeviceBusNumber").uint8("SecondaryBusNumber").uint16("SlotNumber").buffer("DeviceIdReserved", buf(1))
  .uint64("DeviceSerialNumber").uint16("SecondaryStatusRegister").uint16("BridgeControlRegister")
  .buffer("CapabilityStructure", buf(60)).buffer("AerInfo", buf(96));
// Table N-31
const pciBus = le()
  .uint64("ValidationBits").uint64("ErrorStatus").uint16("ErrorType").uint16("BusId").buffer("Reserved", buf(4))
  .uint64("BusAddress").uint64("BusData").uint64("BusCommand").uint64("BusRequestorId").uint64("BusCompleterId").uint64("TargetId");
// Table N-33
const pciComponent = le()
  .uint64("ValidationBits").uint64("ErrorStatus").uint16("VendorId").uint16("DeviceId").buffer("ClassCode", buf(3))
  .uint8("FunctionNumber").uint8("DeviceNumber").uint8("BusNumber").uint8("SegmentNumber").buffer("IdReserved", buf(5))
  .uint32("MemoryNumber").uint32("IoNumber");
// Table N-36
const firmware = le().uint8("FirmwareErrorRecordType").uint8("Revision").buffer("Reserved", buf(6)).uint64("RecordIdentifier").buffer("RecordIdentifierGUID", buf(16));
// Table N-37
const dmarGeneric = le()
  .uint16("RequesterId").uint16("SegmentNumber").uint8("FaultReason").uint8("AccessType").uint8("AddressType").uint8("ArchitectureType")
  .uint64("DeviceAddress").buffer("Reserved", buf(16));
// Table N-38
const vtd = le()
  .uint8("Version").uint8("Revision").buffer("OemId", buf(6)).uint64("Capability").uint64("ExtendedCapability")
  .uint32("GlobalCommand").uint32("GlobalStatus").uint32("FaultStatus").buffer("Reserved", buf(12))
  .buffer("FaultRecord", buf(16)).buffer("RootEntry", buf(16)).buffer("ContextEntry", buf(16))
  .uint64("PteL6").uint64("PteL5").uint64("PteL4").uint64("PteL3").uint64("PteL2").uint64("PteL1");
// Table N-39
const iommu = le()
  .uint8("Revision").buffer("Reserved1", buf(7)).uint64("Control").uint64("Status").buffer("Reserved2", buf(8))
  .buffer("EventLogEntry", buf(16)).buffer("Reserved3", buf(16)).buffer("DeviceTableEntry", buf(32))
  .uint64("PteL6").uint64("PteL5").uint64("PteL4").uint64("PteL3").uint64("PteL2").uint64("PteL1");
// Table N-40
const ccix = le().uint32("Length").uint64("ValidationBits").uint8("CcixSourceId").uint8("CcixPortId").buffer("Reserved", buf(2));
// Table N-41
const cxlProtocol = le()
  .uint64("ValidationBits").uint8("CxlAgentType").buffer("Reserved1", buf(7)).uint64("CxlAgentAddress")
  .uint16("VendorId").uint16("DeviceId").uint16("SubsystemVendorId").uint16("SubsystemDeviceId").uint16("ClassCode").uint16("SlotNumber")
  .buffer("DeviceIdReserved", buf(4)).uint64("DeviceSerialNumber").buffer("CapabilityStructure", buf(60))
  .uint16("CxlDvsecLength").uint16("CxlErrorLogLength").buffer("Reserved2", buf(4));
// Table N-43
const cxlComponent = le()
  .uint32("Length").uint64("ValidationBits").uint16("VendorId").uint16("DeviceId").uint8("FunctionNumber").uint8("DeviceNumber")
  .uint8("BusNumber").uint16("SegmentNumber").uint16("SlotNumber").buffer("Reserved", buf(1)).uint64("DeviceSerialNumber");
// Tables N-15 and N-16 (the first error-information structure)
const ia32 = le()
  .uint64("ValidationBits").uint64("LocalApicId").uint64("CpuidEax").uint64("CpuidEbx").uint64("CpuidEcx").uint64("CpuidEdx").buffer("CpuidReserved", buf(16));

interface Case {
  codec: LibcperCodec<any>;
  parser: Parser;
  size: number;
  ours: (v: any) => Record<string, unknown>;
  records: string[];
}

const CASES: Case[] = [
  { codec: pcieCodec, parser: pcie, size: 208, ours: (v) => v.fields, records: ["libcper_pcie"] },
  { codec: pciBusCodec, parser: pciBus, size: 72, ours: (v) => v.fields, records: ["libcper_pcibus"] },
  { codec: pciComponentCodec, parser: pciComponent, size: 40, ours: (v) => v.fields, records: [] },
  { codec: firmwareCodec, parser: firmware, size: 32, ours: (v) => v.fields, records: ["libcper_firmware", "whea_ErrorFirmware1", "intel-crashlog_cper.whea"] },
  { codec: dmarGenericCodec, parser: dmarGeneric, size: 32, ours: (v) => v.fields, records: ["libcper_dmargeneric"] },
  { codec: dmarVtdCodec, parser: vtd, size: 144, ours: (v) => v.fields, records: ["libcper_dmarvtd"] },
  { codec: dmarIommuCodec, parser: iommu, size: 144, ours: (v) => v.fields, records: [] },
  { codec: ccixPerCodec, parser: ccix, size: 16, ours: (v) => v.fields, records: ["libcper_ccixper"] },
  { codec: cxlProtocolCodec, parser: cxlProtocol, size: 116, ours: (v) => v.fields, records: [] },
  { codec: cxlComponentCodecs[0]!, parser: cxlComponent, size: 32, ours: (v) => v.fields, records: ["libcper_cxlcomponent-media"] },
  { codec: ia32x64Codec, parser: ia32, size: 64, ours: (v) => v.fields, records: ["libcper_ia32x64"] },
];

/** binary-parser's output in our value shapes: buffers as bytes, GUIDs as text, u64 as bigint. */
function normalise(parsed: Record<string, unknown>, ours: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) {
    const o = ours[k];
    if (Buffer.isBuffer(v) && typeof o === "string") {
      const b = v;
      const h = (i: number) => b[i]!.toString(16).padStart(2, "0");
      out[k] = [3, 2, 1, 0].map(h).join("") + "-" + [5, 4].map(h).join("") + "-" + [7, 6].map(h).join("") + "-" + [8, 9].map(h).join("") + "-" + [10, 11, 12, 13, 14, 15].map(h).join("");
    } else if (Buffer.isBuffer(v)) out[k] = new Uint8Array(v);
    else if (typeof v === "bigint" && typeof o === "number") out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

function agree(c: Case, body: Uint8Array): void {
  const r = c.codec.decode(body, DEFAULT_SECTION_OPTIONS);
  expect(r.ok).to.equal(true);
  if (!r.ok) return;
  const ours = c.ours(r.value);
  const theirs = normalise(c.parser.parse(Buffer.from(body.subarray(0, c.size))) as Record<string, unknown>, ours);
  expect(Object.keys(theirs).sort()).to.deep.equal(Object.keys(ours).sort());
  expect(theirs).to.deep.equal({ ...ours });
}

describe("CPER more sections: binary-parser cross-check of the fixed-size structures", () => {
  for (const c of CASES) {
    it(`${c.codec.key}: binary-parser and our layout agree on random bytes`, () => {
      fc.assert(fc.property(fc.uint8Array({ minLength: c.size, maxLength: c.size }), (b) => agree(c, b)), { numRuns: 100 });
    });
    if (HAVE_SHARED) {
      for (const rec of c.records) {
        it(`${c.codec.key}: binary-parser and our layout agree on ${rec}`, () => {
          const { bytes } = sharedRecord(rec);
          const bodies = sectionsOfRecord(bytes).filter((s) => s.guid === c.codec.guid);
          expect(bodies.length).to.be.greaterThan(0);
          for (const s of bodies) agree(c, s.body);
        });
      }
    }
  }
});
