// Processor Generic Error Section (UEFI 2.10 N.2.4.1, Table N-10): 192 bytes.
// GUID 9876ccad-47b4-4bdb-b65e-16f193c4f3db.
import { ascii, reserved, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { declareSection, type Flat } from "./contract.js";
import { asForm, lib, type JsonForm } from "./json-forms.js";
import { bitSet, JsonReader, UNKNOWN_RESERVED } from "../json-helpers.js";
import { writeEnum } from "../json-out.js";
import type { JsonObj } from "./more-json.js";
import { hex } from "../../arch/bits.js";

export const GENERIC_GUID = "9876ccad-47b4-4bdb-b65e-16f193c4f3db";

const TYPES = { 0: "IA32/X64", 1: "IA64", 2: "ARM" };
const ISAS = { 0: "IA32", 1: "IA64", 2: "X64", 3: "ARM A32/T32", 4: "ARM A64" };
const ERROR_TYPES = { 0: "Unknown", 1: "Cache Error", 2: "TLB Error", 4: "Bus Error", 8: "Micro-Architectural Error" };
const OPS = { 0: "Unknown or Generic", 1: "Data Read", 2: "Data Write", 3: "Instruction Execution" };
const FLAGS = [
  ["restartable", 0],
  ["preciseIP", 1],
  ["overflow", 2],
  ["corrected", 3],
] as const;

// libcper's members of this section, read through JsonReader (its JSON-in rules predate the contract).
const at = (j: JsonObj, p: string): JsonReader => JsonReader.of(j, p);
/** {value, name} from the field's `values`. */
const ENUM: JsonForm = (f) =>
  asForm<number>({
    write: (out, key, x) => writeEnum(out, key, x, f.values ?? {}, "name", UNKNOWN_RESERVED),
    read: (j, key, p) => at(j, p).enumValue(key, 8),
    text: (x) => `${x}`,
  })(f);
/** The four defined flag bits as booleans (bits 7:4 are reserved and ride in "_armras"). */
const FLAG_BITS = asForm<number>({
  write: (out, key, x) => {
    out.begin(key);
    for (const [n, b] of FLAGS) out.bool(n, bitSet(x, b));
    out.end();
  },
  read: (j, key, p) => {
    const r = at(j, p).obj(key);
    let flags = 0;
    for (const [n, b] of FLAGS) if (r.optBool(n)) flags |= 1 << b;
    return flags;
  },
  keep: (x) => x & 0xf,
  text: (x) => `0x${x.toString(16)}`,
});
const LEVEL = asForm<number>({ write: (out, key, x) => out.num(key, x), read: (j, key, p) => at(j, p).uint(key, 8), text: (x) => `${x}` });
/** The brand string up to its first NUL (the bytes after it ride in "_armras"). */
const BRAND = asForm<string>({
  write: (out, key, x) => out.str(key, x.split("\0")[0]!),
  read: (j, key, p) => at(j, p).str(key),
  keep: (x) => x.split("\0")[0]!,
  text: (x) => x,
});
const U64 = asForm<bigint>({ write: (out, key, x) => out.int(key, x), read: (j, key, p) => at(j, p).u64(key), text: (x) => hex(x, 16) });

export const ProcessorGenericError = struct(
  "ProcessorGenericError",
  192,
  {
    ValidationBits: field(0, u64),
    ProcessorType: field(8, u8, { valid: 0, values: TYPES, json: lib("processorType", ENUM) }),
    ProcessorISA: field(9, u8, { valid: 1, values: ISAS, json: lib("processorISA", ENUM) }),
    ProcessorErrorType: field(10, u8, { valid: 2, values: ERROR_TYPES, json: lib("errorType", ENUM) }),
    Operation: field(11, u8, { valid: 3, values: OPS, json: lib("operation", ENUM) }),
    Flags: field(12, u8, { valid: 4, json: lib("flags", FLAG_BITS) }),
    Level: field(13, u8, { valid: 5, json: lib("level", LEVEL) }),
    Reserved: field(14, reserved(2)),
    CPUVersionInfo: field(16, u64, { valid: 6, json: lib("cpuVersionInfo", U64) }),
    CPUBrandString: field(24, ascii(128), { valid: 7, json: lib("cpuBrandString", BRAND) }),
    ProcessorID: field(152, u64, { valid: 8, json: lib("processorID", U64) }),
    TargetAddress: field(160, u64, { valid: 9, json: lib("targetAddress", U64) }),
    RequestorID: field(168, u64, { valid: 10, json: lib("requestorID", U64) }),
    ResponderID: field(176, u64, { valid: 11, json: lib("responderID", U64) }),
    InstructionIP: field(184, u64, { valid: 12, json: lib("instructionIP", U64) }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.4.1 Table N-10" },
);

export type GenericSection = Flat<(typeof ProcessorGenericError)["fields"]>;

const LX_TYPES = ["IA32/X64", "IA64", "ARM"];
const LX_ISAS = ["IA32", "IA64", "X64", "ARM A32/T32", "ARM A64"];
const LX_ERR = ["cache error", "TLB error", "bus error", "micro-architectural error"];
const LX_OPS = ["unknown or generic", "data read", "data write", "instruction execution"];
const LX_FLAGS = ["restartable", "precise IP", "overflow", "corrected"];

/** cper_print_bits(): names of the set bits, comma-separated, lines wrapped at 80 columns (prefix included). */
export function linuxBits(pfxLen: number, bits: number, strs: readonly string[]): string[] {
  const out: string[] = [];
  let line = "";
  for (let i = 0; i < strs.length; i++) {
    if (!(bits & (1 << i))) continue;
    const s = strs[i]!;
    if (line && pfxLen + line.length + s.length + 2 > 80) {
      out.push(line);
      line = "";
    }
    line = line ? `${line}, ${s}` : s;
  }
  if (line) out.push(line);
  return out;
}

/** cper_print_proc_generic() */
export function genericRenderLinux(v: GenericSection, pfxLen = 21): string[] {
  const f = v.fields;
  const b = (n: number) => bitSet(f.ValidationBits, n);
  const out: string[] = [];
  if (b(0)) out.push(`processor_type: ${f.ProcessorType}, ${LX_TYPES[f.ProcessorType] ?? "unknown"}`);
  if (b(1)) out.push(`processor_isa: ${f.ProcessorISA}, ${LX_ISAS[f.ProcessorISA] ?? "unknown"}`);
  if (b(2)) out.push(`error_type: 0x${f.ProcessorErrorType.toString(16).padStart(2, "0")}`, ...linuxBits(pfxLen, f.ProcessorErrorType, LX_ERR));
  if (b(3)) out.push(`operation: ${f.Operation}, ${LX_OPS[f.Operation] ?? "unknown"}`);
  if (b(4)) out.push(`flags: 0x${f.Flags.toString(16).padStart(2, "0")}`, ...linuxBits(pfxLen, f.Flags, LX_FLAGS));
  if (b(5)) out.push(`level: ${f.Level}`);
  if (b(6)) out.push(`version_info: ${hex(f.CPUVersionInfo, 16)}`);
  if (b(8)) out.push(`processor_id: ${hex(f.ProcessorID, 16)}`);
  if (b(9)) out.push(`target_address: ${hex(f.TargetAddress, 16)}`);
  if (b(10)) out.push(`requestor_id: ${hex(f.RequestorID, 16)}`);
  if (b(11)) out.push(`responder_id: ${hex(f.ResponderID, 16)}`);
  if (b(12)) out.push(`IP: ${hex(f.InstructionIP, 16)}`);
  return out;
}

export function genericLint(v: GenericSection, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const spec = "UEFI 2.10 N.2.4.1 Table N-10";
  if (body.length !== 192) out.push({ severity: "error", offset: 0, field: "ProcessorGenericError", message: `section is ${body.length} bytes, must be 192`, spec });
  if (v.fields.ValidationBits >> 13n !== 0n) out.push({ severity: "warning", offset: 0, field: "ProcessorGenericError.ValidationBits", message: "reserved validation bits set", spec });
  if (v.fields.Reserved.some((x) => x !== 0)) out.push({ severity: "warning", offset: 14, field: "ProcessorGenericError.Reserved", message: "reserved bytes are not zero", spec });
  return out;
}

export const genericCodec = declareSection({
  key: "generic",
  guid: GENERIC_GUID,
  name: "Processor Generic Error",
  libcperKey: "GenericProcessor",
  libcperTypeName: "Processor Generic",
  linuxName: "general processor error",
  message: "A Generic Processor Error occurred",
  layout: ProcessorGenericError,
  spec: "UEFI 2.10 N.2.4.1 Table N-10",
  jsonOrder: ["ProcessorType", "ProcessorISA", "ProcessorErrorType", "Operation", "Flags", "Level", "CPUBrandString", "CPUVersionInfo", "ProcessorID", "TargetAddress", "RequestorID", "ResponderID", "InstructionIP"],
  renderLinux: (v) => genericRenderLinux(v),
  renderText: (v) => genericRenderLinux(v, 0),
  lint: genericLint,
  ownLint: true,
});
