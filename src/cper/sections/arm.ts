// ARM Processor Error Section (UEFI 2.10 N.2.4.4), GUID e19e3d16-bc11-11e4-9caa-c2051d5d46b0.
// The value keeps the raw Type byte; its reading (UEFI 2.9A bit flags, legacy
// enum, libcper's 1/2/4/8) is applied only when rendering (cper-apei.md §5.1).
import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { extract, u32At } from "../../arch/bits.js";
import { fail, ok, decodeError, type Result, type Warning } from "../../layout/result.js";
import { readStruct, struct, viewOf, writeStruct } from "../../layout/struct.js";
import { ARM_ERROR_INFO, ARM_ERROR_INFO_VALID, ArmContextHeader, ArmErrorInfo, ArmProcessorHeader, CONTEXT_REGISTERS, CONTEXT_SIZES, MISC_CONTEXT_SIZE, MRS_ENCODING } from "../layouts/arm.js";
import type { Finding, SectionDecodeOptions } from "../section-api.js";
import { bitSet, fromBase64, JsonPathError, JsonReader, toBase64, UNKNOWN_RESERVED } from "../json/reader.js";
import { MAX_ZERO_FILL } from "../model.js";
import { Fragments, membersOf, writeEnum, writeFlags32, type JsonOut } from "../json/writer.js";
import { PatchBuilder } from "../json/patches.js";
import { declareSection, type BodyKind, type DeclaredCodec } from "./contract.js";
import { asForm, asReaderInt, group, lib, type JsonForm, type LibField } from "./json-forms.js";
/** A JSON object as the readers take it. */
type JsonObj = Record<string, unknown>;
import { armRenderLinux } from "./arm-linux.js";
import { armTypeNames, legacyLooking } from "./arm-type.js";

export const ARM_GUID = "e19e3d16-bc11-11e4-9caa-c2051d5d46b0";

export interface ArmContext {
  readonly header: ArmContextHeader;
  readonly registers: Uint8Array;
}

/** The section value: the declared header (Table N-16) as `fields`, then the composite parts. */
export interface ArmSection {
  readonly fields: ArmProcessorHeader;
  readonly errorInfo: ArmErrorInfo[];
  readonly contexts: ArmContext[];
  readonly vendor: Uint8Array;
}

export function decodeArm(body: Uint8Array): Result<ArmSection> {
  const warnings: Warning[] = [];
  if (body.length < 40) return fail(decodeError("truncated", "ArmProcessorError", 0, `the ARM processor error header needs 40 bytes, the section has ${body.length}`));
  const view = viewOf(body);
  const header = readStruct(ArmProcessorHeader, body, view, 0);
  if (header.SectionLength !== body.length) {
    warnings.push({ code: "arm-section-length", field: "ArmProcessorError.SectionLength", offset: 8, message: `SectionLength ${header.SectionLength} but the section has ${body.length} bytes` });
  }
  let at = 40;
  const errorInfo: ArmErrorInfo[] = [];
  for (let i = 0; i < header.ErrInfoNum; i++) {
    if (at + 32 > body.length) {
      warnings.push({ code: "arm-err-info-num", field: "ArmProcessorError.ErrInfoNum", offset: 4, message: `ErrInfoNum ${header.ErrInfoNum} but only ${i} entries fit in the section` });
      break;
    }
    const e = readStruct(ArmErrorInfo, body, view, at);
    if (e.Length !== 32) warnings.push({ code: "arm-err-info-length", field: `ErrorInformation[${i}].Length`, offset: at + 1, message: `Length ${e.Length}, the entry is 32 bytes` });
    if (legacyLooking(e.Type)) warnings.push({ code: "arm-type-legacy", field: `ErrorInformation[${i}].Type`, offset: at + 4, message: `Type 0x${e.Type.toString(16).padStart(2, "0")} looks like the legacy pre-2.9A enum (0 cache, 1 TLB, 2 bus, 3 micro-arch), not UEFI 2.9A bit flags` });
    errorInfo.push(e);
    at += 32;
  }
  const contexts: ArmContext[] = [];
  for (let i = 0; i < header.ContextInfoNum; i++) {
    if (at + 8 > body.length) {
      warnings.push({ code: "arm-context-info-num", field: "ArmProcessorError.ContextInfoNum", offset: 6, message: `ContextInfoNum ${header.ContextInfoNum} but only ${i} context structures fit` });
      break;
    }
    const h = readStruct(ArmContextHeader, body, view, at);
    let size = h.RegisterArraySize;
    if (at + 8 + size > body.length) {
      warnings.push({ code: "arm-context-size", field: `ContextInformation[${i}].RegisterArraySize`, offset: at + 4, message: `RegisterArraySize ${size} runs past the section; truncated to ${body.length - at - 8}` });
      size = body.length - at - 8;
    }
    const expect = CONTEXT_SIZES[h.RegisterContextType];
    if (expect !== undefined && expect !== h.RegisterArraySize) warnings.push({ code: "arm-context-size", field: `ContextInformation[${i}].RegisterArraySize`, offset: at + 4, message: `context type ${h.RegisterContextType} has ${expect} bytes of registers, RegisterArraySize says ${h.RegisterArraySize}` });
    if (h.RegisterContextType > 8) warnings.push({ code: "arm-context-type", field: `ContextInformation[${i}].RegisterContextType`, offset: at + 2, message: `unknown register context type ${h.RegisterContextType}` });
    contexts.push({ header: h, registers: copyOf(body, at + 8, at + 8 + size) });
    at += 8 + size;
  }
  return ok({ fields: header, errorInfo, contexts, vendor: copyOf(body, at) }, warnings);
}

