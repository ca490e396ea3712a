// CXL Protocol Error Section (UEFI 2.10 N.2.13, Table N-41): a 116-byte
// header, then the CXL DVSEC (CxlDvsecLength bytes) and the CXL error log
// (CxlErrorLogLength bytes; for Linux a cxl_ras_capability_regs, CXL 3.0 §8.2.4.16).

import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import { field, struct, writeStruct, type Decoded } from "../../layout/struct.js";
import { bytes, reserved, u16, u64, u8 } from "../../layout/types.js";
import { decodeFlat, encodeFlat, locateFlat } from "./body.js";
import { declareSection, type BodyKind } from "./contract.js";
import { PatchRuns, scratchBody } from "../json/patches.js";
import { asBase64, asForm, asInt, group, lib, type JsonForm } from "./json-forms.js";
import { writeEnum } from "../json/writer.js";
import { toBase64, fitBytes, getB64, getNum, getObj, getPairValue, getUint, has, type JsonObj, bitSet as bit } from "../json/reader.js";
import { linuxHexDump } from "../render/hexdump.js";
import { hexDigits } from "../../arch/bits.js";

const SPEC = "UEFI 2.10 N.2.13 Table N-41";

export const CXL_AGENT_TYPES: Readonly<Record<number, string>> = {
  0: "CXL 1.1 Device",
  1: "CXL 1.1 Host Downstream Port",
  2: "CXL 2.0 Device",
  3: "CXL 2.0 Logical Device",
  4: "CXL 2.0 Fabric Manager Managed Logical Device",
  5: "CXL 2.0 Root Port",
  6: "CXL 2.0 Downstream Switch Port",
  7: "CXL 2.0 Upstream Switch Port",
};
// Linux: prot_err_agent_type_strs[] (drivers/firmware/efi/cper_cxl.c)
const LINUX_AGENT_TYPES = [
  "Restricted CXL Device",
  "Restricted CXL Host Downstream Port",
  "CXL Device",
  "CXL Logical Device",
  "CXL Fabric Manager managed Logical Device",
  "CXL Root Port",
  "CXL Downstream Switch Port",
  "CXL Upstream Switch Port",
];
const RCH_DP = 1;

// libcper (sections/cper-section-cxl-protocol.c, read at openbmc/libcper 04cb864d):
// it names only agent types 0 and 1 ("CXL 1.1 ..."; others "Unknown (Reserved)"),
// writes cxlAgentAddress only for type 0 (function/device/bus/segment) and type 1
// ({"value": RCRB base}), always writes deviceID with vendorID (the other five keys
// under validation bit 2), writes deviceSerial only for type 0, and each length key
// only with its data (bits 5 and 6).
export const LIBCPER_CXL_AGENT_TYPES: Readonly<Record<number, string>> = {
  0: "CXL 1.1 Device",
  1: "CXL 1.1 Host Downstream Port",
};
const RCD = 0;

const optNum = (o: JsonObj, key: string, path: string, bits: number): number => (has(o, key) ? getNum(o, key, path, bits) : 0);

