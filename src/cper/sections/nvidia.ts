// NVIDIA (Grace) vendor section, GUID 6d5244f2-2712-11ec-bea7-cb3fdb95c786
// (libcper cper-section-nvidia; rasdaemon non-standard-nvidia): a 32-byte
// header (signature, error type/instance, severity, socket, register count,
// instance base) followed by NumberRegs address/value pairs, bounded by the body.

import { ok, type Result, type Warning } from "../../layout/result.js";
import { SEVERITY_NAMES } from "../layouts/record-header.js";
import { field, struct, type Decoded } from "../../layout/struct.js";
import { ascii, reserved, u16, u64, u8 } from "../../layout/types.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat, moreCodec } from "./more-codec.js";
import { PatchBuilder, withFastJson } from "./fast-json.js";
import { hexUpper64Fast, membersOf, type JsonOut } from "../json-out.js";
import { getNum, getObj, getPairValue, getUint, has, JsonPathError, obj, type JsonObj } from "./more-json.js";

const SPEC = "libcper cper-section-nvidia (vendor section)";

/** CPER severities (UEFI 2.10 Table N-3), as libcper names them. */
const SEVERITY = SEVERITY_NAMES;

export const NvidiaHeader = struct(
  "NvidiaError",
  32,
  {
    Signature: field(0, ascii(16)),
    ErrorType: field(16, u16),
    ErrorInstance: field(18, u16),
    Severity: field(20, u8, { values: SEVERITY }),
    Socket: field(21, u8),
    NumberRegs: field(22, u8),
    Reserved: field(23, reserved(1)),
    InstanceBase: field(24, u64),
  },
  { spec: SPEC },
);

export interface NvidiaSection {
  readonly fields: Decoded<typeof NvidiaHeader>;
  readonly registers: readonly (readonly [bigint, bigint])[];
  readonly trailing: Uint8Array;
  readonly length?: number;
}

function decode(body: Uint8Array): Result<NvidiaSection> {
  const head = decodeFlat(NvidiaHeader, body);
  if (!head.ok) return head;
  const warnings: Warning[] = [...head.warnings];
  const fields = head.value.fields;
  if (head.value.length !== undefined) return ok({ fields, registers: [], trailing: new Uint8Array(0), length: head.value.length }, warnings);
  const fit = Math.floor((body.length - 32) / 16);
  const n = Math.min(fields.NumberRegs, fit);
  if (fields.NumberRegs > fit) warnings.push({ code: "count-overrun", field: "NvidiaError.NumberRegs", offset: 22, message: `NumberRegs is ${fields.NumberRegs}, only ${fit} register pair(s) fit` });
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const registers: (readonly [bigint, bigint])[] = [];
  for (let i = 0; i < n; i++) registers.push([dv.getBigUint64(32 + 16 * i, true), dv.getBigUint64(40 + 16 * i, true)]);
  const end = 32 + 16 * n;
  if (end < body.length && fields.NumberRegs <= fit) warnings.push({ code: "trailing-bytes", field: "NvidiaError", offset: end, message: `${body.length - end} byte(s) after the registers (kept)` });
  return ok({ fields, registers, trailing: body.slice(end) }, warnings);
}