export function encodeArm(v: ArmSection): Uint8Array {
  let size = 40 + 32 * v.errorInfo.length + v.vendor.length;
  for (const c of v.contexts) size += 8 + c.registers.length;
  const out = new Uint8Array(size);
  writeStruct(ArmProcessorHeader, v.fields, out, 0);
  let at = 40;
  for (let i = 0; i < v.errorInfo.length; i++) {
    writeStruct(ArmErrorInfo, v.errorInfo[i]!, out, at, `ErrorInformation[${i}]`);
    at += 32;
  }
  for (let i = 0; i < v.contexts.length; i++) {
    const c = v.contexts[i]!;
    writeStruct(ArmContextHeader, c.header, out, at, `ContextInformation[${i}]`);
    out.set(c.registers, at + 8);
    at += 8 + c.registers.length;
  }
  out.set(v.vendor, at);
  return out;
}

// ---- libcper JSON ------------------------------------------------------------

const TRANSACTION = { 0: "Instruction", 1: "Data Access", 2: "Generic" } as const;
const CACHE_OPS: Record<number, string> = {
  0: "Generic Error",
  1: "Generic Read",
  2: "Generic Write",
  3: "Data Read",
  4: "Data Write",
  5: "Instruction Fetch",
  6: "Prefetch",
  7: "Eviction",
  8: "Snooping",
  9: "Snooped",
  10: "Management",
};
const TLB_OPS: Record<number, string> = { ...CACHE_OPS, 7: "Local Management Operation", 8: "External Management Operation" };
delete TLB_OPS[9];
delete TLB_OPS[10];
const BUS_OPS: Record<number, string> = { 0: "Generic Error", 1: "Generic Read", 2: "Generic Write", 3: "Data Read", 4: "Data Write", 5: "Instruction Fetch", 6: "Prefetch" };
const PARTICIPATION = { 0: "Local Processor Originated Request", 1: "Local Processor Responded to Request", 2: "Local Processor Observed", 3: "Generic" };
const ADDRESS_SPACE = { 0: "External Memory Access", 1: "Internal Memory Access", 2: "Unknown", 3: "Device Memory Access" };
export const CONTEXT_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "AArch32 General Purpose Registers",
  1: "AArch32 EL1 Context Registers",
  2: "AArch32 EL2 Context Registers",
  3: "AArch32 Secure Context Registers",
  4: "AArch64 General Purpose Registers",
  5: "AArch64 EL1 Context Registers",
  6: "AArch64 EL2 Context Registers",
  7: "AArch64 EL3 Context Registers",
  8: "Miscellaneous System Register Structure",
};
const INFO_FLAGS = [
  ["firstErrorCaptured", 0],
  ["lastErrorCaptured", 1],
  ["propagated", 2],
  ["overflow", 3],
] as const;

/** The sub-object key libcper uses for the error information, by the reading in force. */
function infoKind(type: number, opts: SectionDecodeOptions): "cacheError" | "tlbError" | "busError" | "microarchitecturalError" | undefined {
  const names = armTypeNames(type, opts.armType);
  const first = names.kinds[0];
  return first === "cache" ? "cacheError" : first === "tlb" ? "tlbError" : first === "bus" ? "busError" : first === "micro" ? "microarchitecturalError" : undefined;
}

// Field positions of ARM_ERROR_INFO as (lsb, width, valid bit) numbers, read once: the
// printer below reads them from the word pair without closures or BigInt per field.
const EI = (k: keyof typeof ARM_ERROR_INFO) => [ARM_ERROR_INFO[k].lsb, ARM_ERROR_INFO[k].width, ARM_ERROR_INFO_VALID[k]] as const;
const EI_TT = EI("TransactionType");
const EI_OP = EI("Operation");
const EI_LV = EI("Level");
const EI_PCC = EI("ProcessorContextCorrupt");
const EI_CO = EI("Corrected");
const EI_PPC = EI("PrecisePC");
const EI_RPC = EI("RestartablePC");
const EI_PT = EI("ParticipationType");
const EI_TO = EI("TimeOut");
const EI_AS = EI("AddressSpace");
const EI_MA = EI("MemoryAttributes");
const EI_AM = EI("AccessMode");

/** Bits lsb..lsb+width-1 (width <= 32) of the word pair. */
function eiField(lo: number, hi: number, f: readonly [number, number, number]): number {
  const [lsb, width] = f;
  const m = width >= 32 ? 0xffffffff : (1 << width) - 1;
  if (lsb >= 32) return (hi >>> (lsb - 32)) & m;
  const v = lsb + width <= 32 ? lo >>> lsb : (lo >>> lsb) | (hi << (32 - lsb));
  return (v & m) >>> 0;
}
/** The field's validity bit (bits 0..15 of the word). */
function eiValid(lo: number, f: readonly [number, number, number]): boolean {
  return ((lo >>> f[2]) & 1) === 1;
}

