// IA32/X64 Processor Error Section codec (UEFI 2.10 N.2.4.2). The counts of
// error-information and context structures live in the section's validation
// bits; both are bounded by the body (never allocated from the count).

import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { extract, hi32, insert, lo32, splitU64, u32At } from "../../arch/bits.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import { readStruct, viewOf, writeStruct, type Decoded, type Struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import {
  CHECK_FIELDS,
  CHECK_VALID_BITS,
  CONTEXT_TYPES,
  ERROR_TYPES,
  errorKind,
  HEADER_BITS,
  HEADER_RESERVED,
  Ia32RegisterState,
  Ia32x64ContextHeader,
  Ia32x64ErrorInfo,
  Ia32x64Header,
  LINUX_CONTEXT_TYPES,
  LIBCPER_CONTEXT_TYPES,
  SPEC,
  X64RegisterState,
} from "./ia32x64-layout.js";
import { PatchBuilder } from "../json/patches.js";
import { guidToBytes } from "../../layout/guid.js";
import { Fragments, writeEnum, type JsonOut } from "../json/writer.js";
import { bitSet as bit, JsonPathError, JsonReader, toBase64 as b64, type JsonObject } from "../json/reader.js";
import { linuxHexDump } from "../render/hexdump.js";
import { decodeFlat, declareSection, encodeFlat, lintFlat, locateFlat, type BodyKind } from "./contract.js";

export type Ia32x64ErrorInfoValue = Decoded<typeof Ia32x64ErrorInfo>;
export interface Ia32x64Context {
  readonly header: Decoded<typeof Ia32x64ContextHeader>;
  readonly registers: Uint8Array;
}
export interface Ia32x64Section {
  /** The 64-byte section header (the declared structure). */
  readonly fields: Decoded<typeof Ia32x64Header>;
  readonly errorInfo: readonly Ia32x64ErrorInfoValue[];
  readonly contexts: readonly Ia32x64Context[];
  /** Bytes after the last context structure (or an incomplete structure), kept verbatim. */
  readonly trailing: Uint8Array;
  /** Set when the body is shorter than the 64-byte header. */
  readonly length?: number;
}


function decode(body: Uint8Array): Result<Ia32x64Section> {
  const head = decodeFlat(Ia32x64Header, body);
  if (!head.ok) return head;
  const warnings: Warning[] = [...head.warnings];
  const header = head.value.fields;
  if (head.value.length !== undefined) return ok({ fields: header, errorInfo: [], contexts: [], trailing: NO_BYTES, length: head.value.length }, warnings);
  const dv = viewOf(body);
  const n = Number(extract(header.ValidationBits, HEADER_BITS.ErrorInfoNum));
  const m = Number(extract(header.ValidationBits, HEADER_BITS.ContextInfoNum));
  const errorInfo: Ia32x64ErrorInfoValue[] = [];
  let p = 64;
  for (let i = 0; i < n; i++, p += 64) {
    if (p + 64 > body.length) {
      warnings.push({ code: "count-overrun", field: `ProcessorErrorInfo[${i}]`, offset: p, message: `ERROR_INFO_NUM is ${n}, but only ${i} error information structure(s) fit in the ${body.length}-byte section` });
      break;
    }
    errorInfo.push(readStruct(Ia32x64ErrorInfo, body, dv, p));
  }
  const contexts: Ia32x64Context[] = [];
  if (errorInfo.length === n) {
    for (let i = 0; i < m; i++) {
      if (p + 16 > body.length) {
        warnings.push({ code: "count-overrun", field: `ProcessorContextInfo[${i}]`, offset: p, message: `CONTEXT_INFO_NUM is ${m}, but only ${i} context structure(s) fit in the ${body.length}-byte section` });
        break;
      }
      const h = readStruct(Ia32x64ContextHeader, body, dv, p);
      if (p + 16 + h.RegisterArraySize > body.length) {
        warnings.push({
          code: "bad-length",
          field: `ProcessorContextInfo[${i}].RegisterArraySize`,
          offset: p + 2,
          message: `register array of ${h.RegisterArraySize} bytes runs past the section end (${body.length - p - 16} bytes left); kept as trailing bytes`,
        });
        break;
      }
      contexts.push({ header: h, registers: copyOf(body, p + 16, p + 16 + h.RegisterArraySize) });
      p += 16 + h.RegisterArraySize;
    }
  }
  if (p < body.length && errorInfo.length === n && contexts.length === m) {
    warnings.push({ code: "trailing-bytes", field: "Ia32x64ProcessorError", offset: p, message: `${body.length - p} byte(s) after the last context structure (kept)` });
  }
  return ok({ fields: header, errorInfo, contexts, trailing: copyOf(body, p) }, warnings);
}

