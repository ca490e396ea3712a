// Platform Memory Error Section (UEFI 2.10 N.2.5, Table N-31): 80 bytes; the UEFI
// 2.1/2.2 layout is 73 bytes (ends after MemoryErrorType), and Windows writes 77
// (73 + 4 padding). GUID a5bc1114-6f64-4ede-b863-3e83ed7c83b1.
import { u16, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import type { Finding } from "../section-api.js";
import { decodeFlat, encodeFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { errorStatusFromJson, errorStatusText, writeErrorStatus } from "./error-status.js";
import { bitSet, hexUpper64, JsonReader } from "../json-helpers.js";
import { membersOf, writeEnum, type JsonOut } from "../json-out.js";
import type { JsonObj } from "./more-json.js";
import { PatchBuilder, withFastJson, withMessage } from "./fast-json.js";
import { hex } from "../../arch/bits.js";

export const MEMORY_GUID = "a5bc1114-6f64-4ede-b863-3e83ed7c83b1";
export const MEMORY_OLD_SIZE = 73;

export const PlatformMemoryError = struct(
  "PlatformMemoryError",
  80,
  {
    ValidationBits: field(0x00, u64),
    ErrorStatus: field(0x08, u64, { valid: 0 }),
    PhysicalAddress: field(0x10, u64, { valid: 1 }),
    PhysicalAddressMask: field(0x18, u64, { valid: 2 }),
    Node: field(0x20, u16, { valid: 3 }),
    Card: field(0x22, u16, { valid: 4 }),
    Module: field(0x24, u16, { valid: 5 }),
    Bank: field(0x26, u16, { valid: 6, doc: "bank group in 15:8, bank address in 7:0 when bits 19/20 are valid" }),
    Device: field(0x28, u16, { valid: 7 }),
    Row: field(0x2a, u16, { valid: 8 }),
    Column: field(0x2c, u16, { valid: 9 }),
    BitPosition: field(0x2e, u16, { valid: 10 }),
    RequestorId: field(0x30, u64, { valid: 11 }),
    ResponderId: field(0x38, u64, { valid: 12 }),
    TargetId: field(0x40, u64, { valid: 13 }),
    MemoryErrorType: field(0x48, u8, { valid: 14 }),
    Extended: field(0x49, u8, { valid: 18, doc: "bit 0 row bit 16, bit 1 row bit 17, 7:5 chip identification (valid bit 21)" }),
    RankNumber: field(0x4a, u16, { valid: 15 }),
    CardHandle: field(0x4c, u16, { valid: 16 }),
    ModuleHandle: field(0x4e, u16, { valid: 17 }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.5 Table N-31" },
);

export type MemorySection = Flat<(typeof PlatformMemoryError)["fields"]>;

/** Memory error types (Table N-31), libcper's names. */
export const MEMORY_ERROR_TYPES: Readonly<Record<number, string>> = {
  0: "Unknown",
  1: "No Error",
  2: "Single-bit ECC",
  3: "Multi-bit ECC",
  4: "Single-symbol ChipKill ECC",
  5: "Multi-symbol ChipKill ECC",
  6: "Master Abort",
  7: "Target Abort",
  8: "Parity Error",
  9: "Watchdog Timeout",
  10: "Invalid Address",
  11: "Mirror Broken",
  12: "Memory Sparing",
  13: "Scrub Corrected Error",
  14: "Scrub Uncorrected Error",
  15: "Physical Memory Map-out Event",
};
/** Linux's cper_mem_err_type_strs. */
export const LINUX_MEM_ERR_TYPES = [
  "unknown",
  "no error",
  "single-bit ECC",
  "multi-bit ECC",
  "single-symbol chipkill ECC",
  "multi-symbol chipkill ECC",
  "master abort",
  "target abort",
  "parity error",
  "watchdog timeout",
  "invalid address",
  "mirror Broken",
  "memory sparing",
  "scrub corrected error",
  "scrub uncorrected error",
  "physical memory map-out event",
];

/** Validation bits of fields past the 73-byte UEFI 2.1 layout (15..21). */
const BEYOND_OLD = 0x3f8000n;

export function decodeMemory(body: Uint8Array): Result<MemorySection> {
  const r = decodeFlat(PlatformMemoryError, body, MEMORY_OLD_SIZE);
  if (!r.ok) return r;
  const warnings: Warning[] = [...r.warnings];
  if (body.length < 80 && body.length >= MEMORY_OLD_SIZE) {
    warnings.push({ code: "memory-old-layout", field: "PlatformMemoryError", offset: 0, message: `${body.length}-byte memory section: UEFI 2.1/2.2 73-byte layout${body.length > 73 ? ` + ${body.length - 73} padding byte(s)` : ""}` });
    if ((r.value.fields.ValidationBits & BEYOND_OLD) !== 0n) warnings.push({ code: "memory-valid-beyond", field: "PlatformMemoryError.ValidationBits", offset: 0, message: "valid bits set for fields beyond the 73-byte structure" });
  }
  return ok(r.value, warnings);
}

const inOld = (v: MemorySection) => v.length === undefined || v.length >= 80;

/** Bits 0..31 of a validation word as a number (the memory section defines bits 0..21), read without BigInt arithmetic per bit. */
function low32(vb: bigint): number {
  return Number(BigInt.asUintN(32, vb));
}
/** Bit n (< 32) of a number read by low32. */
function on(lo: number, n: number): boolean {
  return ((lo >>> n) & 1) === 1;
}

/** libcper's members of the memory section (cper-section-memory.c), in its order. */
export function memoryWrite(v: MemorySection, out: JsonOut): void {
  const f = v.fields;
  const vb = low32(f.ValidationBits);
  if (on(vb, 0)) writeErrorStatus(out, "errorStatus", f.ErrorStatus);
  if (on(vb, 1)) {
    out.int("physicalAddress", f.PhysicalAddress);
    out.ascii("physicalAddressHex", hexUpper64(f.PhysicalAddress));
  }
  if (on(vb, 2)) out.int("physicalAddressMask", f.PhysicalAddressMask);
  if (on(vb, 3)) out.num("node", f.Node);
  if (on(vb, 4)) out.num("card", f.Card);
  if (on(vb, 5)) out.num("moduleRank", f.Module);
  // libcper: {value} when bit 6 is set, else {address, group} whatever bits 19/20 say.
  out.begin("bank");
  if (on(vb, 6)) out.num("value", f.Bank);
  else {
    out.num("address", f.Bank & 0xff);
    out.num("group", f.Bank >> 8);
  }
  out.end();
  if (on(vb, 7)) out.num("device", f.Device);
  if (on(vb, 8)) out.num("row", f.Row);
  if (on(vb, 9)) out.num("column", f.Column);
  if (on(vb, 10)) out.num("bitPosition", f.BitPosition);
  if (on(vb, 11)) out.int("requestorID", f.RequestorId);
  if (on(vb, 12)) out.int("responderID", f.ResponderId);
  if (on(vb, 13)) out.int("targetID", f.TargetId);
  if (on(vb, 14)) writeEnum(out, "memoryErrorType", f.MemoryErrorType, MEMORY_ERROR_TYPES);
  if (inOld(v)) {
    if (on(vb, 18) || on(vb, 21)) {
      out.begin("extended");
      if (on(vb, 18)) {
        out.bool("rowBit16", (f.Extended & 1) === 1);
        out.bool("rowBit17", (f.Extended & 2) === 2);
      }
      if (on(vb, 21)) out.num("chipIdentification", f.Extended >> 5);
      out.end();
    }
    if (on(vb, 15)) out.num("rankNumber", f.RankNumber);
    if (on(vb, 16)) out.num("cardSmbiosHandle", f.CardHandle);
    if (on(vb, 17)) out.num("moduleSmbiosHandle", f.ModuleHandle);
  }
}

export function memoryToJson(v: MemorySection): JsonObj {
  return membersOf((out) => memoryWrite(v, out));
}

export function memoryFromJson(json: JsonObj, path: string): MemorySection {
  const r = JsonReader.of(json, path);
  let vb = 0n;
  const set = (b: number, cond: boolean) => {
    if (cond) vb |= 1n << BigInt(b);
  };
  const bank = r.optObj("bank");
  let bankV = 0;
  if (bank?.has("value")) {
    set(6, true);
    bankV = bank.uint("value", 16);
  } else if (bank) {
    if (bank.has("address")) set(20, true);
    if (bank.has("group")) set(19, true);
    bankV = (bank.optUint("group", 8) << 8) | bank.optUint("address", 8);
  }
  const ext = r.optObj("extended");
  let extended = 0;
  if (ext) {
    if (ext.has("rowBit16") || ext.has("rowBit17")) set(18, true);
    if (ext.has("chipIdentification")) set(21, true);
    extended = (ext.optBool("rowBit16") ? 1 : 0) | (ext.optBool("rowBit17") ? 2 : 0) | (ext.optUint("chipIdentification", 3) << 5);
  }
  const keys: [number, string][] = [
    [0, "errorStatus"],
    [1, "physicalAddress"],
    [2, "physicalAddressMask"],
    [3, "node"],
    [4, "card"],
    [5, "moduleRank"],
    [7, "device"],
    [8, "row"],
    [9, "column"],
    [10, "bitPosition"],
    [11, "requestorID"],
    [12, "responderID"],
    [13, "targetID"],
    [14, "memoryErrorType"],
    [15, "rankNumber"],
    [16, "cardSmbiosHandle"],
    [17, "moduleSmbiosHandle"],
  ];
  for (const [b, k] of keys) set(b, r.has(k));
  const fields = {
    ValidationBits: vb,
    ErrorStatus: r.has("errorStatus") ? errorStatusFromJson(json, "errorStatus", path) : 0n,
    PhysicalAddress: r.optU64("physicalAddress"),
    PhysicalAddressMask: r.optU64("physicalAddressMask"),
    Node: r.optUint("node", 16),
    Card: r.optUint("card", 16),
    Module: r.optUint("moduleRank", 16),
    Bank: bankV,
    Device: r.optUint("device", 16),
    Row: r.optUint("row", 16),
    Column: r.optUint("column", 16),
    BitPosition: r.optUint("bitPosition", 16),
    RequestorId: r.optU64("requestorID"),
    ResponderId: r.optU64("responderID"),
    TargetId: r.optU64("targetID"),
    MemoryErrorType: r.has("memoryErrorType") ? r.enumValue("memoryErrorType", 8) : 0,
    Extended: extended,
    RankNumber: r.optUint("rankNumber", 16),
    CardHandle: r.optUint("cardSmbiosHandle", 16),
    ModuleHandle: r.optUint("moduleSmbiosHandle", 16),
  };
  return { fields, trailing: new Uint8Array(0) };
}

export function memoryMessage(v: MemorySection): string {
  const f = v.fields;
  // libcper: "A <type> Memory Error" when the type is valid, else "An Unknown Memory Error".
  const head = bitSet(f.ValidationBits, 14) ? `A ${MEMORY_ERROR_TYPES[f.MemoryErrorType] ?? "Unknown"}` : "An Unknown";
  // then " at address 0x…" when bit 1 is valid and " at node N" when bit 3 is (memory2 says "on node").
  return `${head} Memory Error occurred` + (bitSet(f.ValidationBits, 1) ? ` at address ${hexUpper64(f.PhysicalAddress)}` : "") + (bitSet(f.ValidationBits, 3) ? ` at node ${f.Node}` : "");
}


// Linux: cper_mem_err_status_str() (drivers/firmware/efi/cper.c), keyed by error_status bits 15:8.
const LINUX_MEM_ERR_STATUS: Readonly<Record<number, string>> = {
  1: "Error detected internal to the component",
  4: "Storage error in DRAM memory",
  5: "Storage error in TLB",
  6: "Storage error in cache",
  7: "Error in one or more functional units",
  8: "Component failed self test",
  9: "Overflow or undervalue of internal queue",
  16: "Error detected in the bus",
  17: "Virtual address not found on IO-TLB or IO-PDIR",
  18: "Improper access error",
  19: "Access to a memory address which is not mapped to any component",
  20: "Loss of Lockstep",
  21: "Response not associated with a request",
  22: "Bus parity error - must also set the A, C, or D Bits",
  23: "Detection of a protocol error",
  24: "Detection of a PATH_ERROR",
  25: "Bus operation timeout",
  26: "A read was issued to data that has been poisoned",
};

/**
 * cper_print_mem() (drivers/firmware/efi/cper.c); `len` is the section length. With
 * `profile.memStatusText` (builds with cper_mem_err_status_str()) error_status prints as
 * "<text> (0x…)"; without a profile, as the newest modelled release does.
 */
export function memoryRenderLinux(v: MemorySection, len: number, profile: { readonly memStatusText: boolean } = { memStatusText: true }): string[] {
  const f = v.fields;
  const vb = f.ValidationBits;
  const b = (n: number) => bitSet(vb, n);
  if (len === MEMORY_OLD_SIZE && (vb & BEYOND_OLD) !== 0n) return ["[Firmware Warn]: valid bits set for fields beyond structure"];
  const out: string[] = [];
  if (b(0)) {
    const text = LINUX_MEM_ERR_STATUS[Number((f.ErrorStatus >> 8n) & 0xffn)] ?? "Reserved";
    // The cper_mem_err_status_str() form's format string has a space after the prefix ("%s error_status: %s (0x%016llx)").
    out.push(profile.memStatusText ? ` error_status: ${text} (${hex(f.ErrorStatus, 16)})` : `error_status: ${hex(f.ErrorStatus, 16)}`);
  }
  if (b(1)) out.push(`physical_address: ${hex(f.PhysicalAddress, 16)}`);
  if (b(2)) out.push(`physical_address_mask: ${hex(f.PhysicalAddressMask, 16)}`);
  let loc = "";
  if (b(3)) loc += `node:${f.Node} `;
  if (b(4)) loc += `card:${f.Card} `;
  if (b(5)) loc += `module:${f.Module} `;
  if (b(15)) loc += `rank:${f.RankNumber} `;
  if (b(6)) loc += `bank:${f.Bank} `;
  if (b(19)) loc += `bank_group:${f.Bank >> 8} `;
  if (b(20)) loc += `bank_address:${f.Bank & 0xff} `;
  if (b(7)) loc += `device:${f.Device} `;
  if (b(8) || b(18)) loc += `row:${f.Row | (b(18) ? (f.Extended & 3) << 16 : 0)} `;
  if (b(9)) loc += `column:${f.Column} `;
  if (b(10)) loc += `bit_position:${f.BitPosition} `;
  if (b(11)) loc += `requestor_id:${hex(f.RequestorId, 16)} `;
  if (b(12)) loc += `responder_id:${hex(f.ResponderId, 16)} `;
  if (b(13)) loc += `target_id:${hex(f.TargetId, 16)} `;
  if (b(21)) loc += `chip_id:${f.Extended >> 5} `;
  if (loc) out.push(loc);
  if (b(14)) out.push(`error_type: ${f.MemoryErrorType}, ${LINUX_MEM_ERR_TYPES[f.MemoryErrorType] ?? "unknown"}`);
  if (b(17)) out.push(`DIMM location: not present. DMI handle: 0x${f.ModuleHandle.toString(16).padStart(4, "0")} `);
  return out;
}

export function memoryLint(v: MemorySection, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const vb = v.fields.ValidationBits;
  if (body.length !== 80) out.push({ severity: body.length >= 73 ? "warning" : "error", offset: 0, field: "PlatformMemoryError", message: `section is ${body.length} bytes; UEFI 2.3+ defines 80 (73 in UEFI 2.1/2.2)`, spec: "UEFI 2.10 N.2.5 Table N-31" });
  if (body.length < 80 && (vb & BEYOND_OLD) !== 0n) out.push({ severity: "error", offset: 0, field: "PlatformMemoryError.ValidationBits", message: "validation bits set for fields beyond the structure (bits 15-21 in a 73-byte section)", spec: "UEFI 2.10 N.2.5 Table N-31" });
  if (vb >> 22n !== 0n) out.push({ severity: "warning", offset: 0, field: "PlatformMemoryError.ValidationBits", message: `reserved validation bits set (0x${vb.toString(16)})`, spec: "UEFI 2.10 N.2.5 Table N-31" });
  if (bitSet(vb, 14) && v.fields.MemoryErrorType > 15) out.push({ severity: "warning", offset: 0x48, field: "PlatformMemoryError.MemoryErrorType", message: `reserved memory error type ${v.fields.MemoryErrorType}`, spec: "UEFI 2.10 N.2.5 Table N-31" });
  return out;
}

/** Whether libcper's keys carry every byte of the section (so no "_armras" patch is needed). */
export function memoryLossless(v: MemorySection): boolean {
  if (v.length !== undefined || v.trailing.length !== 0) return false;
  const f = v.fields;
  if (f.ValidationBits >> 22n !== 0n) return false;
  const vb = low32(f.ValidationBits);
  const b = (n: number) => on(vb, n);
  if (b(0) ? (f.ErrorStatus & ~0x7fff00n) !== 0n : f.ErrorStatus !== 0n) return false;
  const zeroUnlessValid: [number, number | bigint][] = [
    [1, f.PhysicalAddress], [2, f.PhysicalAddressMask], [3, f.Node], [4, f.Card], [5, f.Module], [7, f.Device], [8, f.Row], [9, f.Column],
    [10, f.BitPosition], [11, f.RequestorId], [12, f.ResponderId], [13, f.TargetId], [14, f.MemoryErrorType], [15, f.RankNumber], [16, f.CardHandle], [17, f.ModuleHandle],
  ];
  for (const [bit, x] of zeroUnlessValid) if (!b(bit) && x !== 0 && x !== 0n) return false;
  // bank: {value} with bit 6 (and no 19/20), else {address, group}, read back as bits 19 and 20
  if (b(6) ? b(19) || b(20) : !(b(19) && b(20))) return false;
  const ext = f.Extended;
  if ((ext & 0x1c) !== 0) return false;
  if (!b(18) && (ext & 3) !== 0) return false;
  if (!b(21) && ext >> 5 !== 0) return false;
  return true;
}

/** What libcper's JSON alone rebuilds (memoryFromJson(memoryToJson(v))), computed on the value. */
export function memoryProject(v: MemorySection): MemorySection | undefined {
  if (v.length !== undefined) return undefined; // short (73/77-byte) bodies: the generic path
  const f = v.fields;
  const vb = f.ValidationBits;
  const lo = low32(vb);
  const b = (n: number) => on(lo, n);
  const z = <X extends number | bigint>(bit: number, x: X, zero: X): X => (on(lo, bit) ? x : zero);
  let nvb = vb & 0x3fffffn & ~((1n << 19n) | (1n << 20n));
  if (!b(6)) nvb |= (1n << 19n) | (1n << 20n);
  return {
    fields: {
      ValidationBits: nvb,
      ErrorStatus: b(0) ? f.ErrorStatus & 0x7fff00n : 0n,
      PhysicalAddress: z(1, f.PhysicalAddress, 0n),
      PhysicalAddressMask: z(2, f.PhysicalAddressMask, 0n),
      Node: z(3, f.Node, 0),
      Card: z(4, f.Card, 0),
      Module: z(5, f.Module, 0),
      Bank: f.Bank,
      Device: z(7, f.Device, 0),
      Row: z(8, f.Row, 0),
      Column: z(9, f.Column, 0),
      BitPosition: z(10, f.BitPosition, 0),
      RequestorId: z(11, f.RequestorId, 0n),
      ResponderId: z(12, f.ResponderId, 0n),
      TargetId: z(13, f.TargetId, 0n),
      MemoryErrorType: z(14, f.MemoryErrorType, 0),
      Extended: (b(18) ? f.Extended & 3 : 0) | (b(21) ? f.Extended & 0xe0 : 0),
      RankNumber: z(15, f.RankNumber, 0),
      CardHandle: z(16, f.CardHandle, 0),
      ModuleHandle: z(17, f.ModuleHandle, 0),
    },
    trailing: new Uint8Array(0),
  };
}

const locateMemory = (_v: MemorySection, at: number): string => locateFlat(PlatformMemoryError, at);

/**
 * The "_armras" object of memoryProject's diff, computed field by field: each field
 * against what libcper's JSON keeps of it (Table N-31 offsets), no encode, no byte diff.
 */
export function memoryDirect(v: MemorySection): Record<string, unknown> | undefined | null {
  if (v.length !== undefined) return null; // short (73/77-byte) bodies: the generic path
  const f = v.fields;
  const vb = f.ValidationBits;
  const lo = low32(vb);
  const p = new PatchBuilder(v, locateMemory);
  // ValidationBits: bits 0..21 kept, 19/20 rebuilt from the bank form
  const nlo = (lo & 0x3fffff & ~0x180000) | (on(lo, 6) ? 0 : 0x180000);
  p.int(0, 4, lo, nlo);
  p.int(4, 4, Number(vb >> 32n), 0);
  p.u64(0x08, f.ErrorStatus, on(lo, 0) ? f.ErrorStatus & 0x7fff00n : 0n);
  p.u64(0x10, f.PhysicalAddress, on(lo, 1) ? f.PhysicalAddress : 0n);
  p.u64(0x18, f.PhysicalAddressMask, on(lo, 2) ? f.PhysicalAddressMask : 0n);
  p.int(0x20, 2, f.Node, on(lo, 3) ? f.Node : 0);
  p.int(0x22, 2, f.Card, on(lo, 4) ? f.Card : 0);
  p.int(0x24, 2, f.Module, on(lo, 5) ? f.Module : 0);
  p.int(0x26, 2, f.Bank, f.Bank);
  p.int(0x28, 2, f.Device, on(lo, 7) ? f.Device : 0);
  p.int(0x2a, 2, f.Row, on(lo, 8) ? f.Row : 0);
  p.int(0x2c, 2, f.Column, on(lo, 9) ? f.Column : 0);
  p.int(0x2e, 2, f.BitPosition, on(lo, 10) ? f.BitPosition : 0);
  p.u64(0x30, f.RequestorId, on(lo, 11) ? f.RequestorId : 0n);
  p.u64(0x38, f.ResponderId, on(lo, 12) ? f.ResponderId : 0n);
  p.u64(0x40, f.TargetId, on(lo, 13) ? f.TargetId : 0n);
  p.int(0x48, 1, f.MemoryErrorType, on(lo, 14) ? f.MemoryErrorType : 0);
  p.int(0x49, 1, f.Extended, (on(lo, 18) ? f.Extended & 3 : 0) | (on(lo, 21) ? f.Extended & 0xe0 : 0));
  p.int(0x4a, 2, f.RankNumber, on(lo, 15) ? f.RankNumber : 0);
  p.int(0x4c, 2, f.CardHandle, on(lo, 16) ? f.CardHandle : 0);
  p.int(0x4e, 2, f.ModuleHandle, on(lo, 17) ? f.ModuleHandle : 0);
  if (v.trailing.length > 0) p.bytes(80, v.trailing, true);
  return p.finish(v.trailing.length > 0 ? 80 + v.trailing.length : undefined);
}

export const memoryCodec = withMessage(withFastJson(moreCodec<MemorySection>({
  key: "memory",
  guid: MEMORY_GUID,
  name: "Platform Memory Error",
  libcperKey: "Memory",
  libcperTypeName: "Platform Memory",
  linuxName: "memory error",
  message: "A Memory Error occurred",
  decode: decodeMemory,
  encode: (v) => encodeFlat(PlatformMemoryError, v),
  locate: (_v, at) => locateFlat(PlatformMemoryError, at),
  toLib: memoryToJson,
  writeLib: (v, _opts, out) => memoryWrite(v, out),
  fromLib: memoryFromJson,
  renderLinux: (v) => memoryRenderLinux(v, v.length ?? 80 + v.trailing.length),
  renderText: (v) => {
    const f = v.fields;
    const lines = [memoryMessage(v)];
    if (bitSet(f.ValidationBits, 0)) lines.push(`error status: ${errorStatusText(f.ErrorStatus)}`);
    if (bitSet(f.ValidationBits, 1)) lines.push(`physical address 0x${f.PhysicalAddress.toString(16)}`);
    return lines;
  },
  lint: memoryLint,
}), { lossless: memoryLossless, project: memoryProject, direct: memoryDirect, locate: locateMemory }), memoryMessage);
