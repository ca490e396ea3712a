// Platform Memory Error Section (UEFI 2.10 N.2.5, Table N-31): 80 bytes; the UEFI
// 2.1/2.2 layout is 73 bytes (ends after MemoryErrorType), and Windows writes 77
// (73 + 4 padding). GUID a5bc1114-6f64-4ede-b863-3e83ed7c83b1.
// Declared once (contract.ts): each field carries its validation bit and libcper's
// member (cper-section-memory.c, in its order); the bank and extended objects are
// group forms that see the validation word.
import { u16, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import type { Finding } from "../section-api.js";
import { declareSection, flatBody, type BodyKind, type DeclaredCodec, type Flat } from "./contract.js";
import { asErrorStatus, errorStatusText } from "./error-status.js";
import { asForm, asIntWithHex, asReaderInt, group, lib, type JsonForm } from "./json-forms.js";
import { bitSet, JsonReader } from "../json/reader.js";
import { hexUpperWidth, writeEnum } from "../json/writer.js";
import { hex } from "../../arch/bits.js";

export const MEMORY_GUID = "a5bc1114-6f64-4ede-b863-3e83ed7c83b1";
export const MEMORY_OLD_SIZE = 73;
const SPEC = "UEFI 2.10 N.2.5 Table N-31";

// libcper's members read with JsonReader's rules (absent → 0), as before the contract.
const at = (j: Record<string, unknown>, p: string): JsonReader => JsonReader.of(j, p);
const INT = asReaderInt();
/** {value, name} from MEMORY_ERROR_TYPES (libcper's names; "Unknown" when not listed). */
export const MEMORY_ERROR_TYPE: JsonForm = asForm<number>({
  write: (out, key, x) => writeEnum(out, key, x, MEMORY_ERROR_TYPES),
  read: (j, key, p) => at(j, p).enumValue(key, 8),
  text: (x) => `${x}`,
});
/**
 * libcper prints {value} when bit 6 is set, else {address, group} (bank address 7:0, bank group
 * 15:8) whatever bits 19/20 say; the latter reads back as bits 20 (address) and 19 (group) here
 * (memory2.ts uses the same member: bits 21 and 20 there).
 */
export const MEMORY_BANK = group("bank", [], {
  write: (out, key, f, w) => {
    out.begin(key);
    if (w & (1 << 6)) out.num("value", f.Bank);
    else {
      out.num("address", f.Bank & 0xff);
      out.num("group", f.Bank >> 8);
    }
    out.end();
  },
  read: (j, key, p) => {
    const b = at(j, p).obj(key);
    return { Bank: b.has("value") ? b.uint("value", 16) : (b.optUint("group", 8) << 8) | b.optUint("address", 8) };
  },
  text: (f) => `0x${f.Bank.toString(16)}`,
});
const V18 = 1 << 18;
const V21 = 1 << 21;
/** The Extended bits libcper's JSON carries: row bits 16/17 under bit 18, the chip id (7:5) under bit 21. */
const extendedKept = (x: number, w: number): number => (w & V18 ? x & 3 : 0) | (w & V21 ? x & 0xe0 : 0);
/** {rowBit16, rowBit17} under bit 18, {chipIdentification} under bit 21, in one object (printed when either is set: the gate). */
const EXTENDED: JsonForm = asForm<number>({
  write: (out, key, x, w) => {
    out.begin(key);
    if (w & V18) {
      out.bool("rowBit16", (x & 1) === 1);
      out.bool("rowBit17", (x & 2) === 2);
    }
    if (w & V21) out.num("chipIdentification", x >> 5);
    out.end();
  },
  read: (j, key, p) => {
    const e = at(j, p).obj(key);
    return (e.optBool("rowBit16") ? 1 : 0) | (e.optBool("rowBit17") ? 2 : 0) | (e.optUint("chipIdentification", 3) << 5);
  },
  keep: extendedKept,
  keeps: (x, w) => extendedKept(x, w) === x,
  text: (x) => `0x${x.toString(16)}`,
});

export const PlatformMemoryError = struct(
  "PlatformMemoryError",
  80,
  {
    ValidationBits: field(0x00, u64),
    ErrorStatus: field(0x08, u64, { valid: 0, json: lib("errorStatus", asErrorStatus()) }),
    PhysicalAddress: field(0x10, u64, { valid: 1, json: lib("physicalAddress", asIntWithHex("physicalAddressHex", INT)) }),
    PhysicalAddressMask: field(0x18, u64, { valid: 2, json: lib("physicalAddressMask", INT) }),
    Node: field(0x20, u16, { valid: 3, json: lib("node", INT) }),
    Card: field(0x22, u16, { valid: 4, json: lib("card", INT) }),
    Module: field(0x24, u16, { valid: 5, json: lib("moduleRank", INT) }),
    Bank: field(0x26, u16, { valid: 6, doc: "bank group in 15:8, bank address in 7:0 when bits 19/20 are valid", json: MEMORY_BANK }),
    Device: field(0x28, u16, { valid: 7, json: lib("device", INT) }),
    Row: field(0x2a, u16, { valid: 8, json: lib("row", INT) }),
    Column: field(0x2c, u16, { valid: 9, json: lib("column", INT) }),
    BitPosition: field(0x2e, u16, { valid: 10, json: lib("bitPosition", INT) }),
    RequestorId: field(0x30, u64, { valid: 11, json: lib("requestorID", INT) }),
    ResponderId: field(0x38, u64, { valid: 12, json: lib("responderID", INT) }),
    TargetId: field(0x40, u64, { valid: 13, json: lib("targetID", INT) }),
    MemoryErrorType: field(0x48, u8, { valid: 14, json: lib("memoryErrorType", MEMORY_ERROR_TYPE) }),
    Extended: field(0x49, u8, { valid: 18, doc: "bit 0 row bit 16, bit 1 row bit 17, 7:5 chip identification (valid bit 21)", json: lib("extended", EXTENDED) }),
    RankNumber: field(0x4a, u16, { valid: 15, json: lib("rankNumber", INT) }),
    CardHandle: field(0x4c, u16, { valid: 16, json: lib("cardSmbiosHandle", INT) }),
    ModuleHandle: field(0x4e, u16, { valid: 17, json: lib("moduleSmbiosHandle", INT) }),
  },
  { validationField: "ValidationBits", spec: SPEC },
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

const FLAT = flatBody<(typeof PlatformMemoryError)["fields"]>();

export function decodeMemory(body: Uint8Array): Result<MemorySection> {
  const r = FLAT.decode(PlatformMemoryError, body, MEMORY_OLD_SIZE);
  if (!r.ok) return r;
  const warnings: Warning[] = [...r.warnings];
  if (body.length < 80 && body.length >= MEMORY_OLD_SIZE) {
    warnings.push({ code: "memory-old-layout", field: "PlatformMemoryError", offset: 0, message: `${body.length}-byte memory section: UEFI 2.1/2.2 73-byte layout${body.length > 73 ? ` + ${body.length - 73} padding byte(s)` : ""}` });
    if ((r.value.fields.ValidationBits & BEYOND_OLD) !== 0n) warnings.push({ code: "memory-valid-beyond", field: "PlatformMemoryError.ValidationBits", offset: 0, message: "valid bits set for fields beyond the 73-byte structure" });
  }
  return ok(r.value, warnings);
}

const inOld = (v: MemorySection): boolean => v.length === undefined || v.length >= 80;

export function memoryMessage(v: MemorySection): string {
  const f = v.fields;
  // libcper: "A <type> Memory Error" when the type is valid, else "An Unknown Memory Error".
  const w = Number(BigInt.asUintN(32, f.ValidationBits));
  const head = w & (1 << 14) ? `A ${MEMORY_ERROR_TYPES[f.MemoryErrorType] ?? "Unknown"}` : "An Unknown";
  // then " at address 0x…" when bit 1 is valid and " at node N" when bit 3 is (memory2 says "on node").
  return `${head} Memory Error occurred` + (w & 2 ? ` at address ${hexUpperWidth(f.PhysicalAddress, 16)}` : "") + (w & 8 ? ` at node ${f.Node}` : "");
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

/** The flat body, with the warnings of the 73/77-byte UEFI 2.1/2.2 layouts (decodeMemory). */
const MEMORY_BODY: BodyKind<(typeof PlatformMemoryError)["fields"], MemorySection> = { ...FLAT, decode: (_s, body) => decodeMemory(body) };

export const memoryCodec: DeclaredCodec<(typeof PlatformMemoryError)["fields"]> = declareSection({
  key: "memory",
  guid: MEMORY_GUID,
  name: "Platform Memory Error",
  libcperKey: "Memory",
  libcperTypeName: "Platform Memory",
  linuxName: "memory error",
  message: "A Memory Error occurred",
  messageOf: memoryMessage,
  layout: PlatformMemoryError,
  spec: SPEC,
  body: MEMORY_BODY,
  minimum: MEMORY_OLD_SIZE,
  // Bits 19/20 (bank group/address) and 21 (chip id) ride in the bank and extended objects.
  moreValidBits: [19, 20, 21],
  // The bank is printed whatever the bits say; extended when bit 18 or 21 is set; the fields past the
  // 73-byte layout only in an 80-byte body.
  gate: { Bank: () => true, Extended: (w) => (w & (V18 | V21)) !== 0 },
  present: { Extended: inOld, RankNumber: inOld, CardHandle: inOld, ModuleHandle: inOld },
  // Read back: the bank without bit 6 as bits 19 and 20.
  readBackValid: (w) => (w & ~0x180000) | (w & (1 << 6) ? 0 : 0x180000),
  fromLibMore: (v, j, p) => {
    const f = v.fields;
    let vb = f.ValidationBits;
    const r = at(j, p);
    const bank = r.optObj("bank");
    if (bank !== undefined && !bank.has("value")) {
      vb &= ~(1n << 6n);
      if (bank.has("address")) vb |= 1n << 20n;
      if (bank.has("group")) vb |= 1n << 19n;
    }
    const ext = r.optObj("extended");
    if (ext !== undefined) {
      vb &= ~(1n << 18n);
      if (ext.has("rowBit16") || ext.has("rowBit17")) vb |= 1n << 18n;
      if (ext.has("chipIdentification")) vb |= 1n << 21n;
    }
    return vb === f.ValidationBits ? v : { ...v, fields: { ...f, ValidationBits: vb } };
  },
  renderLinux: (v) => memoryRenderLinux(v, v.length ?? 80 + v.trailing.length),
  renderText: (v) => {
    const f = v.fields;
    const lines = [memoryMessage(v)];
    if (bitSet(f.ValidationBits, 0)) lines.push(`error status: ${errorStatusText(f.ErrorStatus)}`);
    if (bitSet(f.ValidationBits, 1)) lines.push(`physical address 0x${f.PhysicalAddress.toString(16)}`);
    return lines;
  },
  lint: memoryLint,
  ownLint: true,
});