// libcper's members (JSON in as libcper's ir_section_cxl_protocol_to_cper: a key present sets its
// validation bit; the agent address, serial number and capability structure are read by agent type).
/** The agent type libcper's JSON says: agentType, else the address's shape (a {value} is an RCH DP's). */
function jsonAgentType(j: JsonObj, p: string): number {
  if (has(j, "agentType")) return getPairValue(j, "agentType", p, 8);
  return has(j, "cxlAgentAddress") && has(getObj(j, "cxlAgentAddress", p), "value") ? RCH_DP : RCD;
}
const AGENT_TYPE_JSON: JsonForm = asForm<number>({
  write: (out, key, x) => writeEnum(out, key, x, LIBCPER_CXL_AGENT_TYPES, "name", "Unknown (Reserved)"),
  read: (j, key, p) => getPairValue(j, key, p, 8),
  text: (x) => `${x}`,
});
const AGENT_ADDRESS_JSON = group("cxlAgentAddress", [], {
  write: (out, key, f) => {
    const a = f.CxlAgentAddress as bigint;
    out.begin(key);
    if (f.CxlAgentType === RCH_DP) out.int("value", a);
    else {
      out.num("functionNumber", Number(a & 0xffn));
      out.num("deviceNumber", Number((a >> 8n) & 0xffn));
      out.num("busNumber", Number((a >> 16n) & 0xffn));
      out.num("segmentNumber", Number((a >> 24n) & 0xffffn));
    }
    out.end();
  },
  read: (j, key, p) => {
    const a = getObj(j, key, p);
    const ap = `${p}.${key}`;
    const t = jsonAgentType(j, p);
    let addr = 0n;
    if (t === RCH_DP) addr = has(a, "value") ? getUint(a, "value", ap, 64) : 0n;
    else if (t === RCD) addr = BigInt(optNum(a, "functionNumber", ap, 8)) | (BigInt(optNum(a, "deviceNumber", ap, 8)) << 8n) | (BigInt(optNum(a, "busNumber", ap, 8)) << 16n) | (BigInt(optNum(a, "segmentNumber", ap, 16)) << 24n);
    return { CxlAgentAddress: addr };
  },
  text: (f) => `0x${(f.CxlAgentAddress as bigint).toString(16)}`,
});
/** deviceID: vendorID always, the other five under validation bit 2 (slot number bits 15:3). */
const DEVICE_ID_JSON = group("deviceID", ["DeviceId", "SubsystemVendorId", "SubsystemDeviceId", "ClassCode", "SlotNumber"], {
  write: (out, key, f, w) => {
    out.begin(key);
    out.num("vendorID", f.VendorId);
    if (w & 4) {
      out.num("deviceID", f.DeviceId);
      out.num("subsystemVendorID", f.SubsystemVendorId);
      out.num("subsystemDeviceID", f.SubsystemDeviceId);
      out.num("classCode", f.ClassCode);
      out.num("slotNumber", f.SlotNumber >> 3);
    }
    out.end();
  },
  read: (j, key, p) => {
    const id = getObj(j, key, p);
    const ip = `${p}.${key}`;
    return {
      VendorId: optNum(id, "vendorID", ip, 16),
      DeviceId: optNum(id, "deviceID", ip, 16),
      SubsystemVendorId: optNum(id, "subsystemVendorID", ip, 16),
      SubsystemDeviceId: optNum(id, "subsystemDeviceID", ip, 16),
      ClassCode: optNum(id, "classCode", ip, 16),
      SlotNumber: optNum(id, "slotNumber", ip, 13) << 3,
    };
  },
  text: (f) => `vendor 0x${hexDigits(f.VendorId, 4)} device 0x${hexDigits(f.DeviceId, 4)}`,
});
/** A member libcper reads only for an RCD (agent type 0); otherwise `zero` (fromLibMore clears its validation bit). */
function onlyForDevice(form: JsonForm, zero: () => unknown): JsonForm {
  return (f) => {
    const b = form(f);
    return { ...b, read: (j, key, p) => (jsonAgentType(j, p) === RCD ? b.read(j, key, p) : zero()) };
  };
}

export const CxlProtocolError = struct(
  "CxlProtocolError",
  116,
  {
    ValidationBits: field(0, u64),
    CxlAgentType: field(8, u8, { valid: 0, values: CXL_AGENT_TYPES, json: lib("agentType", AGENT_TYPE_JSON) }),
    Reserved1: field(9, reserved(7)),
    CxlAgentAddress: field(16, u64, { valid: 1, doc: "RCH DP: RCRB base; others: function u8, device u8, bus u8, segment u16, 3 reserved", json: AGENT_ADDRESS_JSON }),
    VendorId: field(24, u16, { valid: 2, json: DEVICE_ID_JSON }),
    DeviceId: field(26, u16, { valid: 2 }),
    SubsystemVendorId: field(28, u16, { valid: 2 }),
    SubsystemDeviceId: field(30, u16, { valid: 2 }),
    ClassCode: field(32, u16, { valid: 2 }),
    SlotNumber: field(34, u16, { valid: 2, doc: "bits 15:3 slot number" }),
    DeviceIdReserved: field(36, reserved(4)),
    DeviceSerialNumber: field(40, u64, { valid: 3, json: lib("deviceSerial", onlyForDevice(asInt(), () => 0n)) }),
    CapabilityStructure: field(48, bytes(60), { valid: 4, doc: "PCIe capability structure", json: lib("capabilityStructure", onlyForDevice(asBase64(), () => new Uint8Array(60))) }),
    CxlDvsecLength: field(108, u16, { valid: 5 }),
    CxlErrorLogLength: field(110, u16, { valid: 6 }),
    Reserved2: field(112, reserved(4)),
  },
  { validationField: "ValidationBits", spec: SPEC },
);