function encode(v: NvidiaSection): Uint8Array {
  const head = encodeFlat(NvidiaHeader, { fields: v.fields, trailing: new Uint8Array(0), ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  const out = new Uint8Array(32 + 16 * v.registers.length + v.trailing.length);
  out.set(head);
  const dv = new DataView(out.buffer);
  v.registers.forEach(([a, b], i) => {
    dv.setBigUint64(32 + 16 * i, a, true);
    dv.setBigUint64(40 + 16 * i, b, true);
  });
  out.set(v.trailing, 32 + 16 * v.registers.length);
  return out;
}

/** libcper's members (cper_section_nvidia_to_ir), written straight into the open object. */
function writeLib(v: NvidiaSection, out: JsonOut): void {
  const f = v.fields;
  out.str("signature", f.Signature);
  out.begin("severity");
  out.num("code", f.Severity);
  out.ascii("name", SEVERITY[f.Severity] ?? "Unknown");
  out.end();
  out.num("errorType", f.ErrorType);
  out.num("errorInstance", f.ErrorInstance);
  out.num("socket", f.Socket);
  out.num("registerCount", f.NumberRegs);
  out.int("instanceBase", f.InstanceBase);
  if (isCmetInfo(f.Signature)) {
    out.beginArray("CMETInfo");
    for (const [a, b] of v.registers) writeCmet(out, a, b);
    out.endArray();
  } else {
    out.beginArray("registers");
    for (const [a, b] of v.registers) {
      out.begin();
      out.int("address", a);
      out.int("value", b);
      out.end();
    }
    out.endArray();
  }
}

function toLib(v: NvidiaSection): JsonObj {
  return membersOf((out) => writeLib(v, out));
}

// CMET-INFO sections (libcper parse_cmet_info, chosen by a "CMET-INFO" signature prefix): each
// register pair is a memory channel, its value word EFI_NVIDIA_CMET_CHANNEL_INFO. Bit positions
// as libcper reads them (checked against its output on every CMET-INFO record of the shared set):
// ErrorCount 31:0 (UINT32; libcper prints it as int32), ChannelEnabled 32, ChannelIsSpare 33,
// DisabledReason 36:35. Other bits of the word have no key and ride in "_armras".
const CMET_SIGNATURE = "CMET-INFO";
export const CMET_DISABLED_REASONS: readonly string[] = ["Alias Checker Failed", "Training at POR frequency failed", "Training at boot frequency failed", "Threshold of bad pages exceeded"];
const isCmetInfo = (signature: string): boolean => signature.startsWith(CMET_SIGNATURE);

function writeCmet(out: JsonOut, address: bigint, value: bigint): void {
  // The value word as two uint32 halves (no BigInt shifts per key).
  HALVES.setBigUint64(0, value, true);
  const lo = HALVES.getUint32(0, true);
  const hi = HALVES.getUint32(4, true);
  const reason = (hi >>> 3) & 3;
  out.begin();
  out.ascii("ChannelAddress", hexUpper64Fast(address));
  out.num("ErrorCount", lo);
  out.bool("ChannelEnabled", (hi & 1) === 1);
  out.bool("ChannelIsSpare", ((hi >>> 1) & 1) === 1);
  out.begin("DisabledReason");
  out.num("raw", reason);
  out.ascii("value", CMET_DISABLED_REASONS[reason]!);
  out.end();
  out.end();
}
const HALVES = new DataView(new ArrayBuffer(8));

function cmetFromJson(o: JsonObj, path: string): readonly [bigint, bigint] {
  const address = getUint(o, "ChannelAddress", path, 64);
  // libcper's own JSON prints counts of 2^31 and above as negative int32: read those back as the UINT32.
  const ec = o.ErrorCount;
  const count = typeof ec === "number" && Number.isInteger(ec) && ec < 0 && ec >= -(2 ** 31) ? BigInt(ec + 2 ** 32) : getUint(o, "ErrorCount", path, 32);
  const bool = (k: string): bigint => (o[k] === true ? 1n : 0n);
  const reason = has(o, "DisabledReason") ? BigInt(getNum(getObj(o, "DisabledReason", path), "raw", `${path}.DisabledReason`, 2)) : 0n;
  return [address, count | (bool("ChannelEnabled") << 32n) | (bool("ChannelIsSpare") << 33n) | (reason << 35n)] as const;
}

function fromLib(j: JsonObj, p: string): NvidiaSection {
  const sig = j.signature;
  if (typeof sig !== "string" || sig.length > 16) throw new JsonPathError(`${p}.signature`, "expected a string of at most 16 characters");
  const key = has(j, "CMETInfo") ? "CMETInfo" : "registers";
  const regs = j[key] ?? [];
  if (!Array.isArray(regs)) throw new JsonPathError(`${p}.${key}`, "expected an array");
  const registers = regs.map((x, i) => {
    const o = obj(x, `${p}.${key}[${i}]`);
    if (key === "CMETInfo") return cmetFromJson(o, `${p}.${key}[${i}]`);
    return [getUint(o, "address", `${p}.registers[${i}]`, 64), getUint(o, "value", `${p}.registers[${i}]`, 64)] as const;
  });
  const sev = has(j, "severity") ? getObj(j, "severity", p) : undefined;
  return {
    fields: {
      Signature: sig,
      ErrorType: getNum(j, "errorType", p, 16),
      ErrorInstance: getNum(j, "errorInstance", p, 16),
      Severity: sev && has(sev, "code") ? getNum(sev, "code", `${p}.severity`, 8) : has(j, "severity") ? getPairValue(j, "severity", p, 8) : 0,
      Socket: getNum(j, "socket", p, 8),
      NumberRegs: has(j, "registerCount") ? getNum(j, "registerCount", p, 8) : registers.length,
      Reserved: new Uint8Array(1),
      InstanceBase: getUint(j, "instanceBase", p, 64),
    },
    registers,
    trailing: new Uint8Array(0),
  };
}

/** libcper's message: "A <severity> <signature> NVIDIA Error occurred on CPU <socket>" (its oracle for libcper_nvidia). */
export function nvidiaMessage(v: NvidiaSection): string {
  return `A ${SEVERITY[v.fields.Severity] ?? "Unknown"} ${v.fields.Signature} NVIDIA Error occurred on CPU ${v.fields.Socket}`;
}

function nvidiaLocate(v: NvidiaSection, at: number): string {
  return at < 32 ? locateFlat(NvidiaHeader, at) : at < 32 + 16 * v.registers.length ? `Register[${Math.floor((at - 32) / 16)}]` : "TrailingData";
}

/** CMET-INFO value bits libcper's JSON keeps: ErrorCount 31:0, ChannelEnabled 32, ChannelIsSpare 33, DisabledReason 36:35. */
const CMET_KEPT = 0x1b_ffff_ffffn;

/** What fromLib(toLib(v)) rebuilds, directly (fast-json.ts): Reserved and trailing bytes are lost, CMET words keep their keyed bits. */
function project(v: NvidiaSection): NvidiaSection | undefined {
  if (v.length !== undefined) return undefined;
  const registers = isCmetInfo(v.fields.Signature) ? v.registers.map(([a, b]) => [a, b & CMET_KEPT] as const) : v.registers;
  return { fields: { ...v.fields, Reserved: new Uint8Array(1) }, registers, trailing: new Uint8Array(0) };
}

/**
 * The "_armras" object field by field (fast-json.ts PatchBuilder), what patchOf(encode(v), encode(project(v)))
 * gives: only Reserved (byte 23), the unkeyed bits of CMET value words and trailing bytes can differ,
 * so the bytes before 23 (equal, and no run can be open there) are not fed.
 */
function direct(v: NvidiaSection): Record<string, unknown> | undefined | null {
  if (v.length !== undefined) return null;
  const f = v.fields;
  const p = new PatchBuilder(v, nvidiaLocate);
  p.int(23, 1, f.Reserved[0]!, 0);
  p.u64(24, f.InstanceBase, f.InstanceBase);
  const cmet = isCmetInfo(f.Signature);
  let at = 32;
  for (const [a, b] of v.registers) {
    p.u64(at, a, a);
    p.u64(at + 8, b, cmet ? b & CMET_KEPT : b);
    at += 16;
  }
  p.bytes(at, v.trailing, true);
  return p.finish(v.trailing.length > 0 ? at + v.trailing.length : undefined);
}

export const nvidiaCodec = withFastJson(moreCodec<NvidiaSection>({
  key: "nvidia",
  guid: "6d5244f2-2712-11ec-bea7-cb3fdb95c786",
  name: "NVIDIA Error",
  libcperKey: "Nvidia",
  libcperTypeName: "NVIDIA",
  message: "An NVIDIA Error occurred",
  messageOf: nvidiaMessage,
  decode,
  encode,
  toLib,
  writeLib: (v, _opts, out) => writeLib(v, out),
  fromLib,
  locate: nvidiaLocate,
  renderText: (v) => {
    const f = v.fields;
    return [
      `NVIDIA error ${f.Signature}: ${SEVERITY[f.Severity] ?? `severity ${f.Severity}`}, socket ${f.Socket}, type 0x${f.ErrorType.toString(16)}, instance 0x${f.ErrorInstance.toString(16)}`,
      `  instance base 0x${f.InstanceBase.toString(16)}`,
      ...v.registers.map(([a, b]) => `  [0x${a.toString(16)}] = 0x${b.toString(16)}`),
    ];
  },
  lint: (v) => {
    const out = lintFlat(NvidiaHeader, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, SPEC);
    if (v.fields.Severity > 3) out.push({ severity: "error", offset: 20, field: "Severity", message: `severity ${v.fields.Severity} is not a CPER severity`, spec: "UEFI 2.10 Table N-3" });
    if (v.length === undefined && v.registers.length !== v.fields.NumberRegs) {
      out.push({ severity: "error", offset: 22, field: "NumberRegs", message: `NumberRegs ${v.fields.NumberRegs}, the section holds ${v.registers.length}`, spec: SPEC });
    }
    return out;
  },
}), {
  // Nothing dropped: a full body, Reserved zero, nothing trailing, CMET words with only their keyed bits.
  lossless: (v) =>
    v.length === undefined && v.trailing.length === 0 && v.fields.Reserved[0] === 0 && (!isCmetInfo(v.fields.Signature) || v.registers.every(([, b]) => (b & ~CMET_KEPT) === 0n)),
  direct,
  project,
  locate: nvidiaLocate,
});
