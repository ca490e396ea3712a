// PCI/PCI-X Bus Error Section (UEFI 2.10 N.2.8, Table N-31).

import { field, struct } from "../../layout/struct.js";
import { reserved, u16, u64 } from "../../layout/types.js";
import { errorStatusFromJson, errorStatusText, errorStatusToJson, ERROR_STATUS_JSON_MASK, ERROR_STATUS_RESERVED } from "./error-status.js";
import { flatFast, withFastJson } from "./fast-json.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { enumPair, getNum, getObj, getPairValue, getUint, has, hex64Upper, jsonU64, JsonPathError, type JsonObj } from "./more-json.js";

const SPEC = "UEFI 2.10 N.2.8 Table N-31";

export const PCI_BUS_ERROR_TYPES: Readonly<Record<number, string>> = {
  0: "Unknown/OEM Specific Error",
  1: "Data Parity Error",
  2: "System Error",
  3: "Master Abort",
  4: "Bus Timeout/No Device Present (No DEVSEL#)",
  5: "Master Data Parity Error",
  6: "Address Parity Error",
  7: "Command Parity Error",
};

export const PciBusError = struct(
  "PciBusError",
  72,
  {
    ValidationBits: field(0, u64),
    ErrorStatus: field(8, u64, { valid: 0 }),
    ErrorType: field(16, u16, { valid: 1, values: PCI_BUS_ERROR_TYPES }),
    BusId: field(18, u16, { valid: 2, doc: "bits 7:0 bus number, 15:8 segment number" }),
    Reserved: field(20, reserved(4)),
    BusAddress: field(24, u64, { valid: 3 }),
    BusData: field(32, u64, { valid: 4 }),
    BusCommand: field(40, u64, { valid: 5, doc: "byte 7 bit 0: 1 = PCI-X command" }),
    BusRequestorId: field(48, u64, { valid: 6 }),
    BusCompleterId: field(56, u64, { valid: 7 }),
    TargetId: field(64, u64, { valid: 8 }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);

export type PciBusSection = Flat<(typeof PciBusError)["fields"]>;
const VALID_MASK = 0x1ffn;
const PCIX_BIT = 1n << 56n;

const bit = (vb: bigint, n: number): boolean => ((vb >> BigInt(n)) & 1n) === 1n;

export const pciBusCodec = withFastJson(moreCodec<PciBusSection>({
  key: "pci-bus",
  guid: "c5753963-3b84-4095-bf78-eddad3f9c9dd",
  name: "PCI/PCI-X Bus Error",
  libcperKey: "PciBus",
  libcperTypeName: "PCI/PCI-X Bus",
  message: "A PCI/PCI-X Bus Error occurred",
  decode: (body) => decodeFlat(PciBusError, body),
  encode: (v) => encodeFlat(PciBusError, v),
  locate: (_v, at) => locateFlat(PciBusError, at),
  toLib: (v) => {
    const f = v.fields;
    const vb = f.ValidationBits;
    const out: JsonObj = {};
    if (bit(vb, 0)) out.errorStatus = errorStatusToJson(f.ErrorStatus);
    if (bit(vb, 1)) out.errorType = enumPair(f.ErrorType, PCI_BUS_ERROR_TYPES);
    if (bit(vb, 2)) out.busID = { busNumber: f.BusId & 0xff, segmentNumber: f.BusId >> 8 };
    if (bit(vb, 3)) out.busAddress = jsonU64(f.BusAddress);
    if (bit(vb, 4)) out.busData = jsonU64(f.BusData);
    if (bit(vb, 5)) out.busCommandType = (f.BusCommand & PCIX_BIT) !== 0n ? "PCI-X" : "PCI";
    if (bit(vb, 6)) {
      out.busRequestorID = jsonU64(f.BusRequestorId);
      out.busRequestorIDHex = hex64Upper(f.BusRequestorId);
    }
    if (bit(vb, 7)) {
      out.busCompleterID = jsonU64(f.BusCompleterId);
      out.busCompleterIDHex = hex64Upper(f.BusCompleterId);
    }
    if (bit(vb, 8)) out.targetID = jsonU64(f.TargetId);
    return out;
  },
  fromLib: (j, p) => {
    let vb = 0n;
    const set = (n: number): void => void (vb |= 1n << BigInt(n));
    const u = (k: string, n: number): bigint => (has(j, k) ? (set(n), getUint(j, k, p, 64)) : 0n);
    let busId = 0;
    if (has(j, "busID")) {
      set(2);
      const b = getObj(j, "busID", p);
      busId = getNum(b, "busNumber", `${p}.busID`, 8) | (getNum(b, "segmentNumber", `${p}.busID`, 8) << 8);
    }
    let cmd = 0n;
    if (has(j, "busCommandType")) {
      set(5);
      const t = j.busCommandType;
      if (t !== "PCI" && t !== "PCI-X") throw new JsonPathError(`${p}.busCommandType`, 'expected "PCI" or "PCI-X"');
      cmd = t === "PCI-X" ? PCIX_BIT : 0n;
    }
    const ErrorStatus = has(j, "errorStatus") ? (set(0), errorStatusFromJson(j, "errorStatus", p)) : 0n;
    const ErrorType = has(j, "errorType") ? (set(1), getPairValue(j, "errorType", p, 16)) : 0;
    const BusAddress = u("busAddress", 3);
    const BusData = u("busData", 4);
    const BusRequestorId = u("busRequestorID", 6);
    const BusCompleterId = u("busCompleterID", 7);
    const TargetId = u("targetID", 8);
    return {
      fields: { ValidationBits: vb, ErrorStatus, ErrorType, BusId: busId, Reserved: new Uint8Array(4), BusAddress, BusData, BusCommand: cmd, BusRequestorId, BusCompleterId, TargetId },
      trailing: new Uint8Array(0),
    };
  },
  renderText: (v) => {
    const f = v.fields;
    const vb = f.ValidationBits;
    const lines = ["PCI/PCI-X bus error"];
    if (bit(vb, 0)) lines.push(`  error status: ${errorStatusText(f.ErrorStatus)}`);
    if (bit(vb, 1)) lines.push(`  error type: ${f.ErrorType} (${PCI_BUS_ERROR_TYPES[f.ErrorType] ?? "reserved"})`);
    if (bit(vb, 2)) lines.push(`  bus: segment ${f.BusId >> 8}, bus ${f.BusId & 0xff}`);
    if (bit(vb, 3)) lines.push(`  bus address: 0x${f.BusAddress.toString(16)}`);
    if (bit(vb, 4)) lines.push(`  bus data: 0x${f.BusData.toString(16)}`);
    if (bit(vb, 5)) lines.push(`  bus command: 0x${f.BusCommand.toString(16)} (${(f.BusCommand & PCIX_BIT) !== 0n ? "PCI-X" : "PCI"})`);
    if (bit(vb, 6)) lines.push(`  requestor id: 0x${f.BusRequestorId.toString(16)}`);
    if (bit(vb, 7)) lines.push(`  completer id: 0x${f.BusCompleterId.toString(16)}`);
    if (bit(vb, 8)) lines.push(`  target id: 0x${f.TargetId.toString(16)}`);
    return lines;
  },
  lint: (v) => {
    const out = lintFlat(PciBusError, v, SPEC, { validMask: VALID_MASK });
    if (bit(v.fields.ValidationBits, 0) && (v.fields.ErrorStatus & ERROR_STATUS_RESERVED) !== 0n) {
      out.push({ severity: "warning", offset: 8, field: "ErrorStatus", message: "reserved bits of Error Status are set", spec: "UEFI 2.10 N.2.7.1" });
    }
    return out;
  },
}), flatFast(PciBusError, VALID_MASK, (out, v) => {
  const vb = v.fields.ValidationBits;
  if (bit(vb, 0)) out.ErrorStatus = v.fields.ErrorStatus & ERROR_STATUS_JSON_MASK;
  if (bit(vb, 5)) out.BusCommand = v.fields.BusCommand & PCIX_BIT; // "PCI" or "PCI-X"
}));