export interface CxlProtocolSection {
  readonly fields: Decoded<typeof CxlProtocolError>;
  readonly dvsec: Uint8Array;
  readonly errorLog: Uint8Array;
  readonly trailing: Uint8Array;
  readonly length?: number;
}

function decode(body: Uint8Array): Result<CxlProtocolSection> {
  const head = decodeFlat(CxlProtocolError, body);
  if (!head.ok) return head;
  const warnings: Warning[] = [...head.warnings];
  const fields = head.value.fields;
  if (head.value.length !== undefined) return ok({ fields, dvsec: NO_BYTES, errorLog: NO_BYTES, trailing: NO_BYTES, length: head.value.length }, warnings);
  let p = 116;
  const take = (n: number, name: string, at: number): Uint8Array => {
    const fit = Math.min(n, body.length - p);
    if (fit < n) warnings.push({ code: "bad-length", field: `CxlProtocolError.${name}`, offset: at, message: `${name} ${n} runs past the section end; ${fit} byte(s) decoded` });
    const out = copyOf(body, p, p + fit);
    p += fit;
    return out;
  };
  const dvsec = take(fields.CxlDvsecLength, "CxlDvsecLength", 108);
  const errorLog = take(fields.CxlErrorLogLength, "CxlErrorLogLength", 110);
  if (p < body.length) warnings.push({ code: "trailing-bytes", field: "CxlProtocolError", offset: p, message: `${body.length - p} byte(s) after the CXL error log (kept)` });
  return ok({ fields, dvsec, errorLog, trailing: copyOf(body, p) }, warnings);
}