/** libcper's error-information object of one kind (cper-section-arm.c: cper_arm_*_error_to_ir). */
function writeErrorInformation(out: JsonOut, key: string, info: bigint, kind: string): void {
  out.begin(key);
  if (kind === "microarchitecturalError") {
    out.int("data", info);
    out.end();
    return;
  }
  // The word-pair fast path of src/arch/bits.ts: split once, no BigInt arithmetic per field.
  const lo = Number(BigInt.asUintN(32, info));
  const hi = Number(BigInt.asUintN(32, info >> 32n));
  if (eiValid(lo, EI_TT)) writeEnum(out, "transactionType", eiField(lo, hi, EI_TT), TRANSACTION, "name", UNKNOWN_RESERVED);
  if (eiValid(lo, EI_OP)) writeEnum(out, "operation", eiField(lo, hi, EI_OP), kind === "tlbError" ? TLB_OPS : kind === "busError" ? BUS_OPS : CACHE_OPS, "name", UNKNOWN_RESERVED);
  if (eiValid(lo, EI_LV)) out.num("level", eiField(lo, hi, EI_LV));
  if (eiValid(lo, EI_PCC)) out.bool("processorContextCorrupt", eiField(lo, hi, EI_PCC) === 1);
  if (eiValid(lo, EI_CO)) out.bool("corrected", eiField(lo, hi, EI_CO) === 1);
  if (eiValid(lo, EI_PPC)) out.bool("precisePC", eiField(lo, hi, EI_PPC) === 1);
  if (eiValid(lo, EI_RPC)) out.bool("restartablePC", eiField(lo, hi, EI_RPC) === 1);
  if (kind === "busError") {
    if (eiValid(lo, EI_PT)) writeEnum(out, "participationType", eiField(lo, hi, EI_PT), PARTICIPATION);
    if (eiValid(lo, EI_TO)) out.bool("timedOut", eiField(lo, hi, EI_TO) === 1);
    if (eiValid(lo, EI_AS)) writeEnum(out, "addressSpace", eiField(lo, hi, EI_AS), ADDRESS_SPACE);
    if (eiValid(lo, EI_MA)) out.num("memoryAttributes", eiField(lo, hi, EI_MA));
    if (eiValid(lo, EI_AM)) writeEnum(out, "accessMode", eiField(lo, hi, EI_AM), ACCESS_MODE, "name", "Secure");
  }
  out.end();
}
/** libcper names AccessMode 1 "Normal" and anything else "Secure". */
const ACCESS_MODE: Readonly<Record<number, string>> = { 1: "Normal" };

type InfoField = keyof typeof ARM_ERROR_INFO;
const CACHE_TLB_FIELDS: readonly InfoField[] = ["TransactionType", "Operation", "Level", "ProcessorContextCorrupt", "Corrected", "PrecisePC", "RestartablePC"];
const BUS_FIELDS: readonly InfoField[] = [...CACHE_TLB_FIELDS, "ParticipationType", "TimeOut", "AddressSpace", "MemoryAttributes", "AccessMode"];
/** Per kind: [validity bit, validity bit | field mask] of each field errorInformationJson prints. */
const INFO_MASKS = (fields: readonly InfoField[]) => fields.map((k) => [1n << BigInt(ARM_ERROR_INFO_VALID[k]), (1n << BigInt(ARM_ERROR_INFO_VALID[k])) | ARM_ERROR_INFO[k].mask] as const);
const CACHE_TLB_MASKS = INFO_MASKS(CACHE_TLB_FIELDS);
const BUS_MASKS = INFO_MASKS(BUS_FIELDS);

/**
 * What errorInformationFromJson(errorInformationJson(info, kind)) gives, computed on the
 * bits: each printed field (its validity bit set) with its validity bit; the rest is dropped.
 */
function errorInformationProject(info: bigint, kind: "cacheError" | "tlbError" | "busError"): bigint {
  let keep = 0n;
  for (const [valid, m] of kind === "busError" ? BUS_MASKS : CACHE_TLB_MASKS) if ((info & valid) !== 0n) keep |= m;
  return info & keep;
}

function errorInformationFromJson(r: JsonReader): bigint {
  const kinds = ["cacheError", "tlbError", "busError"] as const;
  if (r.has("microarchitecturalError")) return r.obj("microarchitecturalError").u64("data");
  const key = kinds.find((k) => r.has(k));
  if (!key) return 0n;
  const o = r.obj(key);
  let v = 0n;
  const put = (k: keyof typeof ARM_ERROR_INFO, x: number | bigint) => {
    const fld = ARM_ERROR_INFO[k];
    v |= ((BigInt(x) & fld.valueMask) << fld.shift) | (1n << BigInt(ARM_ERROR_INFO_VALID[k]));
  };
  if (o.has("transactionType")) put("TransactionType", o.enumValue("transactionType"));
  if (o.has("operation")) put("Operation", o.enumValue("operation"));
  if (o.has("level")) put("Level", o.uint("level", 3));
  if (o.has("processorContextCorrupt")) put("ProcessorContextCorrupt", o.bool("processorContextCorrupt") ? 1 : 0);
  if (o.has("corrected")) put("Corrected", o.bool("corrected") ? 1 : 0);
  if (o.has("precisePC")) put("PrecisePC", o.bool("precisePC") ? 1 : 0);
  if (o.has("restartablePC")) put("RestartablePC", o.bool("restartablePC") ? 1 : 0);
  if (o.has("participationType")) put("ParticipationType", o.enumValue("participationType"));
  if (o.has("timedOut")) put("TimeOut", o.bool("timedOut") ? 1 : 0);
  if (o.has("addressSpace")) put("AddressSpace", o.enumValue("addressSpace"));
  if (o.has("memoryAttributes")) put("MemoryAttributes", o.uint("memoryAttributes", 9));
  if (o.has("accessMode")) put("AccessMode", o.enumValue("accessMode"));
  return v;
}


