// CXL Component Events (UEFI 2.10 N.2.14, Table N-43): a 32-byte header
// (Length, validation bits, CXL device id, serial number) followed by the CXL
// event record without its 16-byte Event Record Identifier UUID (CXL 3.0
// §8.2.9.2.1, Table 8-42 onwards). One codec per event GUID (CXL 3.0 Table 8-43..8-48).

import { field, struct } from "../../layout/struct.js";
import { reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { generalMediaText } from "./cxl-event-record.js";
import { locateFlat } from "./body.js";
import { declareSection, lengthedBody, type DeclaredCodec, type Lengthed } from "./contract.js";
import { lib } from "./json-forms.js";
import { toBase64, getB64, getObj, has, bitSet as bit } from "../json/reader.js";
import type { Finding } from "../section-api.js";
import { pciIdGroup } from "./pci-id.js";

const SPEC = "UEFI 2.10 N.2.14 Table N-43";

/** libcper's deviceID object: the seven id fields under validation bit 0 (slot number bits 15:3). */
const DEVICE_ID = pciIdGroup(
  "deviceID",
  [
    { key: "vendorID", field: "VendorId", bits: 16 },
    { key: "deviceID", field: "DeviceId", bits: 16 },
    { key: "functionNumber", field: "FunctionNumber", bits: 8 },
    { key: "deviceNumber", field: "DeviceNumber", bits: 8 },
    { key: "busNumber", field: "BusNumber", bits: 8 },
    { key: "segmentNumber", field: "SegmentNumber", bits: 16 },
    { key: "slotNumber", field: "SlotNumber", bits: 13, kind: "slot" },
  ],
  (f) =>
    `${f.SegmentNumber.toString(16).padStart(4, "0")}:${f.BusNumber.toString(16).padStart(2, "0")}:${f.DeviceNumber.toString(16).padStart(2, "0")}.${f.FunctionNumber}, vendor 0x${f.VendorId.toString(16).padStart(4, "0")}, device 0x${f.DeviceId.toString(16).padStart(4, "0")}, slot ${f.SlotNumber >> 3}`,
);

export const CxlComponentEventHeader = struct(
  "CxlComponentEventHeader",
  32,
  {
    Length: field(0, u32, { doc: "whole section, this header included", json: lib("length") }),
    ValidationBits: field(4, u64),
    VendorId: field(12, u16, { valid: 0, json: DEVICE_ID }),
    DeviceId: field(14, u16, { valid: 0 }),
    FunctionNumber: field(16, u8, { valid: 0 }),
    DeviceNumber: field(17, u8, { valid: 0 }),
    BusNumber: field(18, u8, { valid: 0 }),
    SegmentNumber: field(19, u16, { valid: 0 }),
    SlotNumber: field(21, u16, { valid: 0, doc: "bits 15:3 slot number, 2:0 reserved" }),
    Reserved: field(23, reserved(1)),
    DeviceSerialNumber: field(24, u64, { valid: 1, json: lib("deviceSerial") }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);
// Validation bit 2: the CXL component event log (the record after the header).

export type CxlComponentSection = Lengthed<(typeof CxlComponentEventHeader)["fields"]>;

export const CXL_COMPONENT_EVENTS = [
  { key: "cxl-general-media", guid: "fbcd0a77-c260-417f-85a9-088b1621eba6", what: "General Media" },
  { key: "cxl-dram", guid: "601dcbb3-9c06-4eab-b8af-4e9bfb5c9624", what: "DRAM" },
  { key: "cxl-memory-module", guid: "fe927475-dd59-4339-a586-79bab113b774", what: "Memory Module" },
  { key: "cxl-physical-switch", guid: "77cf9271-9c02-470b-9fe4-bc7b75f2da97", what: "Physical Switch" },
  { key: "cxl-virtual-switch", guid: "40d26425-3396-4c4d-a5da-3d47263af425", what: "Virtual Switch" },
  { key: "cxl-mld-port", guid: "8dc44363-0c96-4710-b7bf-04bb99534c3f", what: "MLD Port" },
] as const;

function cxlComponentCodec(e: (typeof CXL_COMPONENT_EVENTS)[number]): DeclaredCodec<(typeof CxlComponentEventHeader)["fields"], CxlComponentSection> {
  return declareSection({
    key: e.key,
    guid: e.guid,
    name: `CXL ${e.what} Event`,
    libcperKey: "CxlComponent",
    libcperTypeName: `CXL ${e.what} Component Error`,
    message: "A CXL Component Error occurred",
    layout: CxlComponentEventHeader,
    spec: SPEC,
    // libcper's JSON keeps the event log (validation bit 2) only when its bit is set; Reserved and bytes past Length are lost.
    body: lengthedBody(CxlComponentEventHeader, "Length", (v) => bit(v.fields.ValidationBits, 2)),
    moreValidBits: [2],
    locate: cxlLocate,
    writeMore: (v, _opts, out) => {
      if (!bit(v.fields.ValidationBits, 2)) return;
      out.begin("cxlComponentEventLog");
      out.ascii("data", toBase64(v.data));
      out.end();
    },
    // Never allocate from the Length field: without the log, the bytes come from "_armras".
    fromLibMore: (v, j, p) =>
      has(j, "cxlComponentEventLog")
        ? { ...v, fields: { ...v.fields, ValidationBits: v.fields.ValidationBits | 4n }, data: getB64(getObj(j, "cxlComponentEventLog", p), "data", `${p}.cxlComponentEventLog`) }
        : v,
    renderText: (v) => {
      const f = v.fields;
      const lines = [`CXL ${e.what} event, ${f.Length} bytes`];
      if (bit(f.ValidationBits, 0)) {
        lines.push(
          `  device: ${f.SegmentNumber.toString(16).padStart(4, "0")}:${f.BusNumber.toString(16).padStart(2, "0")}:${f.DeviceNumber.toString(16).padStart(2, "0")}.${f.FunctionNumber}, vendor 0x${f.VendorId.toString(16).padStart(4, "0")}, device 0x${f.DeviceId.toString(16).padStart(4, "0")}, slot ${f.SlotNumber >> 3}`,
        );
      }
      if (bit(f.ValidationBits, 1)) lines.push(`  serial number: 0x${f.DeviceSerialNumber.toString(16).padStart(16, "0")}`);
      if (bit(f.ValidationBits, 2)) {
        lines.push(`  CXL event record (without its UUID): ${v.data.length} byte(s)`);
        if (e.key === "cxl-general-media") lines.push(...generalMediaText(v.data));
      }
      return lines;
    },
    lint: (v, body) => {
      const out: Finding[] = [];
      if (v.length === undefined && v.fields.Length !== body.length) {
        out.push({ severity: "error", offset: 0, field: "Length", message: `Length ${v.fields.Length} does not match the section length ${body.length}`, spec: SPEC });
      }
      if ((v.fields.SlotNumber & 7) !== 0) {
        out.push({ severity: "warning", offset: 21, field: "SlotNumber", message: "reserved bits 2:0 of the slot number are set", spec: SPEC });
      }
      return out;
    },
  });
}

const cxlLocate = (v: CxlComponentSection, at: number): string =>
  at < 32 ? locateFlat(CxlComponentEventHeader, at) : at < 32 + v.data.length ? "CxlComponentEventLog" : "TrailingData";

export const cxlComponentCodecs: readonly DeclaredCodec<(typeof CxlComponentEventHeader)["fields"], CxlComponentSection>[] = CXL_COMPONENT_EVENTS.map(cxlComponentCodec);
