// CXL Component Events (UEFI 2.10 N.2.14, Table N-43): a 32-byte header
// (Length, validation bits, CXL device id, serial number) followed by the CXL
// event record without its 16-byte Event Record Identifier UUID (CXL 3.0
// §8.2.9.2.1, Table 8-42 onwards). One codec per event GUID (CXL 3.0 Table 8-43..8-48).

import { field, struct } from "../../layout/struct.js";
import { reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { generalMediaText } from "./cxl-event-record.js";
import { decodeLengthed, encodeLengthed, lintFlat, locateFlat, moreCodec, type Lengthed, type MoreCodec } from "./more-codec.js";
import { flatLossless, flatProject, withFastJson } from "./fast-json.js";
import { b64, getB64, getNum, getObj, getUint, has, jsonU64, type JsonObj } from "./more-json.js";

const SPEC = "UEFI 2.10 N.2.14 Table N-43";

export const CxlComponentEventHeader = struct(
  "CxlComponentEventHeader",
  32,
  {
    Length: field(0, u32, { doc: "whole section, this header included" }),
    ValidationBits: field(4, u64),
    VendorId: field(12, u16, { valid: 0 }),
    DeviceId: field(14, u16, { valid: 0 }),
    FunctionNumber: field(16, u8, { valid: 0 }),
    DeviceNumber: field(17, u8, { valid: 0 }),
    BusNumber: field(18, u8, { valid: 0 }),
    SegmentNumber: field(19, u16, { valid: 0 }),
    SlotNumber: field(21, u16, { valid: 0, doc: "bits 15:3 slot number, 2:0 reserved" }),
    Reserved: field(23, reserved(1)),
    DeviceSerialNumber: field(24, u64, { valid: 1 }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);
// Validation bit 2: the CXL component event log (the record after the header).

export type CxlComponentSection = Lengthed<(typeof CxlComponentEventHeader)["fields"]>;
const bit = (vb: bigint, n: number): boolean => ((vb >> BigInt(n)) & 1n) === 1n;

export const CXL_COMPONENT_EVENTS = [
  { key: "cxl-general-media", guid: "fbcd0a77-c260-417f-85a9-088b1621eba6", what: "General Media" },
  { key: "cxl-dram", guid: "601dcbb3-9c06-4eab-b8af-4e9bfb5c9624", what: "DRAM" },
  { key: "cxl-memory-module", guid: "fe927475-dd59-4339-a586-79bab113b774", what: "Memory Module" },
  { key: "cxl-physical-switch", guid: "77cf9271-9c02-470b-9fe4-bc7b75f2da97", what: "Physical Switch" },
  { key: "cxl-virtual-switch", guid: "40d26425-3396-4c4d-a5da-3d47263af425", what: "Virtual Switch" },
  { key: "cxl-mld-port", guid: "8dc44363-0c96-4710-b7bf-04bb99534c3f", what: "MLD Port" },
] as const;

function cxlComponentCodec(e: (typeof CXL_COMPONENT_EVENTS)[number]): MoreCodec<CxlComponentSection> {
  return withFastJson(moreCodec<CxlComponentSection>({
    key: e.key,
    guid: e.guid,
    name: `CXL ${e.what} Event`,
    libcperKey: "CxlComponent",
    libcperTypeName: `CXL ${e.what} Component Error`,
    message: "A CXL Component Error occurred",
    decode: (body) => decodeLengthed(CxlComponentEventHeader, "Length", body),
    encode: (v) => encodeLengthed(CxlComponentEventHeader, v),
    locate: cxlLocate,
    toLib: (v) => {
      const f = v.fields;
      const out: JsonObj = { length: f.Length };
      if (bit(f.ValidationBits, 0)) {
        out.deviceID = {
          vendorID: f.VendorId,
          deviceID: f.DeviceId,
          functionNumber: f.FunctionNumber,
          deviceNumber: f.DeviceNumber,
          busNumber: f.BusNumber,
          segmentNumber: f.SegmentNumber,
          slotNumber: f.SlotNumber >> 3,
        };
      }
      if (bit(f.ValidationBits, 1)) out.deviceSerial = jsonU64(f.DeviceSerialNumber);
      if (bit(f.ValidationBits, 2)) out.cxlComponentEventLog = { data: b64(v.data) };
      return out;
    },
    fromLib: (j, p) => {
      const length = getNum(j, "length", p, 32);
      let vb = 0n;
      const id = has(j, "deviceID") ? ((vb |= 1n), getObj(j, "deviceID", p)) : undefined;
      const ip = `${p}.deviceID`;
      const serial = has(j, "deviceSerial") ? ((vb |= 2n), getUint(j, "deviceSerial", p, 64)) : 0n;
      // Never allocate from the Length field: without the log, the bytes come from "_armras".
      let data: Uint8Array = new Uint8Array(0);
      if (has(j, "cxlComponentEventLog")) {
        vb |= 4n;
        data = getB64(getObj(j, "cxlComponentEventLog", p), "data", `${p}.cxlComponentEventLog`);
      }
      return {
        fields: {
          Length: length,
          ValidationBits: vb,
          VendorId: id ? getNum(id, "vendorID", ip, 16) : 0,
          DeviceId: id ? getNum(id, "deviceID", ip, 16) : 0,
          FunctionNumber: id ? getNum(id, "functionNumber", ip, 8) : 0,
          DeviceNumber: id ? getNum(id, "deviceNumber", ip, 8) : 0,
          BusNumber: id ? getNum(id, "busNumber", ip, 8) : 0,
          SegmentNumber: id ? getNum(id, "segmentNumber", ip, 16) : 0,
          SlotNumber: id ? getNum(id, "slotNumber", ip, 13) << 3 : 0,
          Reserved: new Uint8Array(1),
          DeviceSerialNumber: serial,
        },
        data,
        trailing: new Uint8Array(0),
      };
    },
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
      const out = lintFlat(CxlComponentEventHeader, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, SPEC, { validMask: 7n });
      if (v.length === undefined && v.fields.Length !== body.length) {
        out.push({ severity: "error", offset: 0, field: "Length", message: `Length ${v.fields.Length} does not match the section length ${body.length}`, spec: SPEC });
      }
      if ((v.fields.SlotNumber & 7) !== 0) {
        out.push({ severity: "warning", offset: 21, field: "SlotNumber", message: "reserved bits 2:0 of the slot number are set", spec: SPEC });
      }
      return out;
    },
  }), CXL_COMPONENT_FAST);
}

const NO_BYTES = new Uint8Array(0);
const cxlLocate = (v: CxlComponentSection, at: number): string =>
  at < 32 ? locateFlat(CxlComponentEventHeader, at) : at < 32 + v.data.length ? "CxlComponentEventLog" : "TrailingData";

/** libcper's JSON keeps Length, the device id (slot bits 15:3), the serial and the log under their bits; Reserved and bytes past Length are lost. */
const CXL_COMPONENT_FAST = {
  lossless: (v: CxlComponentSection): boolean =>
    flatLossless(CxlComponentEventHeader, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, 7n) &&
    (v.fields.SlotNumber & 7) === 0 &&
    (bit(v.fields.ValidationBits, 2) || v.data.length === 0),
  project: (v: CxlComponentSection): CxlComponentSection | undefined => {
    if (v.length !== undefined) return undefined;
    const head = flatProject(CxlComponentEventHeader, { fields: v.fields, trailing: v.trailing }, 7n, (out) => {
      out.SlotNumber = (out.SlotNumber as number) & 0xfff8;
    });
    return head && { fields: head.fields, data: bit(v.fields.ValidationBits, 2) ? v.data : NO_BYTES, trailing: NO_BYTES };
  },
  locate: cxlLocate,
};

export const cxlComponentCodecs: readonly MoreCodec<CxlComponentSection>[] = CXL_COMPONENT_EVENTS.map(cxlComponentCodec);