/** registerArray: named registers for the types of Table N-21..N-29 at their size, else {data: base64}. */
/**
 * A context's registers: libcper's named keys where the type names them, "data" (base64) otherwise.
 * When the section ends before RegisterArraySize (`declared`) the bytes present ride along as "data"
 * beside the named keys: the reader takes them as they are instead of zero-filling to the declared
 * size (which cper encode bounds, see MAX_ZERO_FILL), so our JSON always reads back.
 */
function writeRegisters(out: JsonOut, key: string, type: number, regs: Uint8Array, declared: number): void {
  out.begin(key);
  const names = CONTEXT_REGISTERS[type];
  const cut = regs.length !== declared;
  if (type === 8 && regs.length === MISC_CONTEXT_SIZE) {
    // libcper's keys; the reserved bit 15 has none, so the bytes ride along as "data" when it is set.
    const enc = regs[0]! | (regs[1]! << 8);
    if (enc & 0x8000 || cut) out.ascii("data", toBase64(regs));
    out.begin("mrsEncoding");
    for (const [n, lsb, w] of MRS_ENCODING) out.num(n, (enc >>> lsb) & ((1 << w) - 1));
    out.end();
    out.u64("value", u32At(regs, 2), u32At(regs, 6));
  } else if (!names || regs.length !== CONTEXT_SIZES[type]) out.ascii("data", toBase64(regs));
  else {
    if (cut) out.ascii("data", toBase64(regs));
    let at = 0;
    for (let i = 0; i < names.length; i++) {
      const nw = names[i]!;
      if (nw[1] === 4) out.num(nw[0], u32At(regs, at));
      else out.u64(nw[0], u32At(regs, at), u32At(regs, at + 4));
      at += nw[1];
    }
  }
  out.end();
}

function registersFromJson(type: number, size: number, r: JsonReader): Uint8Array {
  if (r.has("data")) return r.base64("data");
  const names = CONTEXT_REGISTERS[type];
  const out = new Uint8Array(size);
  if (type === 8 && size === MISC_CONTEXT_SIZE) {
    const e = r.optObj("mrsEncoding");
    let enc = 0;
    if (e) for (const [n, lsb, w] of MRS_ENCODING) enc |= e.optUint(n, w) << lsb;
    const view = new DataView(out.buffer);
    view.setUint16(0, enc, true);
    view.setBigUint64(2, r.optU64("value"), true);
    return out;
  }
  if (!names) return out;
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [n, w] of names) {
    if (at + w > size) break;
    if (w === 4) view.setUint32(at, r.optUint(n, 32), true);
    else view.setBigUint64(at, r.optU64(n), true);
    at += w;
  }
  return out;
}

export function armMessage(v: ArmSection, opts: SectionDecodeOptions): string {
  const parts = v.errorInfo.map((e) => {
    const names = armTypeNames(e.Type, opts.armType);
    let s = names.libcperName;
    // libcper's wording: the VA (bit 3) then the PA (bit 4), each 0x%llX (not zero-padded).
    if (bitSet(e.ValidationBits, 3)) s += ` at Virtual Addr=0x${e.VirtualFaultAddress.toString(16).toUpperCase()}`;
    if (bitSet(e.ValidationBits, 4)) s += ` Physical Addr=0x${e.PhysicalFaultAddress.toString(16).toUpperCase()}`;
    return s;
  });
  let m = "An ARM Processor Error occurred";
  if (bitSet(v.fields.ValidationBits, 0)) m += ` on CPU ${Number((v.fields.MPIDR_EL1 >> 32n) & 0xffn)}`;
  return parts.length ? `${m}; Error Type(s): {${parts.join(", ")}}` : m;
}

const READINGS: readonly SectionDecodeOptions["armType"][] = ["uefi", "legacy", "libcper"];
/** errorType {value, name} by Type byte (bits 7:0) and reading (bits 9:8, READINGS' order). */
const ERROR_TYPE = new Fragments((out, key, id) => {
  out.begin(key);
  out.num("value", id & 0xff);
  out.str("name", armTypeNames(id & 0xff, READINGS[id >> 8] ?? "uefi").libcperName);
  out.end();
});
const MULTIPLE_ERROR = new Fragments((out, key, n) => {
  out.begin(key);
  out.num("value", n);
  out.ascii("type", n === 0 ? "Single Error" : "Multiple Errors");
  out.end();
});

// ---- the header, declared (contract.ts) ----------------------------------------

