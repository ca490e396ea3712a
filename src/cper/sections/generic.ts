// Processor Generic Error Section (UEFI 2.10 N.2.4.1, Table N-10): 192 bytes.
// GUID 9876ccad-47b4-4bdb-b65e-16f193c4f3db.
import { ascii, reserved, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { declareSection, type DeclaredCodec, type Flat } from "./contract.js";
import { linuxDec, linuxEnum, linuxFlags, linuxHex } from "./linux-forms.js";
import { asForm, lib, type JsonForm } from "./json-forms.js";
import { JsonReader, UNKNOWN_RESERVED } from "../json/reader.js";
import { writeEnum, writeFlags32 } from "../json/writer.js";
import type { JsonObj } from "../json/reader.js";
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
  write: (out, key, x) => writeFlags32(out, key, x, FLAGS),
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

// cper.c's names (proc_type_strs, proc_isa_strs, proc_error_type_strs, proc_op_strs, proc_flag_strs).
const LX_TYPES = ["IA32/X64", "IA64", "ARM"];
const LX_ISAS = ["IA32", "IA64", "X64", "ARM A32/T32", "ARM A64"];
const LX_ERR = ["cache error", "TLB error", "bus error", "micro-architectural error"];
const LX_OPS = ["unknown or generic", "data read", "data write", "instruction execution"];
const LX_FLAGS = ["restartable", "precise IP", "overflow", "corrected"];

export const ProcessorGenericError = struct(
  "ProcessorGenericError",
  192,
  {
    ValidationBits: field(0, u64),
    ProcessorType: field(8, u8, { valid: 0, values: TYPES, json: lib("processorType", ENUM, undefined, linuxEnum("processor_type", LX_TYPES)) }),
    ProcessorISA: field(9, u8, { valid: 1, values: ISAS, json: lib("processorISA", ENUM, undefined, linuxEnum("processor_isa", LX_ISAS)) }),
    ProcessorErrorType: field(10, u8, { valid: 2, values: ERROR_TYPES, json: lib("errorType", ENUM, undefined, linuxFlags("error_type", 2, LX_ERR)) }),
    Operation: field(11, u8, { valid: 3, values: OPS, json: lib("operation", ENUM, undefined, linuxEnum("operation", LX_OPS)) }),
    Flags: field(12, u8, { valid: 4, json: lib("flags", FLAG_BITS, undefined, linuxFlags("flags", 2, LX_FLAGS)) }),
    Level: field(13, u8, { valid: 5, json: lib("level", LEVEL, undefined, linuxDec("level")) }),
    Reserved: field(14, reserved(2)),
    CPUVersionInfo: field(16, u64, { valid: 6, json: lib("cpuVersionInfo", U64, undefined, linuxHex("version_info", 16)) }),
    CPUBrandString: field(24, ascii(128), { valid: 7, json: lib("cpuBrandString", BRAND) }),
    ProcessorID: field(152, u64, { valid: 8, json: lib("processorID", U64, undefined, linuxHex("processor_id", 16)) }),
    TargetAddress: field(160, u64, { valid: 9, json: lib("targetAddress", U64, undefined, linuxHex("target_address", 16)) }),
    RequestorID: field(168, u64, { valid: 10, json: lib("requestorID", U64, undefined, linuxHex("requestor_id", 16)) }),
    ResponderID: field(176, u64, { valid: 11, json: lib("responderID", U64, undefined, linuxHex("responder_id", 16)) }),
    InstructionIP: field(184, u64, { valid: 12, json: lib("instructionIP", U64, undefined, linuxHex("IP", 16)) }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.4.1 Table N-10" },
);

export type GenericSection = Flat<(typeof ProcessorGenericError)["fields"]>;

export function genericLint(v: GenericSection, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const spec = "UEFI 2.10 N.2.4.1 Table N-10";
  if (body.length !== 192) out.push({ severity: "error", offset: 0, field: "ProcessorGenericError", message: `section is ${body.length} bytes, must be 192`, spec });
  if (v.fields.ValidationBits >> 13n !== 0n) out.push({ severity: "warning", offset: 0, field: "ProcessorGenericError.ValidationBits", message: "reserved validation bits set", spec });
  if (v.fields.Reserved.some((x) => x !== 0)) out.push({ severity: "warning", offset: 14, field: "ProcessorGenericError.Reserved", message: "reserved bytes are not zero", spec });
  return out;
}

export const genericCodec: DeclaredCodec<(typeof ProcessorGenericError)["fields"]> = declareSection({
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
  // renderLinux: cper_print_proc_generic(), derived from the fields' Linux lines.
  renderText: (v): string[] => genericCodec.linuxLines!(v, 0),
  lint: genericLint,
  ownLint: true,
});