function encode(v: CxlProtocolSection): Uint8Array {
  const head = encodeFlat(CxlProtocolError, { fields: v.fields, trailing: NO_BYTES, ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  const out = new Uint8Array(116 + v.dvsec.length + v.errorLog.length + v.trailing.length);
  out.set(head);
  out.set(v.dvsec, 116);
  out.set(v.errorLog, 116 + v.dvsec.length);
  out.set(v.trailing, 116 + v.dvsec.length + v.errorLog.length);
  return out;
}

function deviceAddress(a: bigint): JsonObj {
  return {
    functionNumber: Number(a & 0xffn),
    deviceNumber: Number((a >> 8n) & 0xffn),
    busNumber: Number((a >> 16n) & 0xffn),
    segmentNumber: Number((a >> 24n) & 0xffffn),
  };
}

// Linux: cxl_cper_print_prot_err() (drivers/firmware/efi/cper_cxl.c; cper_print_prot_err()
// before the rename), checked against torvalds/linux 61eac5f7. Its format strings put a
// space after the prefix; agent-type switches decide what prints.
function renderLinux(v: CxlProtocolSection): string[] {
  const f = v.fields;
  const vb = f.ValidationBits;
  const t = f.CxlAgentType;
  const isPort = t >= 5 && t <= 7;
  const isDevice = t === 0 || (t >= 2 && t <= 4);
  const lines: string[] = [];
  if (bit(vb, 0)) lines.push(` agent_type: ${t}, ${LINUX_AGENT_TYPES[t] ?? "unknown"}`);
  if (bit(vb, 1)) {
    const a = f.CxlAgentAddress;
    if (isDevice || isPort) {
      lines.push(` agent_address: ${hexDigits((a >> 24n) & 0xffffn, 4)}:${hexDigits((a >> 16n) & 0xffn, 2)}:${hexDigits((a >> 8n) & 0xffn, 2)}.${(a & 0xffn).toString(16)}`);
    } else if (t === RCH_DP) lines.push(` rcrb_base_address: 0x${hexDigits(a, 16)}`);
  }
  if (bit(vb, 2) && (isDevice || isPort)) {
    lines.push(` slot: ${f.SlotNumber >> 3}`);
    lines.push(` vendor_id: 0x${hexDigits(f.VendorId, 4)}, device_id: 0x${hexDigits(f.DeviceId, 4)}`);
    lines.push(` sub_vendor_id: 0x${hexDigits(f.SubsystemVendorId, 4)}, sub_device_id: 0x${hexDigits(f.SubsystemDeviceId, 4)}`);
    lines.push(` class_code: ${hexDigits(f.ClassCode >> 8, 2)}${hexDigits(f.ClassCode & 0xff, 2)}`);
  }
  if (bit(vb, 3) && isDevice) {
    lines.push(` lower_dw: 0x${hexDigits(f.DeviceSerialNumber & 0xffff_ffffn, 8)}, upper_dw: 0x${hexDigits(f.DeviceSerialNumber >> 32n, 8)}`);
  }
  if (bit(vb, 4) && (isDevice || isPort)) lines.push(...linuxHexDump(f.CapabilityStructure, false));
  if (bit(vb, 5)) {
    lines.push(` DVSEC length: 0x${hexDigits(f.CxlDvsecLength, 4)}`, " CXL DVSEC:", ...linuxHexDump(v.dvsec, false));
  }
  if (bit(vb, 6)) {
    lines.push(` Error log length: 0x${hexDigits(f.CxlErrorLogLength, 4)}`, " CXL Error Log:");
    const log = new Uint8Array(88);
    log.set(v.errorLog.subarray(0, 88));
    const dv = new DataView(log.buffer);
    const w = (at: number): string => hexDigits(dv.getUint32(at, true), 8);
    lines.push(
      ` cxl_ras_uncor_status: 0x${w(0)}`,
      ` cxl_ras_uncor_mask: 0x${w(4)}`,
      ` cxl_ras_uncor_severity: 0x${w(8)}`,
      ` cxl_ras_cor_status: 0x${w(12)}`,
      ` cxl_ras_cor_mask: 0x${w(16)}`,
      ` cap_control: 0x${w(20)}`,
      " Header Log Registers:",
      ...linuxHexDump(log.subarray(24, 88), false),
    );
  }
  return lines;
}

function renderText(v: CxlProtocolSection): string[] {
  const f = v.fields;
  const vb = f.ValidationBits;
  const lines = ["CXL protocol error"];
  if (bit(vb, 0)) lines.push(`  agent: ${CXL_AGENT_TYPES[f.CxlAgentType] ?? `reserved type ${f.CxlAgentType}`}`);
  if (bit(vb, 1)) {
    const a = f.CxlAgentType === RCH_DP ? `RCRB base 0x${hexDigits(f.CxlAgentAddress, 16)}` : JSON.stringify(deviceAddress(f.CxlAgentAddress));
    lines.push(`  agent address: ${a}`);
  }
  if (bit(vb, 2)) lines.push(`  vendor 0x${hexDigits(f.VendorId, 4)} device 0x${hexDigits(f.DeviceId, 4)}, slot ${f.SlotNumber >> 3}`);
  if (bit(vb, 3)) lines.push(`  serial number: 0x${hexDigits(f.DeviceSerialNumber, 16)}`);
  if (bit(vb, 5)) lines.push(`  CXL DVSEC: ${v.dvsec.length} byte(s)`);
  if (bit(vb, 6)) lines.push(`  CXL error log: ${v.errorLog.length} byte(s)`);
  return lines;
}

/**
 * The "_armras" object (undefined: nothing dropped; null: a short body, the generic path): the
 * value's bytes, written once into a scratch body, against the bytes libcper's JSON alone rebuilds,
 * stated byte by byte in offset order (no projected value, no second encode). libcper keys the
 * agent address, serial number and capability structure on the agent type, always prints
 * deviceID (its validation bit comes back set), and prints the DVSEC and error log (with their
 * lengths) under bits 5 and 6.
 * test/cper/flat-projection.test.ts holds it equal to the generic JSON round trip.
 */
function direct(v: CxlProtocolSection): Record<string, unknown> | undefined | null {
  if (v.length !== undefined) return null;
  const H = CxlProtocolError.size;
  const dvLen = v.dvsec.length;
  const logLen = v.errorLog.length;
  const n = H + dvLen + logLen + v.trailing.length;
  const a = scratchBody(0, n);
  writeStruct(CxlProtocolError, v.fields, a, 0);
  a.set(v.dvsec, H);
  a.set(v.errorLog, H + dvLen);
  a.set(v.trailing, H + dvLen + logLen);
  // From the validation bits 6:0 and the agent type as written; libcper's agent type is the address's shape when bit 0 is clear.
  const vb = a[AT.ValidationBits]!;
  const t = a[AT.CxlAgentType]!;
  const type = vb & 1 ? t : vb & 2 && t === RCH_DP ? RCH_DP : RCD;
  const addr = (vb & 2) !== 0 && (t === RCD || t === RCH_DP);
  const id = (vb & 4) !== 0;
  const serial = (vb & 8) !== 0 && t === RCD;
  const cap = (vb & 16) !== 0 && type === RCD;
  const dv = (vb & 32) !== 0;
  const log = (vb & 64) !== 0;
  const r = RUNS;
  r.reset();
  // Each byte range in offset order (the spans are CxlProtocolError's own fields).
  if (vb !== ((vb & 1) | (addr ? 2 : 0) | 4 | (serial ? 8 : 0) | (cap ? 16 : 0) | (dv ? 32 : 0) | (log ? 64 : 0))) r.add(AT.ValidationBits);
  r.nonzero(a, AT.ValidationBits + 1, END.ValidationBits); // ValidationBits 63:8
  if (t !== type) r.add(AT.CxlAgentType);
  r.nonzero(a, AT.Reserved1, END.Reserved1);
  if (!addr) r.nonzero(a, AT.CxlAgentAddress, END.CxlAgentAddress);
  else if (t !== RCH_DP) r.nonzero(a, AT.CxlAgentAddress + 5, END.CxlAgentAddress); // a device address keeps function, device, bus, segment (bits 39:0)
  if (!id) r.nonzero(a, AT.DeviceId, END.SlotNumber); // VendorId is always printed
  else if ((a[AT.SlotNumber]! & 7) !== 0) r.add(AT.SlotNumber); // SlotNumber bits 2:0
  r.nonzero(a, AT.DeviceIdReserved, END.DeviceIdReserved);
  if (!serial) r.nonzero(a, AT.DeviceSerialNumber, END.DeviceSerialNumber);
  if (!cap) r.nonzero(a, AT.CapabilityStructure, END.CapabilityStructure);
  if (!dv) r.nonzero(a, AT.CxlDvsecLength, END.CxlDvsecLength);
  if (!log) r.nonzero(a, AT.CxlErrorLogLength, END.CxlErrorLogLength);
  r.nonzero(a, AT.Reserved2, END.Reserved2);
  // libcper's DVSEC and error log: the value's bytes cut or zero-padded to the printed lengths.
  const pDv = dv ? v.fields.CxlDvsecLength : 0;
  const pLog = log ? v.fields.CxlErrorLogLength : 0;
  const baseN = H + pDv + pLog;
  for (let i = H; i < n; i++) {
    const j = i - H;
    if (i >= baseN) r.add(i);
    else if (a[i] !== (j < pDv ? (j < dvLen ? v.dvsec[j]! : 0) : j - pDv < logLen ? v.errorLog[j - pDv]! : 0)) r.add(i);
  }
  return r.result(a, baseN, (o) => cxlLocate(v, o));
}
type CxlField = keyof (typeof CxlProtocolError)["fields"];
/** Each field's first byte and end, from the declaration. */
const AT = Object.fromEntries(CxlProtocolError.order.map((k) => [k, CxlProtocolError.fields[k].at])) as Record<CxlField, number>;
const END = Object.fromEntries(CxlProtocolError.order.map((k) => [k, CxlProtocolError.fields[k].at + CxlProtocolError.fields[k].type.size])) as Record<CxlField, number>;
const RUNS = new PatchRuns();

const cxlLocate = (v: CxlProtocolSection, at: number): string =>
  at < 116 ? locateFlat(CxlProtocolError, at) : at < 116 + v.dvsec.length ? "CxlDvsec" : at < 116 + v.dvsec.length + v.errorLog.length ? "CxlErrorLog" : "TrailingData";


/** The 116-byte header, then the DVSEC and the error log its two lengths give (decode / encode above). */
const CXL_PROTOCOL_BODY: BodyKind<(typeof CxlProtocolError)["fields"], CxlProtocolSection> = {
  decode: (_s, body) => decode(body),
  encode: (_s, v) => encode(v),
  project: (v) => v, // unused: the projection is written by hand (project / lossless)
  keepsRest: () => false,
  fromFields: (fields) => ({ fields, dvsec: NO_BYTES, errorLog: NO_BYTES, trailing: NO_BYTES }),
};

export const cxlProtocolCodec = declareSection({
  key: "cxl-protocol",
  guid: "80b9efb4-52b5-4de3-a777-68784b771048",
  name: "CXL Protocol Error",
  libcperKey: "CxlProtocol",
  libcperTypeName: "CXL Protocol Error",
  linuxName: "CXL Protocol Error",
  message: "A CXL Protocol Error occurred",
  layout: CxlProtocolError,
  spec: SPEC,
  body: CXL_PROTOCOL_BODY,
  // libcper (sections/cper-section-cxl-protocol.c) writes cxlAgentAddress only for agent types 0
  // and 1, deviceID always (vendorID alone when bit 2 is clear), deviceSerial only for type 0.
  gate: {
    CxlAgentAddress: (w, v) => (w & 2) !== 0 && (v.fields.CxlAgentType === RCD || v.fields.CxlAgentType === RCH_DP),
    VendorId: () => true,
    DeviceSerialNumber: (w, v) => (w & 8) !== 0 && v.fields.CxlAgentType === RCD,
  },
  moreValidBits: [5, 6],
  // Each length key only with its data (bits 5 and 6).
  writeMore: (v, _opts, out) => {
    const vb = v.fields.ValidationBits;
    if (bit(vb, 5)) {
      out.num("dvsecLength", v.fields.CxlDvsecLength);
      out.ascii("cxlDVSEC", toBase64(v.dvsec));
    }
    if (bit(vb, 6)) {
      out.num("errorLogLength", v.fields.CxlErrorLogLength);
      out.ascii("cxlErrorLog", toBase64(v.errorLog));
    }
  },
  // The agent type without agentType, the type-bound validation bits, and the two variable parts:
  // a length key missing beside its data takes the data's length.
  fromLibMore: (v, j, p) => {
    const t = jsonAgentType(j, p);
    let vb = v.fields.ValidationBits;
    if (t !== RCD) vb &= ~(8n | 16n);
    const dvsecRaw = has(j, "cxlDVSEC") ? ((vb |= 32n), getB64(j, "cxlDVSEC", p)) : undefined;
    const logRaw = has(j, "cxlErrorLog") ? ((vb |= 64n), getB64(j, "cxlErrorLog", p)) : undefined;
    const dvsecLen = has(j, "dvsecLength") ? getNum(j, "dvsecLength", p, 16) : (dvsecRaw?.length ?? 0);
    const logLen = has(j, "errorLogLength") ? getNum(j, "errorLogLength", p, 16) : (logRaw?.length ?? 0);
    return {
      fields: { ...v.fields, ValidationBits: vb, CxlAgentType: t, CxlDvsecLength: dvsecLen, CxlErrorLogLength: logLen },
      dvsec: dvsecRaw ? fitBytes(dvsecRaw, dvsecLen, `${p}.cxlDVSEC`) : new Uint8Array(dvsecLen),
      errorLog: logRaw ? fitBytes(logRaw, logLen, `${p}.cxlErrorLog`) : new Uint8Array(logLen),
      trailing: NO_BYTES,
    };
  },
  // direct writes the patch of every full body and answers "nothing dropped" itself (lossless is not
  // asked first); a short body (project: undefined) takes the generic JSON round trip.
  projection: { project: () => undefined, lossless: () => false, direct },
  locate: cxlLocate,
  renderLinux,
  renderText,
  lint: (v) => {
    const out = [];
    const f = v.fields;
    if (bit(f.ValidationBits, 0) && f.CxlAgentType > 7) out.push({ severity: "error" as const, offset: 8, field: "CxlAgentType", message: `agent type ${f.CxlAgentType} is reserved`, spec: SPEC });
    if (v.length === undefined && (v.dvsec.length < f.CxlDvsecLength || v.errorLog.length < f.CxlErrorLogLength)) {
      out.push({ severity: "error" as const, offset: 108, field: "CxlDvsecLength", message: "CxlDvsecLength + CxlErrorLogLength run past the section end", spec: SPEC });
    }
    if (v.trailing.length > 0) out.push({ severity: "warning" as const, offset: 116 + v.dvsec.length + v.errorLog.length, field: "CxlErrorLog", message: `${v.trailing.length} byte(s) after the error log`, spec: SPEC });
    return out;
  },
});
