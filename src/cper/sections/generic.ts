// Processor Generic Error Section (UEFI 2.10 N.2.4.1, Table N-10): 192 bytes.
// GUID 9876ccad-47b4-4bdb-b65e-16f193c4f3db.
import { ascii, reserved, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { decodeFlat, encodeFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { flatFast, withFastJson } from "./fast-json.js";
import { bitSet, enumJson, jsonInt, JsonReader, UNKNOWN_RESERVED } from "../json-helpers.js";
import type { JsonObj } from "./more-json.js";
import { hex } from "../../arch/bits.js";

export const GENERIC_GUID = "9876ccad-47b4-4bdb-b65e-16f193c4f3db";

export const ProcessorGenericError = struct(
  "ProcessorGenericError",
  192,
  {
    ValidationBits: field(0, u64),
    ProcessorType: field(8, u8, { valid: 0 }),
    ProcessorISA: field(9, u8, { valid: 1 }),
    ProcessorErrorType: field(10, u8, { valid: 2 }),
    Operation: field(11, u8, { valid: 3 }),
    Flags: field(12, u8, { valid: 4 }),
    Level: field(13, u8, { valid: 5 }),
    Reserved: field(14, reserved(2)),
    CPUVersionInfo: field(16, u64, { valid: 6 }),
    CPUBrandString: field(24, ascii(128), { valid: 7 }),
    ProcessorID: field(152, u64, { valid: 8 }),
    TargetAddress: field(160, u64, { valid: 9 }),
    RequestorID: field(168, u64, { valid: 10 }),
    ResponderID: field(176, u64, { valid: 11 }),
    InstructionIP: field(184, u64, { valid: 12 }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.4.1 Table N-10" },
);

export type GenericSection = Flat<(typeof ProcessorGenericError)["fields"]>;

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
const WIDE: readonly (readonly [number, string, "CPUVersionInfo" | "ProcessorID" | "TargetAddress" | "RequestorID" | "ResponderID" | "InstructionIP"])[] = [
  [6, "cpuVersionInfo", "CPUVersionInfo"],
  [8, "processorID", "ProcessorID"],
  [9, "targetAddress", "TargetAddress"],
  [10, "requestorID", "RequestorID"],
  [11, "responderID", "ResponderID"],
  [12, "instructionIP", "InstructionIP"],
];

export function genericToJson(v: GenericSection): JsonObj {
  const f = v.fields;
  const vb = f.ValidationBits;
  const o: JsonObj = {};
  if (bitSet(vb, 0)) o.processorType = enumJson(f.ProcessorType, TYPES, "name", UNKNOWN_RESERVED);
  if (bitSet(vb, 1)) o.processorISA = enumJson(f.ProcessorISA, ISAS, "name", UNKNOWN_RESERVED);
  if (bitSet(vb, 2)) o.errorType = enumJson(f.ProcessorErrorType, ERROR_TYPES, "name", UNKNOWN_RESERVED);
  if (bitSet(vb, 3)) o.operation = enumJson(f.Operation, OPS, "name", UNKNOWN_RESERVED);
  if (bitSet(vb, 4)) {
    const fl: JsonObj = {};
    for (const [n, b] of FLAGS) fl[n] = bitSet(f.Flags, b);
    o.flags = fl;
  }
  if (bitSet(vb, 5)) o.level = f.Level;
  if (bitSet(vb, 7)) o.cpuBrandString = f.CPUBrandString.split("\0")[0]!;
  for (const [bit, key, name] of WIDE) if (bitSet(vb, bit)) o[key] = jsonInt(f[name]);
  return o;
}

export function genericFromJson(json: JsonObj, path: string): GenericSection {
  const r = JsonReader.of(json, path);
  let vb = 0n;
  const set = (b: number, c: boolean) => c && (vb |= 1n << BigInt(b));
  set(0, r.has("processorType"));
  set(1, r.has("processorISA"));
  set(2, r.has("errorType"));
  set(3, r.has("operation"));
  set(4, r.has("flags"));
  set(5, r.has("level"));
  set(7, r.has("cpuBrandString"));
  let flags = 0;
  if (r.has("flags")) for (const [n, b] of FLAGS) if (r.obj("flags").optBool(n)) flags |= 1 << b;
  const fields: Record<string, unknown> = {
    ProcessorType: r.has("processorType") ? r.enumValue("processorType", 8) : 0,
    ProcessorISA: r.has("processorISA") ? r.enumValue("processorISA", 8) : 0,
    ProcessorErrorType: r.has("errorType") ? r.enumValue("errorType", 8) : 0,
    Operation: r.has("operation") ? r.enumValue("operation", 8) : 0,
    Flags: flags,
    Level: r.optUint("level", 8),
    Reserved: new Uint8Array(2),
    CPUBrandString: r.optStr("cpuBrandString"),
  };
  for (const [bit, key, name] of WIDE) {
    set(bit, r.has(key));
    fields[name] = r.optU64(key);
  }
  fields.ValidationBits = vb;
  return { fields: fields as GenericSection["fields"], trailing: new Uint8Array(0) };
}

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

export const genericCodec = withFastJson(moreCodec<GenericSection>({
  key: "generic",
  guid: GENERIC_GUID,
  name: "Processor Generic Error",
  libcperKey: "GenericProcessor",
  libcperTypeName: "Processor Generic",
  linuxName: "general processor error",
  message: "A Generic Processor Error occurred",
  decode: (body) => decodeFlat(ProcessorGenericError, body, 192),
  encode: (v) => encodeFlat(ProcessorGenericError, v),
  locate: (_v, at) => locateFlat(ProcessorGenericError, at),
  toLib: genericToJson,
  fromLib: genericFromJson,
  renderLinux: (v) => genericRenderLinux(v),
  renderText: (v) => genericRenderLinux(v, 0),
  lint: genericLint,
}), flatFast(ProcessorGenericError, 0x1fffn, (out, v) => {
  // The JSON keeps the four defined flag bits and the brand string up to its first NUL.
  out.Flags = (out.Flags as number) & 0xf;
  if (bitSet(v.fields.ValidationBits, 7)) out.CPUBrandString = v.fields.CPUBrandString.split("\0")[0]!;
}));
