// Platform Memory Error Section 2 (UEFI 2.10 N.2.6, Table N-32): 96 bytes.
// GUID 61ec04fc-48e6-d813-25c9-8daa44750b12. Linux prints it as an unknown section.
import { reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { declareSection, type DeclaredCodec, type Flat } from "./contract.js";
import { asErrorStatus, errorStatusText } from "./error-status.js";
import { asForm, asReaderInt, group, lib, type JsonForm } from "./json-forms.js";
import { bitSet, JsonReader } from "../json/reader.js";
import { hexUpper64Fast } from "../json/writer.js";
import { MEMORY_BANK, MEMORY_ERROR_TYPE, MEMORY_ERROR_TYPES } from "./memory.js";
import { hexDumpLinux } from "../render/hexdump.js";

export const MEMORY2_GUID = "61ec04fc-48e6-d813-25c9-8daa44750b12";

const SPEC = "UEFI 2.10 N.2.6 Table N-32";

// libcper's members read through JsonReader (its JSON-in rules predate the contract).
const at = (j: Record<string, unknown>, p: string): JsonReader => JsonReader.of(j, p);
const INT = asReaderInt();
/** {value, state}: bit 0 says uncorrected. */
const STATUS: JsonForm = asForm<number>({
  write: (out, key, x) => {
    out.begin(key);
    out.num("value", x);
    out.ascii("state", x & 1 ? "Uncorrected" : "Corrected");
    out.end();
  },
  read: (j, key, p) => at(j, p).enumValue(key, 8),
  text: (x) => `${x}`,
});
/**
 * UEFI 2.10 Table N-32: bit 1 is Physical Address Valid. libcper 7c410e2 prints the number under
 * bit 0 (Error Status Valid) instead, and the hex form always. We print the number when either bit
 * is set, so every libcper key is present and the spec's reading is never hidden; the hex form is
 * read back when the number is absent (fromLibMore).
 */
const PHYSICAL_ADDRESS = group("physicalAddress", [], {
  write: (out, key, f, w) => {
    if (w & 3) out.int(key, f.PhysicalAddress);
    out.ascii("physicalAddressHex", hexUpper64Fast(f.PhysicalAddress));
  },
  read: (j, key, p) => ({ PhysicalAddress: at(j, p).optU64(key) }),
  text: (f) => hexUpper64Fast(f.PhysicalAddress),
});
// The bank member: memory.ts MEMORY_BANK (the same object; Memory2 reads {address, group} back as bits 21, 20).

export const PlatformMemoryError2 = struct(
  "PlatformMemoryError2",
  96,
  {
    ValidationBits: field(0x00, u64),
    ErrorStatus: field(0x08, u64, { valid: 0, json: lib("errorStatus", asErrorStatus()) }),
    PhysicalAddress: field(0x10, u64, { valid: 1, json: PHYSICAL_ADDRESS }),
    PhysicalAddressMask: field(0x18, u64, { valid: 2, json: lib("physicalAddressMask", INT) }),
    Node: field(0x20, u16, { valid: 3, json: lib("node", INT) }),
    Card: field(0x22, u16, { valid: 4, json: lib("card", INT) }),
    Module: field(0x24, u16, { valid: 5, json: lib("module", INT) }),
    Bank: field(0x26, u16, { valid: 6, doc: "bank group 15:8 (valid bit 20), bank address 7:0 (valid bit 21)", json: MEMORY_BANK }),
    Device: field(0x28, u32, { valid: 7, json: lib("device", INT) }),
    Row: field(0x2c, u32, { valid: 8, json: lib("row", INT) }),
    Column: field(0x30, u32, { valid: 9, json: lib("column", INT) }),
    Rank: field(0x34, u32, { valid: 10, json: lib("rank", INT) }),
    BitPosition: field(0x38, u32, { valid: 11, json: lib("bitPosition", INT) }),
    ChipId: field(0x3c, u8, { valid: 12, json: lib("chipID", INT) }),
    MemoryErrorType: field(0x3d, u8, { valid: 13, json: lib("memoryErrorType", MEMORY_ERROR_TYPE) }),
    Status: field(0x3e, u8, { valid: 14, doc: "bit 0: 1 uncorrected, 0 corrected", json: lib("status", STATUS) }),
    Reserved: field(0x3f, reserved(1)),
    RequestorId: field(0x40, u64, { valid: 15, json: lib("requestorID", INT) }),
    ResponderId: field(0x48, u64, { valid: 16, json: lib("responderID", INT) }),
    TargetId: field(0x50, u64, { valid: 17, json: lib("targetID", INT) }),
    CardHandle: field(0x58, u32, { valid: 18, json: lib("cardSmbiosHandle", INT) }),
    ModuleHandle: field(0x5c, u32, { valid: 19, json: lib("moduleSmbiosHandle", INT) }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);

export type Memory2Section = Flat<(typeof PlatformMemoryError2)["fields"]>;

export function memory2Message(v: Memory2Section): string {
  const f = v.fields;
  const head = bitSet(f.ValidationBits, 13) ? `A ${MEMORY_ERROR_TYPES[f.MemoryErrorType] ?? "Unknown"}` : "An Unknown";
  // libcper's summary text, as libcper words it: the address under bit 0 (its gate, not the spec's
  // bit 1; see memory2ToJson), the node (" on node N") under bit 3.
  return `${head} Memory Error occurred` + (bitSet(f.ValidationBits, 0) ? ` at address ${hexUpper64Fast(f.PhysicalAddress)}` : "") + (bitSet(f.ValidationBits, 3) ? ` on node ${f.Node}` : "");
}

export function memory2Lint(v: Memory2Section, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  if (body.length !== 96) out.push({ severity: "error", offset: 0, field: "PlatformMemoryError2", message: `section is ${body.length} bytes, must be 96`, spec: "UEFI 2.10 N.2.6 Table N-32" });
  if (v.fields.ValidationBits >> 22n !== 0n) out.push({ severity: "warning", offset: 0, field: "PlatformMemoryError2.ValidationBits", message: "reserved validation bits set", spec: "UEFI 2.10 N.2.6 Table N-32" });
  if (v.fields.Reserved[0] !== 0) out.push({ severity: "warning", offset: 0x3f, field: "PlatformMemoryError2.Reserved", message: "reserved byte is not zero", spec: "UEFI 2.10 N.2.6 Table N-32" });
  return out;
}

export const memory2Codec: DeclaredCodec<(typeof PlatformMemoryError2)["fields"]> = declareSection({
  key: "memory2",
  guid: MEMORY2_GUID,
  name: "Platform Memory Error 2",
  libcperKey: "Memory2",
  libcperTypeName: "Platform Memory 2",
  message: "A Memory Error occurred",
  messageOf: memory2Message,
  layout: PlatformMemoryError2,
  spec: SPEC,
  jsonOrder: ["ErrorStatus", "Bank", "MemoryErrorType", "Status", "PhysicalAddress", "PhysicalAddressMask", "Node", "Card", "Module", "Device", "Row", "Column", "Rank", "BitPosition", "ChipId", "RequestorId", "ResponderId", "TargetId", "CardHandle", "ModuleHandle"],
  // physicalAddressHex and the bank are printed whatever the validation bits say.
  gate: { PhysicalAddress: () => true, Bank: () => true },
  // Read back: the number printed under bit 0 as bit 1; the bank without bit 6 as bits 20 and 21.
  readBackValid: (w) => w | ((w & 1) << 1) | (w & (1 << 6) ? 0 : (1 << 20) | (1 << 21)),
  fromLibMore: (v, j, p) => {
    const f = v.fields;
    let vb = f.ValidationBits;
    const r = at(j, p);
    let pa = f.PhysicalAddress;
    if (!r.has("physicalAddress") && r.has("physicalAddressHex")) pa = r.u64("physicalAddressHex");
    const bank = r.optObj("bank");
    if (bank !== undefined && !bank.has("value")) {
      vb &= ~(1n << 6n);
      if (bank.has("group")) vb |= 1n << 20n;
      if (bank.has("address")) vb |= 1n << 21n;
    }
    return vb === f.ValidationBits && pa === f.PhysicalAddress ? v : { ...v, fields: { ...f, ValidationBits: vb, PhysicalAddress: pa } };
  },
  renderLinux: (v) => hexDumpLinux(memory2Codec.encode(v)),
  renderText: (v) => {
    const lines = [memory2Message(v)];
    if (bitSet(v.fields.ValidationBits, 0)) lines.push(`error status: ${errorStatusText(v.fields.ErrorStatus)}`);
    return lines;
  },
  lint: memory2Lint,
  ownLint: true,
});