// libcper's header members (cper_section_arm_to_ir), read with JsonReader's rules (absent → 0).
const at = (j: Record<string, unknown>, p: string): JsonReader => JsonReader.of(j, p);
const INT = asReaderInt();
/** libcper reads ErrorAffinityLevel as a UINT32 (with the 3 reserved bytes) and names values < 4 "Vendor Defined". */
const ERROR_AFFINITY = group("errorAffinity", ["Reserved"], {
  write: (out, key, f) => {
    const r = f.Reserved as Uint8Array;
    const lvl = f.ErrorAffinityLevel + r[0]! * 0x100 + r[1]! * 0x10000 + r[2]! * 0x1000000;
    out.begin(key);
    out.num("value", lvl);
    out.ascii("type", lvl < 4 ? "Vendor Defined" : "Reserved");
    out.end();
  },
  read: (j, key, p) => {
    const lv = at(j, p).obj(key).uint("value", 32);
    return { ErrorAffinityLevel: lv & 0xff, Reserved: Uint8Array.of((lv >>> 8) & 0xff, (lv >>> 16) & 0xff, lv >>> 24) };
  },
  text: (f) => `${f.ErrorAffinityLevel}`,
});
/** mpidrEl1, then libcper's affinity3 (MPIDR_EL1 bits 39:32). */
const MPIDR: JsonForm = asForm<bigint>({
  write: (out, key, x) => {
    out.int(key, x);
    out.num("affinity3", Number((x >> 32n) & 0xffn));
  },
  read: (j, key, p) => at(j, p).optU64(key),
  text: (x) => `0x${x.toString(16).padStart(16, "0")}`,
});
/** running: RunningState bit 0. */
const RUNNING: JsonForm = asForm<number>({
  write: (out, key, x) => out.bool(key, (x & 1) === 1),
  read: (j, key, p) => (at(j, p).bool(key) ? 1 : 0),
  text: (x) => (x & 1 ? "running" : "not running"),
});
const HEADER_MEMBERS: Partial<Record<keyof (typeof ArmProcessorHeader)["fields"], LibField>> = {
  ErrInfoNum: lib("errorInfoNum", INT),
  ContextInfoNum: lib("contextInfoNum", INT),
  SectionLength: lib("sectionLength", INT),
  ErrorAffinityLevel: ERROR_AFFINITY,
  MPIDR_EL1: lib("mpidrEl1", MPIDR),
  MIDR_EL1: lib("midrEl1", INT),
  RunningState: lib("running", RUNNING),
  PSCIState: lib("psciState", INT),
};
/** Table N-16 (layouts/arm.ts) with libcper's member beside each field. */
const ArmHeaderDeclared = struct(
  ArmProcessorHeader.name,
  ArmProcessorHeader.size,
  Object.fromEntries(Object.entries(ArmProcessorHeader.fields).map(([k, f]) => [k, HEADER_MEMBERS[k as keyof typeof HEADER_MEMBERS] ? { ...f, json: HEADER_MEMBERS[k as keyof typeof HEADER_MEMBERS] } : f])) as (typeof ArmProcessorHeader)["fields"],
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.4.4 Table N-16" },
);

/** The composite members after the header: errorInfo[], contextInfo[], vendorSpecificInfo (cper_section_arm_to_ir). */
function armWriteMore(v: ArmSection, opts: SectionDecodeOptions, out: JsonOut): void {
  out.beginArray("errorInfo");
  for (const e of v.errorInfo) {
    const evb = e.ValidationBits;
    out.begin();
    out.num("version", e.Version);
    out.num("length", e.Length);
    out.fragment("errorType", ERROR_TYPE, e.Type | (READINGS.indexOf(opts.armType) << 8));
    if (evb & 1) out.fragment("multipleError", MULTIPLE_ERROR, e.MultipleError);
    if (evb & 2) writeFlags32(out, "flags", e.Flags, INFO_FLAGS);
    if (evb & 4) {
      const kind = infoKind(e.Type, opts);
      out.begin("errorInformation");
      if (kind) writeErrorInformation(out, kind, e.ErrorInformation, kind);
      else out.int("data", e.ErrorInformation);
      out.end();
    }
    if (evb & 8) out.int("virtualFaultAddress", e.VirtualFaultAddress);
    if (evb & 16) out.int("physicalFaultAddress", e.PhysicalFaultAddress);
    out.end();
  }
  out.endArray();
  out.beginArray("contextInfo");
  for (const c of v.contexts) {
    out.begin();
    out.num("version", c.header.Version);
    writeEnum(out, "registerContextType", c.header.RegisterContextType, CONTEXT_TYPE_NAMES);
    out.num("registerArraySize", c.header.RegisterArraySize);
    writeRegisters(out, "registerArray", c.header.RegisterContextType, c.registers, c.header.RegisterArraySize);
    out.end();
  }
  out.endArray();
  if (v.vendor.length > 0) {
    out.begin("vendorSpecificInfo");
    out.ascii("data", toBase64(v.vendor));
    out.end();
  }
}

/**
 * The composite members read back into the value the declared header members gave: the arrays and
 * vendor bytes, the validation bits from the members present (bit 3 from the vendor bytes), and the
 * counts and length from the arrays where the JSON leaves them out.
 */
