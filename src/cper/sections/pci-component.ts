// PCI/PCI-X Component Error Section (UEFI 2.10 N.2.9, Tables N-33/N-34):
// a 40-byte header, then (Memory Number + IO Number) register pairs of 16
// bytes. The count is bounded by the body, never trusted for allocation.

import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import { field, struct, viewOf, type Decoded } from "../../layout/struct.js";
import { bytes, reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { asErrorStatus, errorStatusText } from "./error-status.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat } from "./body.js";
import type { JsonOut } from "../json/writer.js";
import { declareSection, type BodyKind } from "./contract.js";
import { asInt, lib } from "./json-forms.js";
import { getUint, has, JsonPathError, obj, bitSet as bit } from "../json/reader.js";
import { pciIdGroup } from "./pci-id.js";

const SPEC = "UEFI 2.10 N.2.9 Table N-33";


/** libcper's idInfo object: the device id fields under validation bit 1. */
const ID_INFO = pciIdGroup(
  "idInfo",
  [
    { key: "vendorID", field: "VendorId", bits: 16 },
    { key: "deviceID", field: "DeviceId", bits: 16 },
    { key: "classCode", field: "ClassCode", bits: 24, kind: "u24" },
    { key: "functionNumber", field: "FunctionNumber", bits: 8 },
    { key: "deviceNumber", field: "DeviceNumber", bits: 8 },
    { key: "busNumber", field: "BusNumber", bits: 8 },
    { key: "segmentNumber", field: "SegmentNumber", bits: 8 },
  ],
  (f) => `segment ${f.SegmentNumber}, bus ${f.BusNumber}, device ${f.DeviceNumber}, function ${f.FunctionNumber}`,
);

export const PciComponentError = struct(
  "PciComponentError",
  40,
  {
    ValidationBits: field(0, u64),
    ErrorStatus: field(8, u64, { valid: 0, json: lib("errorStatus", asErrorStatus()) }),
    VendorId: field(16, u16, { valid: 1, json: ID_INFO }),
    DeviceId: field(18, u16, { valid: 1 }),
    ClassCode: field(20, bytes(3), { valid: 1 }),
    FunctionNumber: field(23, u8, { valid: 1 }),
    DeviceNumber: field(24, u8, { valid: 1 }),
    BusNumber: field(25, u8, { valid: 1 }),
    SegmentNumber: field(26, u8, { valid: 1 }),
    IdReserved: field(27, reserved(5)),
    MemoryNumber: field(32, u32, { valid: 2, json: lib("memoryNumber", asInt()) }),
    IoNumber: field(36, u32, { valid: 3, json: lib("ioNumber", asInt()) }),
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

function decode(body: Uint8Array): Result<PciComponentSection> {
  const head = decodeFlat(PciComponentError, body);
  if (!head.ok) return head;
  const warnings = head.warnings as Warning[]; // decodeFlat's own fresh array
  const fields = head.value.fields;
  if (head.value.length !== undefined) return ok({ fields, pairs: [], trailing: NO_BYTES, length: head.value.length }, warnings);
  const want = fields.MemoryNumber + fields.IoNumber;
  const fit = Math.floor((body.length - 40) / 16);
  const n = Math.min(want, fit);
  if (want > fit) {
    warnings.push({ code: "count-overrun", field: "PciComponentError.MemoryNumber", offset: 32, message: `Memory Number + IO Number = ${want} register pairs, only ${fit} fit in the ${body.length}-byte section` });
  }
  const dv = viewOf(body);
  const pairs: (readonly [bigint, bigint])[] = [];
  for (let i = 0; i < n; i++) pairs.push([dv.getBigUint64(40 + 16 * i, true), dv.getBigUint64(48 + 16 * i, true)]);
  const end = 40 + 16 * n;
  if (end < body.length && want <= fit) warnings.push({ code: "trailing-bytes", field: "PciComponentError", offset: end, message: `${body.length - end} byte(s) after the register pairs (kept)` });
  return ok({ fields, pairs, trailing: end === body.length ? NO_BYTES : copyOf(body, end) }, warnings);
}

function encode(v: PciComponentSection): Uint8Array {
  const head = encodeFlat(PciComponentError, { fields: v.fields, trailing: NO_BYTES, ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  const out = new Uint8Array(40 + 16 * v.pairs.length + v.trailing.length);
  out.set(head);
  out.set(pairBytes(v.pairs), 40);
  out.set(v.trailing, 40 + 16 * v.pairs.length);
  return out;
}

/** The pairs (validation bit 4) written after the declared members. */
function writePairs(v: PciComponentSection, out: JsonOut): void {
  if (!bit(v.fields.ValidationBits, 4)) return;
  out.beginArray("registerDataPairs");
  for (const [a, b] of v.pairs) {
    out.begin();
    out.int("firstHalf", a);
    out.int("secondHalf", b);
    out.end();
  }
  out.endArray();
}

/**
 * The pairs read back. The pair count is MemoryNumber + IoNumber whatever their validation bits
 * say. libcper's JSON leaves a count out when its bit is clear but still lists every pair: a
 * missing count is then what the pairs need (its validation bit stays clear).
 */
function readPairs(v: PciComponentSection, j: Record<string, unknown>, p: string): PciComponentSection {
  let vb = v.fields.ValidationBits;
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
  const mem = has(j, "memoryNumber") ? v.fields.MemoryNumber : undefined;
  const io = has(j, "ioNumber") ? v.fields.IoNumber : undefined;
  const MemoryNumber = mem ?? Math.max(0, pairs.length - (io ?? 0));
  const IoNumber = io ?? Math.max(0, pairs.length - MemoryNumber);
  return { fields: { ...v.fields, ValidationBits: vb, MemoryNumber, IoNumber }, pairs, trailing: NO_BYTES };
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

/** The header, then the register pairs its counts bound (libcper's JSON: the pairs under bit 4, the counts as readPairs rebuilds them). */
const PAIRS_BODY: BodyKind<(typeof PciComponentError)["fields"], PciComponentSection> = {
  decode: (_s, body) => decode(body),
  encode: (_s, v) => encode(v),
  project: (v, head) => {
    const pairs = bit(v.fields.ValidationBits, 4) ? v.pairs : [];
    const [MemoryNumber, IoNumber] = counts(v, pairs.length);
    return { fields: { ...head.fields, MemoryNumber, IoNumber }, pairs, trailing: NO_BYTES };
  },
  keepsRest: (v) => {
    if (!bit(v.fields.ValidationBits, 4) && v.pairs.length > 0) return false;
    const [mem, io] = counts(v, v.pairs.length);
    return mem === v.fields.MemoryNumber && io === v.fields.IoNumber;
  },
  fromFields: (fields) => ({ fields, pairs: [], trailing: NO_BYTES }),
  // The byte-level projection (contract.ts): the pairs after the header, kept under bit 4; the counts as readPairs rebuilds them.
  after: (v) => [pairBytes(v.pairs, true), v.trailing],
  keptAfter: (v, after) => (bit(v.fields.ValidationBits, 4) ? after[0]! : NO_BYTES),
  baseFields: (v) => {
    const [MemoryNumber, IoNumber] = counts(v, bit(v.fields.ValidationBits, 4) ? v.pairs.length : 0);
    return { MemoryNumber, IoNumber };
  },
};


/**
 * Register data pairs as their bytes (Table N-34: address, then value, each a UINT64). With
 * `scratch`, written into a buffer reused by the next such call (the patch path copies them out
 * before it asks again).
 */
function pairBytes(pairs: readonly (readonly [bigint, bigint])[], scratch = false): Uint8Array {
  if (pairs.length === 0) return NO_BYTES;
  const n = 16 * pairs.length;
  let out: Uint8Array;
  let dv: DataView;
  if (scratch) {
    if (pairScratch.length < n) {
      pairScratch = new Uint8Array(Math.max(n, 2 * pairScratch.length));
      pairView = new DataView(pairScratch.buffer);
    }
    out = pairScratch.subarray(0, n);
    dv = pairView;
  } else {
    out = new Uint8Array(n);
    dv = new DataView(out.buffer);
  }
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    dv.setBigUint64(16 * i, p[0], true);
    dv.setBigUint64(16 * i + 8, p[1], true);
  }
  return out;
}
let pairScratch = new Uint8Array(256);
let pairView = new DataView(pairScratch.buffer);

export const pciComponentCodec = declareSection({
  key: "pci-component",
  guid: "eb5e4685-ca66-4769-b6a2-26068b001326",
  name: "PCI/PCI-X Component Error",
  libcperKey: "PciComponent",
  libcperTypeName: "PCI Component/Device",
  message: "A PCI/PCI-X Device Error occurred", // libcper cper-section-pci-dev.c desc string
  layout: PciComponentError,
  spec: SPEC,
  body: PAIRS_BODY,
  moreValidBits: [4],
  locate: pciLocate,
  writeMore: (v, _opts, out) => writePairs(v, out),
  fromLibMore: (v, j, p) => readPairs(v, j, p),
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
  ownLint: true,
});
