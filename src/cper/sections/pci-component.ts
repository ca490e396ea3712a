// PCI/PCI-X Component Error Section (UEFI 2.10 N.2.9, Tables N-33/N-34):
// a 40-byte header, then (Memory Number + IO Number) register pairs of 16
// bytes. The count is bounded by the body, never trusted for allocation.

import { ok, type Result, type Warning } from "../../layout/result.js";
import { field, struct, type Decoded } from "../../layout/struct.js";
import { bytes, reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { ERROR_STATUS_RESERVED, errorStatusFromJson, errorStatusText, errorStatusToJson } from "./error-status.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat, moreCodec } from "./more-codec.js";
import { flatLossless, flatProject, withFastJson } from "./fast-json.js";
import { getNum, getObj, getUint, has, jsonU64, JsonPathError, obj, type JsonObj } from "./more-json.js";

const SPEC = "UEFI 2.10 N.2.9 Table N-33";

export const PciComponentError = struct(
  "PciComponentError",
  40,
  {
    ValidationBits: field(0, u64),
    ErrorStatus: field(8, u64, { valid: 0 }),
    VendorId: field(16, u16, { valid: 1 }),
    DeviceId: field(18, u16, { valid: 1 }),
    ClassCode: field(20, bytes(3), { valid: 1 }),
    FunctionNumber: field(23, u8, { valid: 1 }),
    DeviceNumber: field(24, u8, { valid: 1 }),
    BusNumber: field(25, u8, { valid: 1 }),
    SegmentNumber: field(26, u8, { valid: 1 }),
    IdReserved: field(27, reserved(5)),
    MemoryNumber: field(32, u32, { valid: 2 }),
    IoNumber: field(36, u32, { valid: 3 }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);
// Validation bit 4: the register data pairs after the header.

export interface PciComponentSection {
  readonly fields: Decoded<typeof PciComponentError>;
  /** Register data pairs: [address, value] (Table N-34). */
  readonly pairs: readonly (readonly [bigint, bigint])[];
  readonly trailing: Uint8Array;
  readonly length?: number;
}

const bit = (vb: bigint, n: number): boolean => ((vb >> BigInt(n)) & 1n) === 1n;
const u24 = (b: Uint8Array): number => b[0]! | (b[1]! << 8) | (b[2]! << 16);

function decode(body: Uint8Array): Result<PciComponentSection> {
  const head = decodeFlat(PciComponentError, body);
  if (!head.ok) return head;
  const warnings: Warning[] = [...head.warnings];
  const fields = head.value.fields;
  if (head.value.length !== undefined) return ok({ fields, pairs: [], trailing: new Uint8Array(0), length: head.value.length }, warnings);
  const want = fields.MemoryNumber + fields.IoNumber;
  const fit = Math.floor((body.length - 40) / 16);
  const n = Math.min(want, fit);
  if (want > fit) {
    warnings.push({ code: "count-overrun", field: "PciComponentError.MemoryNumber", offset: 32, message: `Memory Number + IO Number = ${want} register pairs, only ${fit} fit in the ${body.length}-byte section` });
  }
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const pairs: (readonly [bigint, bigint])[] = [];
  for (let i = 0; i < n; i++) pairs.push([dv.getBigUint64(40 + 16 * i, true), dv.getBigUint64(48 + 16 * i, true)]);
  const end = 40 + 16 * n;
  if (end < body.length && want <= fit) warnings.push({ code: "trailing-bytes", field: "PciComponentError", offset: end, message: `${body.length - end} byte(s) after the register pairs (kept)` });
  return ok({ fields, pairs, trailing: body.slice(end) }, warnings);
}

function encode(v: PciComponentSection): Uint8Array {
  const head = encodeFlat(PciComponentError, { fields: v.fields, trailing: new Uint8Array(0), ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  const out = new Uint8Array(40 + 16 * v.pairs.length + v.trailing.length);
  out.set(head);
  const dv = new DataView(out.buffer);
  v.pairs.forEach(([a, b], i) => {
    dv.setBigUint64(40 + 16 * i, a, true);
    dv.setBigUint64(48 + 16 * i, b, true);
  });
  out.set(v.trailing, 40 + 16 * v.pairs.length);
  return out;
}

function toLib(v: PciComponentSection): JsonObj {
  const f = v.fields;
  const vb = f.ValidationBits;
  const out: JsonObj = {};
  if (bit(vb, 0)) out.errorStatus = errorStatusToJson(f.ErrorStatus);
  if (bit(vb, 1)) {
    out.idInfo = {
      vendorID: f.VendorId,
      deviceID: f.DeviceId,
      classCode: u24(f.ClassCode),
      functionNumber: f.FunctionNumber,
      deviceNumber: f.DeviceNumber,
      busNumber: f.BusNumber,
      segmentNumber: f.SegmentNumber,
    };
  }
  if (bit(vb, 2)) out.memoryNumber = f.MemoryNumber;
  if (bit(vb, 3)) out.ioNumber = f.IoNumber;
  if (bit(vb, 4)) out.registerDataPairs = v.pairs.map(([a, b]) => ({ firstHalf: jsonU64(a), secondHalf: jsonU64(b) }));
  return out;
}

function fromLib(j: JsonObj, p: string): PciComponentSection {
  let vb = 0n;
  const ErrorStatus = has(j, "errorStatus") ? ((vb |= 1n), errorStatusFromJson(j, "errorStatus", p)) : 0n;
  const id = has(j, "idInfo") ? ((vb |= 2n), getObj(j, "idInfo", p)) : undefined;
  const ip = `${p}.idInfo`;
  let pairs: (readonly [bigint, bigint])[] = [];
  if (has(j, "registerDataPairs")) {
    vb |= 16n;
    const a = j.registerDataPairs;
    if (!Array.isArray(a)) throw new JsonPathError(`${p}.registerDataPairs`, "expected an array");
    pairs = a.map((x, i) => {
      const o = obj(x, `${p}.registerDataPairs[${i}]`);
      return [getUint(o, "firstHalf", `${p}.registerDataPairs[${i}]`, 64), getUint(o, "secondHalf", `${p}.registerDataPairs[${i}]`, 64)] as const;
    });
  }
  // The pair count is MemoryNumber + IoNumber whatever their validation bits say. libcper's JSON
  // leaves a count out when its bit is clear but still lists every pair: a missing count is then
  // what the pairs need (its validation bit stays clear).
  const mem = has(j, "memoryNumber") ? ((vb |= 4n), getNum(j, "memoryNumber", p, 32)) : undefined;
  const io = has(j, "ioNumber") ? ((vb |= 8n), getNum(j, "ioNumber", p, 32)) : undefined;
  const MemoryNumber = mem ?? Math.max(0, pairs.length - (io ?? 0));
  const IoNumber = io ?? Math.max(0, pairs.length - MemoryNumber);
  const cc = id ? getNum(id, "classCode", ip, 24) : 0;
  return {
    fields: {
      ValidationBits: vb,
      ErrorStatus,
      VendorId: id ? getNum(id, "vendorID", ip, 16) : 0,
      DeviceId: id ? getNum(id, "deviceID", ip, 16) : 0,
      ClassCode: Uint8Array.of(cc & 0xff, (cc >> 8) & 0xff, cc >> 16),
      FunctionNumber: id ? getNum(id, "functionNumber", ip, 8) : 0,
      DeviceNumber: id ? getNum(id, "deviceNumber", ip, 8) : 0,
      BusNumber: id ? getNum(id, "busNumber", ip, 8) : 0,
      SegmentNumber: id ? getNum(id, "segmentNumber", ip, 8) : 0,
      IdReserved: new Uint8Array(5),
      MemoryNumber,
      IoNumber,
    },
    pairs,
    trailing: new Uint8Array(0),
  };
}

function pciLocate(v: PciComponentSection, at: number): string {
  return at < 40 ? locateFlat(PciComponentError, at) : at < 40 + 16 * v.pairs.length ? `RegisterDataPair[${Math.floor((at - 40) / 16)}]` : "TrailingData";
}

/** Memory Number and IO Number as fromLib rebuilds them: a count whose bit is clear is what the printed pairs need. */
function counts(v: PciComponentSection, pairs: number): [number, number] {
  const vb = v.fields.ValidationBits;
  const io = bit(vb, 3) ? v.fields.IoNumber : undefined;
  const mem = bit(vb, 2) ? v.fields.MemoryNumber : Math.max(0, pairs - (io ?? 0));
  return [mem, io ?? Math.max(0, pairs - mem)];
}

/** What fromLib(toLib(v)) rebuilds, directly (fast-json.ts): the same count rules as fromLib. */
function project(v: PciComponentSection): PciComponentSection | undefined {
  if (v.length !== undefined) return undefined;
  const f = v.fields;
  const pairs = bit(f.ValidationBits, 4) ? v.pairs : [];
  const head = flatProject(PciComponentError, { fields: f, trailing: v.trailing }, 0x1fn, (out) => {
    out.ErrorStatus = (out.ErrorStatus as bigint) & ~ERROR_STATUS_RESERVED & 0xffff_ffff_ffff_ffffn;
    [out.MemoryNumber, out.IoNumber] = counts(v, pairs.length);
  });
  return head && { fields: head.fields, pairs, trailing: new Uint8Array(0) };
}

/** Nothing dropped: flatLossless of the header, reserved Error Status bits clear, the pairs printed, the counts as fromLib rebuilds them. */
function lossless(v: PciComponentSection): boolean {
  const f = v.fields;
  if (!flatLossless(PciComponentError, { fields: f, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, 0x1fn)) return false;
  if ((f.ErrorStatus & ERROR_STATUS_RESERVED) !== 0n || (!bit(f.ValidationBits, 4) && v.pairs.length > 0)) return false;
  const [mem, io] = counts(v, v.pairs.length);
  return mem === f.MemoryNumber && io === f.IoNumber;
}

export const pciComponentCodec = withFastJson(moreCodec<PciComponentSection>({
  key: "pci-component",
  guid: "eb5e4685-ca66-4769-b6a2-26068b001326",
  name: "PCI/PCI-X Component Error",
  libcperKey: "PciComponent",
  libcperTypeName: "PCI Component/Device",
  message: "A PCI/PCI-X Device Error occurred", // libcper cper-section-pci-dev.c desc string
  decode,
  encode,
  toLib,
  fromLib,
  locate: pciLocate,
  renderText: (v) => {
    const f = v.fields;
    const vb = f.ValidationBits;
    const lines = ["PCI/PCI-X component error"];
    if (bit(vb, 0)) lines.push(`  error status: ${errorStatusText(f.ErrorStatus)}`);
    if (bit(vb, 1)) lines.push(`  device: segment ${f.SegmentNumber}, bus ${f.BusNumber}, device ${f.DeviceNumber}, function ${f.FunctionNumber}; vendor 0x${f.VendorId.toString(16).padStart(4, "0")} device 0x${f.DeviceId.toString(16).padStart(4, "0")}`);
    if (bit(vb, 4)) v.pairs.forEach(([a, b], i) => lines.push(`  register ${i}: [0x${a.toString(16)}] = 0x${b.toString(16)}`));
    return lines;
  },
  lint: (v) => {
    const out = lintFlat(PciComponentError, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, SPEC, { validMask: 0x1fn });
    const want = v.fields.MemoryNumber + v.fields.IoNumber;
    if (v.length === undefined && want !== v.pairs.length) {
      out.push({ severity: "error", offset: 32, field: "MemoryNumber", message: `Memory Number + IO Number = ${want}, the section holds ${v.pairs.length} register pair(s)`, spec: "UEFI 2.10 N.2.9 Table N-34" });
    } else if (v.trailing.length > 0) {
      out.push({ severity: "warning", offset: 40 + 16 * v.pairs.length, field: "RegisterDataPairs", message: `${v.trailing.length} byte(s) after the register pairs`, spec: SPEC });
    }
    return out;
  },
}), {
  lossless,
  project,
  locate: pciLocate,
});