function armFromLibMore(v: ArmSection, json: JsonObj, path: string): ArmSection {
  const r = JsonReader.of(json, path);
  const infos = r.has("errorInfo") ? r.arr("errorInfo") : [];
  const ctxs = r.has("contextInfo") ? r.arr("contextInfo") : [];
  const vendor = r.has("vendorSpecificInfo") ? r.obj("vendorSpecificInfo").base64("data") : NO_BYTES;
  const vb = (r.has("mpidrEl1") ? 1 : 0) | (r.has("errorAffinity") ? 2 : 0) | (r.has("running") ? 4 : 0) | (vendor.length > 0 ? 8 : 0);
  const errorInfo = infos.map((_, i) => {
    const e = r.at(i, "errorInfo");
    let evb = 0;
    const type = e.enumValue("errorType", 8);
    if (e.has("multipleError")) evb |= 1;
    let flags = 0;
    if (e.has("flags")) {
      evb |= 2;
      const f = e.obj("flags");
      for (const [n, b] of INFO_FLAGS) if (f.optBool(n)) flags |= 1 << b;
    }
    let info = 0n;
    if (e.has("errorInformation")) {
      evb |= 4;
      const ei = e.obj("errorInformation");
      info = ei.has("data") ? ei.u64("data") : errorInformationFromJson(ei);
    }
    if (e.has("virtualFaultAddress")) evb |= 8;
    if (e.has("physicalFaultAddress")) evb |= 16;
    return {
      Version: e.optUint("version", 8),
      Length: e.optUint("length", 8, 32),
      ValidationBits: evb,
      Type: type,
      MultipleError: e.has("multipleError") ? e.obj("multipleError").uint("value", 16) : 0,
      Flags: flags,
      ErrorInformation: info,
      VirtualFaultAddress: e.optU64("virtualFaultAddress"),
      PhysicalFaultAddress: e.optU64("physicalFaultAddress"),
    };
  });
  const contexts = ctxs.map((_, i) => {
    const c = r.at(i, "contextInfo");
    const type = c.enumValue("registerContextType", 16);
    const size = c.optUint("registerArraySize", 32, CONTEXT_SIZES[type] ?? 0);
    // Without "data" the registers are the type's named ones, zero-filled to the size: bounded like every
    // other zero fill of cper encode (at most 4096 bytes past what the JSON states), never gigabytes.
    const named = type === 8 ? MISC_CONTEXT_SIZE : (CONTEXT_SIZES[type] ?? 0);
    if (!c.obj("registerArray").has("data") && size > named + MAX_ZERO_FILL) {
      throw new JsonPathError(`${c.path}.registerArraySize`, `${size} bytes of registers with no "data": more than ${MAX_ZERO_FILL} bytes of zeros past the ${named} the registers name (give the bytes as registerArray.data)`);
    }
    return { header: { Version: c.optUint("version", 16), RegisterContextType: type, RegisterArraySize: size }, registers: registersFromJson(type, size, c.obj("registerArray")) };
  });
  let length = 40 + 32 * errorInfo.length + vendor.length;
  for (const c of contexts) length += 8 + c.registers.length;
  const f = v.fields;
  const fields: ArmProcessorHeader = {
    ...f,
    ValidationBits: vb,
    ErrInfoNum: r.has("errorInfoNum") ? f.ErrInfoNum : errorInfo.length,
    ContextInfoNum: r.has("contextInfoNum") ? f.ContextInfoNum : contexts.length,
    SectionLength: r.has("sectionLength") ? f.SectionLength : length,
  };
  return { fields, errorInfo, contexts, vendor };
}

// ---- lint ----------------------------------------------------------------------

export function armLint(v: ArmSection, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const spec = "UEFI 2.10 N.2.4.4";
  if (v.fields.SectionLength !== body.length) out.push({ severity: "error", offset: 8, field: "ArmProcessorError.SectionLength", message: `SectionLength ${v.fields.SectionLength}, the section has ${body.length} bytes`, spec: `${spec} Table N-16` });
  if (v.fields.ValidationBits >>> 4 !== 0) out.push({ severity: "warning", offset: 0, field: "ArmProcessorError.ValidationBits", message: `reserved validation bits set (0x${v.fields.ValidationBits.toString(16)})`, spec: `${spec} Table N-16` });
  if (v.fields.Reserved.some((b) => b !== 0)) out.push({ severity: "warning", offset: 13, field: "ArmProcessorError.Reserved", message: "reserved bytes after ErrorAffinityLevel are not zero", spec: `${spec} Table N-16` });
  if (v.errorInfo.length !== v.fields.ErrInfoNum) out.push({ severity: "error", offset: 4, field: "ArmProcessorError.ErrInfoNum", message: `ErrInfoNum ${v.fields.ErrInfoNum}, ${v.errorInfo.length} entries fit`, spec: `${spec} Table N-16` });
  if (v.fields.ErrInfoNum === 0) out.push({ severity: "error", offset: 4, field: "ArmProcessorError.ErrInfoNum", message: "ErrInfoNum must be at least 1", spec: `${spec} Table N-16` });
  v.errorInfo.forEach((e, i) => {
    const at = 40 + 32 * i;
    if (e.Length !== 32) out.push({ severity: "error", offset: at + 1, field: `ErrorInformation[${i}].Length`, message: `Length ${e.Length}, must be 32`, spec: `${spec}.1 Table N-17` });
    if (e.ValidationBits >>> 5 !== 0) out.push({ severity: "warning", offset: at + 2, field: `ErrorInformation[${i}].ValidationBits`, message: "reserved validation bits set", spec: `${spec}.1 Table N-17` });
    if (legacyLooking(e.Type)) out.push({ severity: "warning", offset: at + 4, field: `ErrorInformation[${i}].Type`, message: `Type 0x${e.Type.toString(16).padStart(2, "0")} looks like the legacy enum; UEFI 2.9A+ uses bit 1 cache, 2 TLB, 3 bus, 4 micro-architectural`, spec: "UEFI 2.9A errata, Table N-17" });
    else if ((e.Type & ~0x1e) !== 0) out.push({ severity: "warning", offset: at + 4, field: `ErrorInformation[${i}].Type`, message: `reserved Type bits set (0x${e.Type.toString(16)})`, spec: "UEFI 2.10 Table N-17" });
  });
  return out;
}

/** Whether libcper's keys carry every byte of the section under this Type reading (no "_armras" patch needed). */
export function armLossless(v: ArmSection, opts: SectionDecodeOptions): boolean {
  const h = v.fields;
  const vb = h.ValidationBits;
  if (vb >>> 4 !== 0 || ((vb & 8) !== 0) !== v.vendor.length > 0) return false;
  if (!(vb & 2) && (h.ErrorAffinityLevel !== 0 || h.Reserved.some((x) => x !== 0))) return false;
  if (!(vb & 1) && h.MPIDR_EL1 !== 0n) return false;
  if (vb & 4 ? h.RunningState > 1 : h.RunningState !== 0) return false;
  for (const e of v.errorInfo) {
    const evb = e.ValidationBits;
    if (evb >>> 5 !== 0) return false;
    if (!(evb & 1) && e.MultipleError !== 0) return false;
    if (evb & 2 ? e.Flags >>> 4 !== 0 : e.Flags !== 0) return false;
    if (!(evb & 8) && e.VirtualFaultAddress !== 0n) return false;
    if (!(evb & 16) && e.PhysicalFaultAddress !== 0n) return false;
    if (!(evb & 4)) {
      if (e.ErrorInformation !== 0n) return false;
    } else {
      const kind = infoKind(e.Type, opts);
      if (kind !== undefined && kind !== "microarchitecturalError" && errorInformationProject(e.ErrorInformation, kind) !== e.ErrorInformation) return false;
    }
  }
  return true;
}