function encode(v: Ia32x64Section): Uint8Array {
  const head = encodeFlat(Ia32x64Header, { fields: v.fields, trailing: NO_BYTES, ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  let size = 64 + 64 * v.errorInfo.length + v.trailing.length;
  for (const c of v.contexts) size += 16 + c.registers.length;
  const out = new Uint8Array(size);
  out.set(head);
  let p = 64;
  v.errorInfo.forEach((e, i) => {
    writeStruct(Ia32x64ErrorInfo, e, out, p, `ProcessorErrorInfo[${i}]`);
    p += 64;
  });
  v.contexts.forEach((c, i) => {
    writeStruct(Ia32x64ContextHeader, c.header, out, p, `ProcessorContextInfo[${i}]`);
    out.set(c.registers, p + 16);
    p += 16 + c.registers.length;
  });
  out.set(v.trailing, p);
  return out;
}

// ---- JSON ------------------------------------------------------------------

/** Bits [lsb, lsb + width) of a 64-bit word given as its two uint32 halves (width <= 31). */
function bitsOf(lo: number, hi: number, lsb: number, width: number): number {
  const mask = 2 ** width - 1;
  if (lsb >= 32) return (hi >>> (lsb - 32)) & mask;
  if (lsb + width <= 32) return (lo >>> lsb) & mask;
  return ((lo >>> lsb) | (hi << (32 - lsb))) & mask;
}

function writeCheckInfo(out: JsonOut, kind: keyof typeof CHECK_FIELDS, check: bigint): void {
  // The word as two uint32 halves (no BigInt per field); the validation bits are 15:0 (CHECK_VALID_BITS).
  splitU64(check);
  const lo = lo32();
  const hi = hi32();
  const valid = bitsOf(lo, hi, CHECK_VALID_BITS.lsb, CHECK_VALID_BITS.width);
  out.begin("checkInfo");
  for (const f of CHECK_FIELDS[kind]) {
    if (((valid >> f.valid) & 1) === 0) continue;
    const x = bitsOf(lo, hi, f.bits.lsb, f.bits.width);
    const names = f.libcperNames ?? f.names;
    if (f.bool) out.bool(f.json, x === 1);
    else if (names) writeEnum(out, f.json, x, names as unknown as Readonly<Record<number, string>>, "name", f.libcperUnknown ?? "Unknown (Reserved)");
    else out.num(f.json, x);
  }
  out.end();
}

function checkInfoFromJson(kind: keyof typeof CHECK_FIELDS, o: JsonReader): bigint {
  let check = 0n;
  let valid = 0;
  for (const f of CHECK_FIELDS[kind]) {
    if (!o.has(f.json)) continue;
    valid |= 1 << f.valid;
    const x = f.bool ? (o.libBool(f.json) ? 1 : 0) : f.names ? o.libPair(f.json, f.bits.width) : o.libUint(f.json, f.bits.width);
    check = insert(check, f.bits, BigInt(x));
  }
  return insert(check, CHECK_VALID_BITS, BigInt(valid));
}

/** The register state a context type declares (types 2 and 3), as a plain Struct. */
function registerState(type: number): Struct | undefined {
  return (type === 2 ? Ia32RegisterState : type === 3 ? X64RegisterState : undefined) as Struct | undefined;
}

/** A register state's printed fields as [name, offset, bytes] (reserved fields left out), read straight from the bytes. */
type RegisterPlan = readonly (readonly [name: string, at: number, size: number])[];
const PLANS = new Map<number, RegisterPlan>();
function planOf(type: number, s: Struct): RegisterPlan {
  let plan = PLANS.get(type);
  if (plan === undefined) {
    plan = s.order.filter((k) => s.fields[k]!.type.kind !== "reserved").map((k) => [k, s.fields[k]!.at, s.fields[k]!.type.size] as const);
    PLANS.set(type, plan);
  }
  return plan;
}

function writeRegisters(out: JsonOut, c: Ia32x64Context): void {
  const s = registerState(c.header.RegisterContextType);
  out.begin("registerArray");
  if (s === undefined || c.registers.length < s.size) out.ascii("data", b64(c.registers));
  else {
    // The words as readStruct + jsonInt would give them, read from the bytes (no BigInt or DataView).
    const r = c.registers;
    const plan = planOf(c.header.RegisterContextType, s);
    for (let i = 0; i < plan.length; i++) {
      const e = plan[i]!;
      const at = e[1];
      const size = e[2];
      if (size === 8) out.u64(e[0], u32At(r, at), u32At(r, at + 4));
      else out.num(e[0], size === 4 ? u32At(r, at) : size === 2 ? r[at]! | (r[at + 1]! << 8) : r[at]!);
    }
  }
  out.end();
}

function registersFromJson(type: number, size: number, o: JsonReader): Uint8Array {
  if (o.has("data")) return o.libBase64("data", size);
  const s = registerState(type);
  if (s === undefined) throw new JsonPathError(o.path, `context type ${type} carries its registers as {"data": base64}`);
  const out = new Uint8Array(Math.max(size, s.size));
  const value: Record<string, unknown> = {};
  for (const k of s.order) {
    const f = s.fields[k]!;
    if (f.type.kind === "reserved") continue;
    const x = o.libU64(k, f.type.size * 8);
    value[k] = f.type.kind === "u64" ? x : Number(x);
  }
  writeStruct(s, value as never, out, 0, o.path);
  return out.slice(0, size);
}

// libcper's members (cper_section_ia32x64_to_ir): the header's are declared on Ia32x64Header
// (ia32x64-layout.ts; the two counts are bits of the validation word); the error-information and
// context arrays follow, written and read by hand.

const ERROR_TYPE_JSON = new Fragments((out, key, i) => {
  out.begin(key);
  out.ascii("guid", ERROR_TYPES[i]!.guid);
  out.ascii("name", ERROR_TYPES[i]!.libcper);
  out.end();
});

/** The error-information and context arrays, after the header's members. */
function writeArrays(v: Ia32x64Section, out: JsonOut): void {
  out.beginArray("processorErrorInfo");
  for (const e of v.errorInfo) {
    const ti = ERROR_TYPES.findIndex((x) => x.guid === e.ErrorStructureType);
    const kind = ti < 0 ? undefined : ERROR_TYPES[ti]!.kind;
    out.begin();
    // {guid, name}: one fragment per known error structure type.
    if (ti >= 0) out.fragment("type", ERROR_TYPE_JSON, ti);
    else {
      out.begin("type");
      out.ascii("guid", e.ErrorStructureType);
      out.ascii("name", "Unknown Check Info");
      out.end();
    }
    const evb = e.ValidationBits;
    if (bit(evb, 0)) {
      if (kind) writeCheckInfo(out, kind, e.CheckInfo);
      else {
        out.begin("checkInfo");
        out.int("raw", e.CheckInfo);
        out.end();
      }
    }
    if (bit(evb, 1)) out.int("targetAddressID", e.TargetId);
    if (bit(evb, 2)) out.int("requestorID", e.RequestorId);
    if (bit(evb, 3)) out.int("responderID", e.ResponderId);
    if (bit(evb, 4)) out.int("instructionPointer", e.InstructionPointer);
    out.end();
  }
  out.endArray();
  out.beginArray("processorContextInfo");
  for (const c of v.contexts) {
    out.begin();
    writeEnum(out, "registerContextType", c.header.RegisterContextType, LIBCPER_CONTEXT_TYPES, "name", "Unknown (Reserved)");
    out.num("registerArraySize", c.header.RegisterArraySize);
    out.num("msrAddress", c.header.MsrAddress);
    out.int("mmRegisterAddress", c.header.MmRegisterAddress);
    writeRegisters(out, c);
    out.end();
  }
  out.endArray();
}

/** The arrays read into the header the declared members gave; the counts are the JSON's, else the arrays' lengths. */
function readArrays(v: Ia32x64Section, json: Record<string, unknown>, p: string): Ia32x64Section {
  const j = new JsonReader(json as JsonObject, p);
  const infos = j.has("processorErrorInfo") ? j.arr("processorErrorInfo") : [];
  const ctxs = j.has("processorContextInfo") ? j.arr("processorContextInfo") : [];
  let vb = v.fields.ValidationBits;
  vb = insert(vb, HEADER_BITS.ErrorInfoNum, BigInt(j.has("processorErrorInfoNum") ? j.libUint("processorErrorInfoNum", 6) : infos.length));
  vb = insert(vb, HEADER_BITS.ContextInfoNum, BigInt(j.has("processorContextInfoNum") ? j.libUint("processorContextInfoNum", 6) : ctxs.length));
  const errorInfo = infos.map((_, i): Ia32x64ErrorInfoValue => {
    const e = j.at(i, "processorErrorInfo");
    const g = e.obj("type").libGuid("guid");
    const kind = errorKind(g);
    let evb = 0n;
    let check = 0n;
    if (e.has("checkInfo")) {
      evb |= 1n;
      const c = e.obj("checkInfo");
      check = kind ? checkInfoFromJson(kind, c) : c.libU64("raw");
    }
    const u = (k: string, n: number): bigint => (e.has(k) ? ((evb |= 1n << BigInt(n)), e.libU64(k)) : 0n);
    const TargetId = u("targetAddressID", 1);
    const RequestorId = u("requestorID", 2);
    const ResponderId = u("responderID", 3);
    const InstructionPointer = u("instructionPointer", 4);
    return { ErrorStructureType: g, ValidationBits: evb, CheckInfo: check, TargetId, RequestorId, ResponderId, InstructionPointer };
  });
  const contexts = ctxs.map((_, i): Ia32x64Context => {
    const c = j.at(i, "processorContextInfo");
    const type = c.libPair("registerContextType", 16);
    const size = c.libUint("registerArraySize", 16);
    return {
      header: { RegisterContextType: type, RegisterArraySize: size, MsrAddress: c.libUint("msrAddress", 32), MmRegisterAddress: c.libU64("mmRegisterAddress") },
      registers: registersFromJson(type, size, c.obj("registerArray")),
    };
  });
  return { fields: { ...v.fields, ValidationBits: vb }, errorInfo, contexts, trailing: NO_BYTES };
}

// ---- Linux (cper_print_proc_ia, drivers/firmware/efi/cper-x86.c) -----------

const hex16 = (x: bigint): string => `0x${x.toString(16).padStart(16, "0")}`;

function linuxCheckInfo(kind: keyof typeof CHECK_FIELDS, check: bigint): string[] {
  const valid = Number(extract(check, CHECK_VALID_BITS));
  const out: string[] = [];
  for (const f of CHECK_FIELDS[kind]) {
    if (((valid >> f.valid) & 1) === 0) continue;
    const x = Number(extract(check, f.bits));
    if (f.bool) out.push(`${f.linux}: ${x === 1 ? "true" : "false"}`);
    else if (f.names) out.push(`${f.linux}: ${x}, ${f.names[x] ?? "unknown"}`);
    else out.push(`${f.linux}: ${x}`);
  }
  return out;
}

function renderLinux(v: Ia32x64Section): string[] {
  const h = v.fields;
  const lines: string[] = [];
  if (bit(h.ValidationBits, 0)) lines.push(`Local APIC_ID: 0x${h.LocalApicId.toString(16)}`);
  if (bit(h.ValidationBits, 1)) {
    lines.push("CPUID Info:");
    lines.push(...linuxHexDump(encodeFlat(Ia32x64Header, { fields: h, trailing: NO_BYTES }).subarray(16, 64), false));
  }
  v.errorInfo.forEach((e, i) => {
    lines.push(`Error Information Structure ${i}:`);
    const idx = ERROR_TYPES.findIndex((t) => t.guid === e.ErrorStructureType);
    lines.push(` Error Structure Type: ${idx >= 0 ? ERROR_TYPES[idx]!.linux : "unknown"}`);
    if (idx < 0) lines.push(` Error Structure Type: ${e.ErrorStructureType}`);
    if (bit(e.ValidationBits, 0)) {
      lines.push(` Check Information: ${hex16(e.CheckInfo)}`);
      if (idx >= 0) lines.push(...linuxCheckInfo(ERROR_TYPES[idx]!.kind, e.CheckInfo).map((l) => `  ${l}`));
    }
    if (bit(e.ValidationBits, 1)) lines.push(` Target Identifier: ${hex16(e.TargetId)}`);
    if (bit(e.ValidationBits, 2)) lines.push(` Requestor Identifier: ${hex16(e.RequestorId)}`);
    if (bit(e.ValidationBits, 3)) lines.push(` Responder Identifier: ${hex16(e.ResponderId)}`);
    if (bit(e.ValidationBits, 4)) lines.push(` Instruction Pointer: ${hex16(e.InstructionPointer)}`);
  });
  v.contexts.forEach((c, i) => {
    const t = c.header.RegisterContextType;
    lines.push(`Context Information Structure ${i}:`);
    lines.push(` Register Context Type: ${LINUX_CONTEXT_TYPES[t] ?? "unknown"}`);
    lines.push(` Register Array Size: 0x${c.header.RegisterArraySize.toString(16).padStart(4, "0")}`);
    if (t === 1) lines.push(` MSR Address: 0x${c.header.MsrAddress.toString(16).padStart(8, "0")}`);
    if (t === 7) lines.push(` MM Register Address: ${hex16(c.header.MmRegisterAddress)}`);
    // An MSR context is handed to arch_apei_report_x86_error() first; on AMD SMCA
    // systems it may be consumed there (not modelled: we always print it).
    lines.push(" Register Array:");
    lines.push(...linuxHexDump(c.registers, false, t === 1 ? 8 : 4).map((l) => ` ${l}`));
  });
  return lines;
}

function renderText(v: Ia32x64Section): string[] {
  const h = v.fields;
  const lines = [`IA32/X64 processor error: ${v.errorInfo.length} error information structure(s), ${v.contexts.length} context structure(s)`];
  if (bit(h.ValidationBits, 0)) lines.push(`  local APIC id: 0x${h.LocalApicId.toString(16)}`);
  if (bit(h.ValidationBits, 1)) lines.push(`  CPUID: eax=0x${h.CpuidEax.toString(16)} ebx=0x${h.CpuidEbx.toString(16)} ecx=0x${h.CpuidEcx.toString(16)} edx=0x${h.CpuidEdx.toString(16)}`);
  v.errorInfo.forEach((e, i) => {
    const t = ERROR_TYPES.find((x) => x.guid === e.ErrorStructureType);
    lines.push(`  error ${i}: ${t?.linux ?? `unknown type ${e.ErrorStructureType}`}`);
    if (bit(e.ValidationBits, 0)) {
      lines.push(`    check information ${hex16(e.CheckInfo)}`);
      if (t) lines.push(...linuxCheckInfo(t.kind, e.CheckInfo).map((l) => `      ${l}`));
    }
    if (bit(e.ValidationBits, 4)) lines.push(`    instruction pointer ${hex16(e.InstructionPointer)}`);
  });
  v.contexts.forEach((c, i) => {
    lines.push(`  context ${i}: ${CONTEXT_TYPES[c.header.RegisterContextType] ?? `type ${c.header.RegisterContextType}`}, ${c.header.RegisterArraySize} bytes`);
  });
  return lines;
}

function lint(v: Ia32x64Section): Finding[] {
  const out = lintFlat(Ia32x64Header, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, `${SPEC} Table N-15`);
  const vb = v.fields.ValidationBits;
  if ((vb & HEADER_RESERVED) !== 0n) out.push({ severity: "error", offset: 0, field: "ValidationBits", message: `reserved validation bits 0x${(vb & HEADER_RESERVED).toString(16)} are set`, spec: `${SPEC} Table N-15` });
  v.errorInfo.forEach((e, i) => {
    const at = 64 + 64 * i;
    if (e.ValidationBits >> 5n !== 0n) out.push({ severity: "error", offset: at + 16, field: `ProcessorErrorInfo[${i}].ValidationBits`, message: "validation bits beyond bit 4 are reserved", spec: `${SPEC} Table N-16` });
    const kind = errorKind(e.ErrorStructureType);
    if (kind === undefined) out.push({ severity: "warning", offset: at, field: `ProcessorErrorInfo[${i}].ErrorStructureType`, message: `unknown error structure type ${e.ErrorStructureType}`, spec: `${SPEC} Table N-16` });
    else {
      const used = CHECK_FIELDS[kind].reduce((m, f) => m | (1 << f.valid), 0);
      const valid = Number(extract(e.CheckInfo, CHECK_VALID_BITS));
      if ((valid & ~used) !== 0) out.push({ severity: "error", offset: at + 24, field: `ProcessorErrorInfo[${i}].CheckInfo`, message: `check-information validation bits 0x${(valid & ~used).toString(16)} are reserved`, spec: `${SPEC} Tables N-17..N-20` });
      const top = kind === "bus" ? 35n : kind === "ms" ? 24n : 30n;
      if (e.CheckInfo >> top !== 0n) out.push({ severity: "warning", offset: at + 24, field: `ProcessorErrorInfo[${i}].CheckInfo`, message: `reserved check-information bits 63:${top} are set`, spec: `${SPEC} Tables N-17..N-20` });
    }
  });
  let at = 64 + 64 * v.errorInfo.length;
  v.contexts.forEach((c, i) => {
    const t = c.header.RegisterContextType;
    if (t > 7) out.push({ severity: "error", offset: at, field: `ProcessorContextInfo[${i}].RegisterContextType`, message: `register context type ${t} is reserved`, spec: `${SPEC} Table N-21` });
    const need = t === 2 ? 92 : t === 3 ? 244 : 0;
    if (c.header.RegisterArraySize < need) out.push({ severity: "error", offset: at + 2, field: `ProcessorContextInfo[${i}].RegisterArraySize`, message: `${CONTEXT_TYPES[t]} needs ${need} bytes, the array has ${c.header.RegisterArraySize}`, spec: `${SPEC} Tables N-22/N-23` });
    at += 16 + c.registers.length;
  });
  if (v.length === undefined && (v.errorInfo.length !== Number(extract(vb, HEADER_BITS.ErrorInfoNum)) || v.contexts.length !== Number(extract(vb, HEADER_BITS.ContextInfoNum)))) {
    out.push({ severity: "error", offset: 0, field: "ValidationBits", message: "ERROR_INFO_NUM/CONTEXT_INFO_NUM describe more structures than the section holds", spec: `${SPEC} Table N-15` });
  }
  if (v.trailing.length > 0) out.push({ severity: "warning", offset: at, field: "Ia32x64ProcessorError", message: `${v.trailing.length} byte(s) after the last structure`, spec: `${SPEC} Table N-15` });
  return out;
}

export function locate(v: Ia32x64Section, at: number): string {
  if (at < 64) return locateFlat(Ia32x64Header, at);
  const i = Math.floor((at - 64) / 64);
  if (i < v.errorInfo.length) return `ProcessorErrorInfo[${i}].${locateFlat(Ia32x64ErrorInfo, (at - 64) % 64)}`;
  let p = 64 + 64 * v.errorInfo.length;
  for (let k = 0; k < v.contexts.length; k++) {
    const c = v.contexts[k]!;
    if (at < p + 16) return `ProcessorContextInfo[${k}].${locateFlat(Ia32x64ContextHeader, at - p)}`;
    if (at < p + 16 + c.registers.length) return `ProcessorContextInfo[${k}].RegisterArray`;
    p += 16 + c.registers.length;
  }
  return "TrailingData";
}

const HEADER_KEPT = HEADER_BITS.LocalApicIdValid.mask | HEADER_BITS.CpuidValid.mask | HEADER_BITS.ErrorInfoNum.mask | HEADER_BITS.ContextInfoNum.mask;
const U64 = (1n << 64n) - 1n;

/** The check-information word libcper's JSON rebuilds: each field whose validation bit is set, and those bits. */
function projectCheck(kind: keyof typeof CHECK_FIELDS, check: bigint): bigint {
  const valid = Number(extract(check, CHECK_VALID_BITS));
  let out = 0n;
  let kept = 0;
  for (const f of CHECK_FIELDS[kind]) {
    if (((valid >> f.valid) & 1) === 0) continue;
    kept |= 1 << f.valid;
    const x = extract(check, f.bits);
    out = insert(out, f.bits, f.bool ? (x === 1n ? 1n : 0n) : x);
  }
  return insert(out, CHECK_VALID_BITS, BigInt(kept));
}

/** Register bytes libcper's JSON rebuilds: a declared register state loses its reserved fields and any bytes past it. */
function projectRegisters(c: Ia32x64Context): Uint8Array {
  const s = registerState(c.header.RegisterContextType);
  if (s === undefined || c.registers.length < s.size) return c.registers;
  const out = new Uint8Array(c.registers.length);
  for (const k of s.order) {
    const f = s.fields[k]!;
    if (f.type.kind !== "reserved") out.set(c.registers.subarray(f.at, f.at + f.type.size), f.at);
  }
  return out;
}

/** What fromLib(toLib(v)) rebuilds, computed directly (the contract's projection); undefined: the generic path. */
export function project(v: Ia32x64Section): Ia32x64Section | undefined {
  if (v.length !== undefined || v.contexts.some((c) => c.registers.length !== c.header.RegisterArraySize)) return undefined;
  const h = v.fields;
  const vb = h.ValidationBits;
  const cpuid = bit(vb, 1);
  return {
    fields: {
      ValidationBits: vb & HEADER_KEPT & U64,
      LocalApicId: bit(vb, 0) ? h.LocalApicId : 0n,
      CpuidEax: cpuid ? h.CpuidEax : 0n,
      CpuidEbx: cpuid ? h.CpuidEbx : 0n,
      CpuidEcx: cpuid ? h.CpuidEcx : 0n,
      CpuidEdx: cpuid ? h.CpuidEdx : 0n,
      CpuidReserved: new Uint8Array(16),
    },
    errorInfo: v.errorInfo.map((e) => {
      const evb = e.ValidationBits;
      const kind = errorKind(e.ErrorStructureType);
      return {
        ErrorStructureType: e.ErrorStructureType,
        ValidationBits: evb & 0x1fn,
        CheckInfo: bit(evb, 0) ? (kind ? projectCheck(kind, e.CheckInfo) : e.CheckInfo) : 0n,
        TargetId: bit(evb, 1) ? e.TargetId : 0n,
        RequestorId: bit(evb, 2) ? e.RequestorId : 0n,
        ResponderId: bit(evb, 3) ? e.ResponderId : 0n,
        InstructionPointer: bit(evb, 4) ? e.InstructionPointer : 0n,
      };
    }),
    contexts: v.contexts.map((c) => ({ header: c.header, registers: projectRegisters(c) })),
    trailing: NO_BYTES,
  };
}

// ---- the "_armras" object field by field (json/patches.ts PatchBuilder): patchOf(encode(v), encode(project(v))) without encoding either ----

const GUID_BYTES = new Uint8Array(16);

/** Feeds bytes [from, to) of `b` (at `at + from`) in words: kept as they are, or against zeros. */
function feedWords(p: PatchBuilder<Ia32x64Section>, at: number, b: Uint8Array, from: number, to: number, keep: boolean): void {
  for (let k = from; k < to; k += 4) {
    const n = Math.min(4, to - k);
    let w = 0;
    for (let j = n - 1; j >= 0; j--) w = (w << 8) | b[k + j]!;
    w >>>= 0;
    p.int(at + k, n, w, keep ? w : 0);
  }
}

/** The register bytes: a declared state keeps its named fields and loses its reserved fields and any bytes past it (projectRegisters). */
function feedRegisters(p: PatchBuilder<Ia32x64Section>, at: number, c: Ia32x64Context): void {
  const r = c.registers;
  const s = registerState(c.header.RegisterContextType);
  // Every byte kept (no declared state, a short array, or zero reserved bytes and nothing past the
  // state): nothing differs inside, so only the first bytes can extend a run ending just before them
  // (PatchBuilder keeps at most 3 equal bytes pending).
  if (s === undefined || r.length < s.size || droppedZero(c.header.RegisterContextType, s, r)) return feedWords(p, at, r, 0, Math.min(4, r.length), true);
  for (const k of s.order) {
    const f = s.fields[k]!;
    feedWords(p, at, r, f.at, f.at + f.type.size, f.type.kind !== "reserved");
  }
  feedWords(p, at, r, s.size, r.length, false);
}

/** The reserved byte ranges of a register state, per context type. */
const RESERVED = new Map<number, readonly (readonly [number, number])[]>();
/** Whether the bytes projectRegisters drops (reserved fields, bytes past the state) are all zero. */
function droppedZero(type: number, s: Struct, r: Uint8Array): boolean {
  let ranges = RESERVED.get(type);
  if (ranges === undefined) {
    ranges = s.order.filter((k) => s.fields[k]!.type.kind === "reserved").map((k) => [s.fields[k]!.at, s.fields[k]!.at + s.fields[k]!.type.size] as const);
    RESERVED.set(type, ranges);
  }
  for (const [from, to] of ranges) for (let i = from; i < to; i++) if (r[i] !== 0) return false;
  for (let i = s.size; i < r.length; i++) if (r[i] !== 0) return false;
  return true;
}

/** The "_armras" object of v (undefined: nothing dropped; null: the generic path, for short bodies and odd register sizes). */
export function ia32x64Direct(v: Ia32x64Section): Record<string, unknown> | undefined | null {
  if (v.length !== undefined) return null;
  for (const c of v.contexts) if (c.registers.length !== c.header.RegisterArraySize) return null;
  const p = new PatchBuilder<Ia32x64Section>(v, locate);
  const h = v.fields;
  const vb = h.ValidationBits;
  const cpuid = bit(vb, 1);
  p.u64(0, vb, vb & HEADER_KEPT & U64);
  p.u64(8, h.LocalApicId, bit(vb, 0) ? h.LocalApicId : 0n);
  p.u64(16, h.CpuidEax, cpuid ? h.CpuidEax : 0n);
  p.u64(24, h.CpuidEbx, cpuid ? h.CpuidEbx : 0n);
  p.u64(32, h.CpuidEcx, cpuid ? h.CpuidEcx : 0n);
  p.u64(40, h.CpuidEdx, cpuid ? h.CpuidEdx : 0n);
  feedWords(p, 48, h.CpuidReserved, 0, 16, false);
  let at = 64;
  for (const e of v.errorInfo) {
    guidToBytes(e.ErrorStructureType, GUID_BYTES);
    feedWords(p, at, GUID_BYTES, 0, 16, true);
    const evb = e.ValidationBits;
    const kind = errorKind(e.ErrorStructureType);
    p.u64(at + 16, evb, evb & 0x1fn);
    p.u64(at + 24, e.CheckInfo, bit(evb, 0) ? (kind ? projectCheck(kind, e.CheckInfo) : e.CheckInfo) : 0n);
    p.u64(at + 32, e.TargetId, bit(evb, 1) ? e.TargetId : 0n);
    p.u64(at + 40, e.RequestorId, bit(evb, 2) ? e.RequestorId : 0n);
    p.u64(at + 48, e.ResponderId, bit(evb, 3) ? e.ResponderId : 0n);
    p.u64(at + 56, e.InstructionPointer, bit(evb, 4) ? e.InstructionPointer : 0n);
    at += 64;
  }
  for (const c of v.contexts) {
    const ch = c.header;
    p.int(at, 2, ch.RegisterContextType, ch.RegisterContextType);
    p.int(at + 2, 2, ch.RegisterArraySize, ch.RegisterArraySize);
    p.int(at + 4, 4, ch.MsrAddress, ch.MsrAddress);
    p.u64(at + 8, ch.MmRegisterAddress, ch.MmRegisterAddress);
    feedRegisters(p, at + 16, c);
    at += 16 + c.registers.length;
  }
  p.bytes(at, v.trailing, true);
  return p.finish(v.trailing.length > 0 ? at + v.trailing.length : undefined);
}

/** The header, ERROR_INFO_NUM error-information structures, CONTEXT_INFO_NUM context structures (bounded by the body), kept trailing bytes. */
const ARRAYS_BODY: BodyKind<(typeof Ia32x64Header)["fields"], Ia32x64Section> = {
  decode: (_s, body) => decode(body),
  encode: (_s, v) => encode(v),
  project: (v) => project(v) ?? v,
  keepsRest: () => false,
  fromFields: (fields) => ({ fields, errorInfo: [], contexts: [], trailing: NO_BYTES }),
};

export const ia32x64Codec = declareSection({
  key: "ia32x64",
  guid: "dc3ea0b0-a144-4797-b95b-53fa242b6e1d",
  name: "IA32/X64 Processor Error",
  libcperKey: "Ia32x64Processor",
  libcperTypeName: "IA32/X64",
  linuxName: "IA32/X64 processor error",
  message: "An IA32/x64 Processor Error occurred",
  layout: Ia32x64Header,
  spec: `${SPEC} Table N-15`,
  body: ARRAYS_BODY,
  writeMore: (v, _opts, out) => writeArrays(v, out),
  fromLibMore: (v, j, p) => readArrays(v, j, p),
  locate,
  renderLinux,
  renderText,
  lint,
  ownLint: true,
  // Never lossless (the counts and the check words are rebuilt); the patch is computed field by field.
  projection: { lossless: () => false, project: (v) => project(v), direct: ia32x64Direct },
});
