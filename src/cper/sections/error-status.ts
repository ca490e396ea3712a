// The 64-bit Error Status field shared by the PCI/PCI-X bus and PCI component
// sections (UEFI 2.10 N.2.7.1 "Error Status Fields", Table N-24 error types).

import { bitField, extract, insert } from "../../arch/bits.js";
import { Fragments, objectOf, writeBits32, type JsonOut } from "../json/writer.js";
import { getBool, getObj, getPairValue, type JsonObj } from "../json/reader.js";
import { asForm, type JsonForm } from "./json-forms.js";

export const ERROR_STATUS_BITS = {
  ErrorType: bitField("ErrorType", 15, 8),
  AddressSignal: bitField("AddressSignal", 16),
  ControlSignal: bitField("ControlSignal", 17),
  DataSignal: bitField("DataSignal", 18),
  DetectedByResponder: bitField("DetectedByResponder", 19),
  DetectedByRequester: bitField("DetectedByRequester", 20),
  FirstError: bitField("FirstError", 21),
  OverflowDroppedLogs: bitField("OverflowDroppedLogs", 22),
} as const;

/** Bits 7:0 and 63:23 are reserved. */
export const ERROR_STATUS_RESERVED = 0xffff_ffff_ff80_00ffn;

// [name, description] per error type (libcper's CPER_GENERIC_ERROR_TYPES_*; UEFI Table N-24).
export const ERROR_STATUS_TYPES: Readonly<Record<number, readonly [string, string]>> = {
  1: ["ERR_INTERNAL", "Error detected internal to the component."],
  16: ["ERR_BUS", "Error detected in the bus."],
  4: ["ERR_MEM", "Storage error in memory (DRAM)."],
  5: ["ERR_TLB", "Storage error in TLB."],
  6: ["ERR_CACHE", "Storage error in cache."],
  7: ["ERR_FUNCTION", "Error in one or more functional units."],
  8: ["ERR_SELFTEST", "Component failed self test."],
  9: ["ERR_FLOW", "Overflow or underflow of internal queue."],
  17: ["ERR_MAP", "Virtual address not found on IO-TLB or IO-PDIR."],
  18: ["ERR_IMPROPER", "Improper access error."],
  19: ["ERR_UNIMPL", "Access to a memory address which is not mapped to any component."],
  20: ["ERR_LOL", "Loss of Lockstep error."],
  21: ["ERR_RESPONSE", "Response not associated with a request."],
  22: ["ERR_PARITY", "Bus parity error (must also set the A, C, or D bits)."],
  23: ["ERR_PROTOCOL", "Detection of a protocol error."],
  24: ["ERR_ERROR", "Detection of a PATH_ERROR."],
  25: ["ERR_TIMEOUT", "Bus operation timeout."],
  26: ["ERR_POISONED", "A read was issued to data that has been poisoned."],
};

const FLAGS = [
  ["addressSignal", ERROR_STATUS_BITS.AddressSignal],
  ["controlSignal", ERROR_STATUS_BITS.ControlSignal],
  ["dataSignal", ERROR_STATUS_BITS.DataSignal],
  ["detectedByResponder", ERROR_STATUS_BITS.DetectedByResponder],
  ["detectedByRequester", ERROR_STATUS_BITS.DetectedByRequester],
  ["firstError", ERROR_STATUS_BITS.FirstError],
  ["overflowDroppedLogs", ERROR_STATUS_BITS.OverflowDroppedLogs],
] as const;

/** [key, bit] of each flag, for the 32-bit read in errorStatusToJson (all flags sit below bit 32). */
const FLAG_BITS: readonly (readonly [string, number])[] = FLAGS.map(([k, f]) => [k, f.lsb] as const);
const TYPE_LSB = ERROR_STATUS_BITS.ErrorType.lsb;

/** libcper's error-status object (ir_generic_error_status_to_json); it depends only on bits 22:8. */
const ERROR_STATUS = new Fragments((out, key, bits) => {
  const lo = bits << 8;
  const t = (lo >>> TYPE_LSB) & 0xff;
  const e = ERROR_STATUS_TYPES[t];
  out.begin(key);
  out.begin("errorType");
  out.num("value", t);
  out.ascii("name", e === undefined ? "Unknown (Reserved)" : e[0]);
  if (e !== undefined) out.ascii("description", e[1]);
  out.end();
  writeBits32(out, lo, FLAG_BITS);
  out.end();
}, 0x8000);

export function writeErrorStatus(out: JsonOut, key: string | undefined, v: bigint): void {
  // Bits 31:0 as a number: ErrorType and every flag sit there (no BigInt per field).
  out.fragment(key, ERROR_STATUS, (Number(BigInt.asUintN(32, v)) >>> 8) & 0x7fff);
}

export function errorStatusToJson(v: bigint): JsonObj {
  return objectOf((out) => writeErrorStatus(out, undefined, v));
}

/** The bits of an Error Status word libcper's JSON object carries (type 15:8, flags 22:16): the rest of ERROR_STATUS_RESERVED's word. */
export const ERROR_STATUS_JSON_MASK = ~ERROR_STATUS_RESERVED & 0xffff_ffff_ffff_ffffn;

export function errorStatusFromJson(parent: JsonObj, key: string, path: string): bigint {
  const o = getObj(parent, key, path);
  const p = `${path}.${key}`;
  let v = insert(0n, ERROR_STATUS_BITS.ErrorType, BigInt(getPairValue(o, "errorType", p, 8)));
  for (const [k, f] of FLAGS) v = insert(v, f, getBool(o, k, p) ? 1n : 0n);
  return v;
}

export function errorStatusText(v: bigint): string {
  const t = Number(extract(v, ERROR_STATUS_BITS.ErrorType));
  const flags = FLAGS.filter(([, f]) => extract(v, f) === 1n).map(([k]) => k);
  return `${ERROR_STATUS_TYPES[t]?.[0] ?? `type ${t}`}${flags.length ? ` (${flags.join(", ")})` : ""}`;
}

/** The Error Status field as a declared JSON form (contract.ts): libcper's object, its bits, its text, the reserved-bits finding. */
export const asErrorStatus = (): JsonForm =>
  asForm<bigint>({
    write: (out, key, x) => writeErrorStatus(out, key, x),
    read: (j, key, p) => errorStatusFromJson(j, key, p),
    keep: (x) => x & ERROR_STATUS_JSON_MASK,
    text: errorStatusText,
    lint: (x) => ((x & ERROR_STATUS_RESERVED) !== 0n ? { severity: "warning", message: "reserved bits of Error Status are set", spec: "UEFI 2.10 N.2.7.1" } : undefined),
  });