/** What libcper's JSON alone rebuilds (fromLib(toLib(v))), computed on the value. */
/** Exported for the property test: errorInformationProject against the JSON round trip it replaces. */
export const _errorInformationForTest = { json: (info: bigint, kind: string) => membersOf((out) => writeErrorInformation(out, kind, info, kind))[kind] as JsonObj, fromJson: (kind: string, o: JsonObj) => errorInformationFromJson(JsonReader.of({ [kind]: o }, "")), project: errorInformationProject };

/** A context whose registers were cut short by the section end: libcper's JSON rebuilds RegisterArraySize bytes, so the lengths differ (generic path). */
function truncatedContext(v: ArmSection): boolean {
  for (let i = 0; i < v.contexts.length; i++) if (v.contexts[i]!.registers.length !== v.contexts[i]!.header.RegisterArraySize) return true;
  return false;
}

export function armProject(v: ArmSection, opts: SectionDecodeOptions): ArmSection | undefined {
  if (truncatedContext(v)) return undefined;
  const h = v.fields;
  const vb = h.ValidationBits;
  const header: ArmProcessorHeader = {
    ...h,
    ValidationBits: (vb & 7) | (v.vendor.length > 0 ? 8 : 0),
    ErrorAffinityLevel: vb & 2 ? h.ErrorAffinityLevel : 0,
    Reserved: vb & 2 ? h.Reserved : new Uint8Array(3),
    MPIDR_EL1: vb & 1 ? h.MPIDR_EL1 : 0n,
    RunningState: vb & 4 ? h.RunningState & 1 : 0,
    PSCIState: h.RunningState >>> 31 === 0 ? h.PSCIState : 0,
  };
  const errorInfo = v.errorInfo.map((e) => {
    const evb = e.ValidationBits;
    let info = 0n;
    if (evb & 4) {
      const kind = infoKind(e.Type, opts);
      info = kind === undefined || kind === "microarchitecturalError" ? e.ErrorInformation : errorInformationProject(e.ErrorInformation, kind);
    }
    return {
      ...e,
      ValidationBits: evb & 0x1f,
      MultipleError: evb & 1 ? e.MultipleError : 0,
      Flags: evb & 2 ? e.Flags & 0xf : 0,
      ErrorInformation: info,
      VirtualFaultAddress: evb & 8 ? e.VirtualFaultAddress : 0n,
      PhysicalFaultAddress: evb & 16 ? e.PhysicalFaultAddress : 0n,
    };
  });
  return { fields: header, errorInfo, contexts: v.contexts, vendor: v.vendor };
}

/**
 * The "_armras" object of armProject's diff, computed field by field (Tables N-16,
 * N-17 offsets) against what libcper's JSON keeps: no encode, no byte diff.
 */
export function armDirect(v: ArmSection, opts: SectionDecodeOptions): Record<string, unknown> | undefined | null {
  if (truncatedContext(v)) return null;
  const h = v.fields;
  const vb = h.ValidationBits;
  const p = new PatchBuilder(v, undefined);
  p.int(0, 4, vb, (vb & 7) | (v.vendor.length > 0 ? 8 : 0));
  p.int(4, 2, h.ErrInfoNum, h.ErrInfoNum);
  p.int(6, 2, h.ContextInfoNum, h.ContextInfoNum);
  p.int(8, 4, h.SectionLength, h.SectionLength);
  const res = h.Reserved;
  const lvl = h.ErrorAffinityLevel | (res[0]! << 8) | (res[1]! << 16) | (res[2]! << 24);
  p.int(12, 4, lvl, vb & 2 ? lvl : 0);
  p.u64(16, h.MPIDR_EL1, vb & 1 ? h.MPIDR_EL1 : 0n);
  p.u64(24, h.MIDR_EL1, h.MIDR_EL1);
  p.int(32, 4, h.RunningState, vb & 4 ? h.RunningState & 1 : 0);
  p.int(36, 4, h.PSCIState, h.RunningState >>> 31 === 0 ? h.PSCIState : 0);
  let at = 40;
  const infos = v.errorInfo;
  for (let i = 0; i < infos.length; i++) {
    const e = infos[i]!;
    const evb = e.ValidationBits;
    p.int(at, 2, e.Version | (e.Length << 8), e.Version | (e.Length << 8));
    p.int(at + 2, 2, evb, evb & 0x1f);
    p.int(at + 4, 1, e.Type, e.Type);
    p.int(at + 5, 2, e.MultipleError, evb & 1 ? e.MultipleError : 0);
    p.int(at + 7, 1, e.Flags, evb & 2 ? e.Flags & 0xf : 0);
    let info = 0n;
    if (evb & 4) {
      const kind = infoKind(e.Type, opts);
      info = kind === undefined || kind === "microarchitecturalError" ? e.ErrorInformation : errorInformationProject(e.ErrorInformation, kind);
    }
    p.u64(at + 8, e.ErrorInformation, info);
    p.u64(at + 16, e.VirtualFaultAddress, evb & 8 ? e.VirtualFaultAddress : 0n);
    p.u64(at + 24, e.PhysicalFaultAddress, evb & 16 ? e.PhysicalFaultAddress : 0n);
    at += 32;
  }
  for (let i = 0; i < v.contexts.length; i++) {
    const c = v.contexts[i]!;
    p.int(at, 4, c.header.Version | (c.header.RegisterContextType << 16), c.header.Version | (c.header.RegisterContextType << 16));
    p.int(at + 4, 4, c.header.RegisterArraySize, c.header.RegisterArraySize);
    p.bytes(at + 8, c.registers, false);
    at += 8 + c.registers.length;
  }
  p.bytes(at, v.vendor, false);
  return p.finish(undefined);
}

