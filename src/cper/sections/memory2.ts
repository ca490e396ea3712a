// Platform Memory Error Section 2 (UEFI 2.10 N.2.6, Table N-32): 96 bytes.
// GUID 61ec04fc-48e6-d813-25c9-8daa44750b12. Linux prints it as an unknown section.
import { reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { decodeFlat, encodeFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { ERROR_STATUS_JSON_MASK, errorStatusFromJson, errorStatusToJson, errorStatusText } from "./error-status.js";
import { bitSet, enumJson, hexUpper64, jsonInt, JsonReader } from "../json-helpers.js";
import type { JsonObj } from "./more-json.js";
import { flatFast, withFastJson, withMessage } from "./fast-json.js";
import { MEMORY_ERROR_TYPES } from "./memory.js";
import { hexDumpLinux } from "../render/hexdump.js";

export const MEMORY2_GUID = "61ec04fc-48e6-d813-25c9-8daa44750b12";

export const PlatformMemoryError2 = struct(
  "PlatformMemoryError2",
  96,
  {
    ValidationBits: field(0x00, u64),
    ErrorStatus: field(0x08, u64, { valid: 0 }),
    PhysicalAddress: field(0x10, u64, { valid: 1 }),
    PhysicalAddressMask: field(0x18, u64, { valid: 2 }),
    Node: field(0x20, u16, { valid: 3 }),
    Card: field(0x22, u16, { valid: 4 }),
    Module: field(0x24, u16, { valid: 5 }),
    Bank: field(0x26, u16, { valid: 6, doc: "bank group 15:8 (valid bit 20), bank address 7:0 (valid bit 21)" }),
    Device: field(0x28, u32, { valid: 7 }),
    Row: field(0x2c, u32, { valid: 8 }),
    Column: field(0x30, u32, { valid: 9 }),
    Rank: field(0x34, u32, { valid: 10 }),
    BitPosition: field(0x38, u32, { valid: 11 }),
    ChipId: field(0x3c, u8, { valid: 12 }),
    MemoryErrorType: field(0x3d, u8, { valid: 13 }),
    Status: field(0x3e, u8, { valid: 14, doc: "bit 0: 1 uncorrected, 0 corrected" }),
    Reserved: field(0x3f, reserved(1)),
    RequestorId: field(0x40, u64, { valid: 15 }),
    ResponderId: field(0x48, u64, { valid: 16 }),
    TargetId: field(0x50, u64, { valid: 17 }),
    CardHandle: field(0x58, u32, { valid: 18 }),
    ModuleHandle: field(0x5c, u32, { valid: 19 }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.6 Table N-32" },
);

export type Memory2Section = Flat<(typeof PlatformMemoryError2)["fields"]>;

type K = keyof (typeof PlatformMemoryError2)["fields"];
/** Plain numeric fields: [valid bit, JSON key, field, is64]. */
const SIMPLE: readonly (readonly [number, string, K, boolean])[] = [
  [2, "physicalAddressMask", "PhysicalAddressMask", true],
  [3, "node", "Node", false],
  [4, "card", "Card", false],
  [5, "module", "Module", false],
  [7, "device", "Device", false],
  [8, "row", "Row", false],
  [9, "column", "Column", false],
  [10, "rank", "Rank", false],
  [11, "bitPosition", "BitPosition", false],
  [12, "chipID", "ChipId", false],
  [15, "requestorID", "RequestorId", true],
  [16, "responderID", "ResponderId", true],
  [17, "targetID", "TargetId", true],
  [18, "cardSmbiosHandle", "CardHandle", false],
  [19, "moduleSmbiosHandle", "ModuleHandle", false],
];

export function memory2ToJson(v: Memory2Section): JsonObj {
  const f = v.fields;
  const vb = f.ValidationBits;
  const o: JsonObj = {};
  if (bitSet(vb, 0)) o.errorStatus = errorStatusToJson(f.ErrorStatus);
  o.bank = bitSet(vb, 6) ? { value: f.Bank } : { address: f.Bank & 0xff, group: f.Bank >> 8 };
  if (bitSet(vb, 13)) o.memoryErrorType = enumJson(f.MemoryErrorType, MEMORY_ERROR_TYPES);
  if (bitSet(vb, 14)) o.status = { value: f.Status, state: f.Status & 1 ? "Uncorrected" : "Corrected" };
  // UEFI 2.10 Table N-32: bit 1 is Physical Address Valid. libcper 7c410e2 prints the number under
  // bit 0 (Error Status Valid) instead, and the hex form always. We print the number when either
  // bit is set, so every libcper key is present and the spec's reading is never hidden.
  if (bitSet(vb, 0) || bitSet(vb, 1)) o.physicalAddress = jsonInt(f.PhysicalAddress);
  o.physicalAddressHex = hexUpper64(f.PhysicalAddress);
  for (const [bit, key, name, wide] of SIMPLE) if (bitSet(vb, bit)) o[key] = wide ? jsonInt(f[name] as bigint) : (f[name] as number);
  return o;
}

export function memory2FromJson(json: JsonObj, path: string): Memory2Section {
  const r = JsonReader.of(json, path);
  let vb = 0n;
  const set = (b: number) => (vb |= 1n << BigInt(b));
  const out: Record<string, unknown> = { Reserved: new Uint8Array(1) };
  if (r.has("errorStatus")) set(0);
  out.ErrorStatus = r.has("errorStatus") ? errorStatusFromJson(json, "errorStatus", path) : 0n;
  if (r.has("physicalAddress")) set(1);
  out.PhysicalAddress = r.has("physicalAddress") ? r.optU64("physicalAddress") : r.has("physicalAddressHex") ? r.u64("physicalAddressHex") : 0n;
  const bank = r.optObj("bank");
  out.Bank = 0;
  if (bank?.has("value")) {
    set(6);
    out.Bank = bank.uint("value", 16);
  } else if (bank) {
    if (bank.has("group")) set(20);
    if (bank.has("address")) set(21);
    out.Bank = (bank.optUint("group", 8) << 8) | bank.optUint("address", 8);
  }
  out.MemoryErrorType = r.has("memoryErrorType") ? (set(13), r.enumValue("memoryErrorType", 8)) : 0;
  out.Status = r.has("status") ? (set(14), r.enumValue("status", 8)) : 0;
  for (const [bit, key, name, wide] of SIMPLE) {
    if (r.has(key)) set(bit);
    const size = PlatformMemoryError2.fields[name].type.size;
    out[name] = wide ? r.optU64(key) : r.optUint(key, size * 8);
  }
  out.ValidationBits = vb;
  return { fields: out as Memory2Section["fields"], trailing: new Uint8Array(0) };
}

export function memory2Message(v: Memory2Section): string {
  const f = v.fields;
  const head = bitSet(f.ValidationBits, 13) ? `A ${MEMORY_ERROR_TYPES[f.MemoryErrorType] ?? "Unknown"}` : "An Unknown";
  // libcper's summary text, as libcper words it: the address under bit 0 (its gate, not the spec's
  // bit 1; see memory2ToJson), the node (" on node N") under bit 3.
  return `${head} Memory Error occurred` + (bitSet(f.ValidationBits, 0) ? ` at address ${hexUpper64(f.PhysicalAddress)}` : "") + (bitSet(f.ValidationBits, 3) ? ` on node ${f.Node}` : "");
}

export function memory2Lint(v: Memory2Section, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  if (body.length !== 96) out.push({ severity: "error", offset: 0, field: "PlatformMemoryError2", message: `section is ${body.length} bytes, must be 96`, spec: "UEFI 2.10 N.2.6 Table N-32" });
  if (v.fields.ValidationBits >> 22n !== 0n) out.push({ severity: "warning", offset: 0, field: "PlatformMemoryError2.ValidationBits", message: "reserved validation bits set", spec: "UEFI 2.10 N.2.6 Table N-32" });
  if (v.fields.Reserved[0] !== 0) out.push({ severity: "warning", offset: 0x3f, field: "PlatformMemoryError2.Reserved", message: "reserved byte is not zero", spec: "UEFI 2.10 N.2.6 Table N-32" });
  return out;
}

export const memory2Codec = withMessage(withFastJson(moreCodec<Memory2Section>({
  key: "memory2",
  guid: MEMORY2_GUID,
  name: "Platform Memory Error 2",
  libcperKey: "Memory2",
  libcperTypeName: "Platform Memory 2",
  message: "A Memory Error occurred",
  decode: (body) => decodeFlat(PlatformMemoryError2, body, 96),
  encode: (v) => encodeFlat(PlatformMemoryError2, v),
  locate: (_v, at) => locateFlat(PlatformMemoryError2, at),
  toLib: memory2ToJson,
  fromLib: memory2FromJson,
  renderLinux: (v) => hexDumpLinux(encodeFlat(PlatformMemoryError2, v)),
  renderText: (v) => {
    const lines = [memory2Message(v)];
    if (bitSet(v.fields.ValidationBits, 0)) lines.push(`error status: ${errorStatusText(v.fields.ErrorStatus)}`);
    return lines;
  },
  lint: memory2Lint,
}), flatFast(PlatformMemoryError2, 0xfffffn, memory2Adjust)), memory2Message);

/** What memory2ToJson keeps beyond the plain per-bit fields (see flatProject). */
function memory2Adjust(out: Record<string, unknown>, v: Memory2Section): void {
  const f = v.fields;
  const vb = f.ValidationBits;
  let nvb = out.ValidationBits as bigint;
  if (bitSet(vb, 0)) out.ErrorStatus = f.ErrorStatus & ERROR_STATUS_JSON_MASK;
  out.PhysicalAddress = f.PhysicalAddress; // physicalAddressHex is always printed
  if (bitSet(vb, 0)) nvb |= 2n; // printed under bit 0 too, and read back as bit 1
  out.Bank = f.Bank; // {value} under bit 6, else {address, group} (read back as bits 21, 20)
  if (!bitSet(vb, 6)) nvb |= (1n << 20n) | (1n << 21n);
  out.ValidationBits = nvb;
}