/** The section around the declared header: error information entries, context structures, vendor bytes (decodeArm/encodeArm). */
const ARM_BODY: BodyKind<(typeof ArmProcessorHeader)["fields"], ArmSection> = {
  decode: (_s, body) => decodeArm(body),
  encode: (_s, v) => encodeArm(v),
  // The projection is armProject / armDirect (below): these two serve only the derived one, unused here.
  project: (v) => v,
  keepsRest: () => false,
  fromFields: (fields) => ({ fields, errorInfo: [], contexts: [], vendor: NO_BYTES }),
};

export const armCodec: DeclaredCodec<(typeof ArmProcessorHeader)["fields"], ArmSection> = declareSection<(typeof ArmProcessorHeader)["fields"], ArmSection>({
  key: "arm",
  guid: ARM_GUID,
  name: "ARM Processor Error",
  libcperKey: "ArmProcessor",
  libcperTypeName: "ARM",
  linuxName: "ARM processor error",
  message: "An ARM Processor Error occurred",
  messageOf: armMessage,
  layout: ArmHeaderDeclared,
  spec: "UEFI 2.10 N.2.4.4 Table N-16",
  body: ARM_BODY,
  // Bit 3 (VendorSpecificInfo) is carried by the vendorSpecificInfo member (writeMore).
  moreValidBits: [3],
  // libcper prints psciState unless RunningState bit 31 is set, whatever bit 2 says.
  gate: { PSCIState: (_w, v) => v.fields.RunningState >>> 31 === 0 },
  writeMore: armWriteMore,
  fromLibMore: armFromLibMore,
  // The header, entries and contexts projected together, per Type reading (Tables N-16, N-17).
  projection: { lossless: armLossless, project: armProject, direct: armDirect },
  // Patches name no fields (the section's "_armras" predates field names).
  unlocated: true,
  renderLinux: (v, opts) => armRenderLinux(encodeArm(v), opts),
  renderText: (v, opts) => armRenderText(v, opts),
  lint: armLint,
  ownLint: true,
});

function armRenderText(v: ArmSection, opts: SectionDecodeOptions): string[] {
  const h = v.fields;
  const lines = [`MIDR_EL1 0x${h.MIDR_EL1.toString(16).padStart(16, "0")}`];
  if (bitSet(h.ValidationBits, 0)) lines.push(`MPIDR_EL1 0x${h.MPIDR_EL1.toString(16).padStart(16, "0")} (Aff3 ${(h.MPIDR_EL1 >> 32n) & 0xffn}, Aff2 ${(h.MPIDR_EL1 >> 16n) & 0xffn}, Aff1 ${(h.MPIDR_EL1 >> 8n) & 0xffn}, Aff0 ${h.MPIDR_EL1 & 0xffn})`);
  if (bitSet(h.ValidationBits, 2)) lines.push(`processor ${h.RunningState & 1 ? "running" : `not running, PSCI state 0x${h.PSCIState.toString(16)}`}`);
  v.errorInfo.forEach((e, i) => {
    const n = armTypeNames(e.Type, opts.armType);
    lines.push(`error ${i}: ${n.text} (Type byte 0x${e.Type.toString(16).padStart(2, "0")}, read as ${opts.armType})${bitSet(e.ValidationBits, 0) ? `, ${e.MultipleError === 0 ? "single error" : `${e.MultipleError + 1} errors`}` : ""}`);
    if (bitSet(e.ValidationBits, 4)) lines.push(`  physical address 0x${e.PhysicalFaultAddress.toString(16)}`);
    if (bitSet(e.ValidationBits, 3)) lines.push(`  virtual address 0x${e.VirtualFaultAddress.toString(16)}`);
    if (bitSet(e.ValidationBits, 2)) {
      const info = e.ErrorInformation;
      const valid = (k: keyof typeof ARM_ERROR_INFO) => ((info >> BigInt(ARM_ERROR_INFO_VALID[k])) & 1n) === 1n;
      if (valid("Corrected")) lines.push(`  ${extract(info, ARM_ERROR_INFO.Corrected) ? "corrected" : "not corrected"}`);
      if (valid("ProcessorContextCorrupt")) lines.push(`  processor context ${extract(info, ARM_ERROR_INFO.ProcessorContextCorrupt) ? "corrupted" : "intact"}`);
      if (valid("Level")) lines.push(`  level ${extract(info, ARM_ERROR_INFO.Level)}`);
    }
  });
  v.contexts.forEach((c) => lines.push(`context: ${CONTEXT_TYPE_NAMES[c.header.RegisterContextType] ?? `type ${c.header.RegisterContextType}`}, ${c.registers.length} bytes`));
  if (v.vendor.length) lines.push(`${v.vendor.length} vendor-specific byte(s)`);
  return lines;
}

export { fromBase64 };
