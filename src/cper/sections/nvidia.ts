// NVIDIA (Grace) vendor section, GUID 6d5244f2-2712-11ec-bea7-cb3fdb95c786
// (libcper cper-section-nvidia; rasdaemon non-standard-nvidia): a 32-byte
// header (signature, error type/instance, severity, socket, register count,
// instance base) followed by NumberRegs address/value pairs, bounded by the body.

import { hi32, lo32, splitU64 } from "../../arch/bits.js";
import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import { SEVERITY_NAMES } from "../layouts/record-header.js";
import { field, struct, viewOf, type Decoded } from "../../layout/struct.js";
import { ascii, reserved, u16, u64, u8 } from "../../layout/types.js";
import { PatchBuilder } from "../json/patches.js";
import { Fragments, hexUpper64Fast, type JsonOut } from "../json/writer.js";
import { JsonPathError, JsonReader } from "../json/reader.js";
import { decodeFlat, declareSection, encodeFlat, locateFlat, type BodyKind } from "./contract.js";
import { asForm, asInt, lib, type BoundForm } from "./json-forms.js";
import type { JsonObject } from "../json/reader.js";
import type { Finding } from "../section-api.js";

type JsonObj = Record<string, unknown>;

const SPEC = "libcper cper-section-nvidia (vendor section)";

/** CPER severities (UEFI 2.10 Table N-3), as libcper names them. */
const SEVERITY = SEVERITY_NAMES;

/** libcper's "signature": the 16-character ASCII field as a string. */
const SIGNATURE: BoundForm<string> = {
  write: (out, key, x) => out.str(key, x),
  read: (j, key, p) => {
    const sig = j[key];
    if (typeof sig !== "string" || sig.length > 16) throw new JsonPathError(`${p}.${key}`, "expected a string of at most 16 characters");
    return sig;
  },
  text: (x) => x,
};

const SEVERITY_JSON = new Fragments((out, key, x) => {
  out.begin(key);
  out.num("code", x);
  out.ascii("name", SEVERITY[x] ?? "Unknown");
  out.end();
});

/** libcper's "severity" {code, name}; read back from its code, else a {value}/{raw} pair (absent: 0, see `present`). */
const SEVERITY_FORM: BoundForm<number> = {
  // One fragment per severity value (printed once, then reused by the one-line writer).
  write: (out, key, x) => out.fragment(key, SEVERITY_JSON, x),
  read: (j, key, p) => {
    if (!has(j, key)) return 0;
    const sev = JsonReader.of(j, p).obj(key);
    return sev.has("code") ? sev.libUint("code", 8) : new JsonReader(j as JsonObject, p).libPair(key, 8);
  },
  text: (x) => SEVERITY[x] ?? `severity ${x}`,
};

/** "registerCount": absent reads as 0 here, then as the number of pairs (readRegisters). */
const REGISTER_COUNT: BoundForm<number> = {
  write: (out, key, x) => out.num(key, x),
  read: (j, key, p) => (has(j, key) ? new JsonReader(j as JsonObject, p).libUint(key, 8) : 0),
  text: (x) => `${x}`,
};

/** Whether the JSON object has `key` (an own member that is not undefined). */
const has = (j: JsonObj, key: string): boolean => Object.prototype.hasOwnProperty.call(j, key) && j[key] !== undefined;

export const NvidiaHeader = struct(
  "NvidiaError",
  32,
  {
    Signature: field(0, ascii(16), { json: lib("signature", asForm(SIGNATURE)) }),
    ErrorType: field(16, u16, { json: lib("errorType") }),
    ErrorInstance: field(18, u16, { json: lib("errorInstance") }),
    Severity: field(20, u8, { values: SEVERITY, json: lib("severity", asForm(SEVERITY_FORM)) }),
    Socket: field(21, u8, { json: lib("socket") }),
    NumberRegs: field(22, u8, { json: lib("registerCount", asForm(REGISTER_COUNT)) }),
    Reserved: field(23, reserved(1)),
    InstanceBase: field(24, u64, { json: lib("instanceBase", asInt()) }),
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
  if (head.value.length !== undefined) return ok({ fields, registers: [], trailing: NO_BYTES, length: head.value.length }, warnings);
  const fit = Math.floor((body.length - 32) / 16);
  const n = Math.min(fields.NumberRegs, fit);
  if (fields.NumberRegs > fit) warnings.push({ code: "count-overrun", field: "NvidiaError.NumberRegs", offset: 22, message: `NumberRegs is ${fields.NumberRegs}, only ${fit} register pair(s) fit` });
  const dv = viewOf(body);
  const registers: (readonly [bigint, bigint])[] = [];
  for (let i = 0; i < n; i++) registers.push([dv.getBigUint64(32 + 16 * i, true), dv.getBigUint64(40 + 16 * i, true)]);
  const end = 32 + 16 * n;
  if (end < body.length && fields.NumberRegs <= fit) warnings.push({ code: "trailing-bytes", field: "NvidiaError", offset: end, message: `${body.length - end} byte(s) after the registers (kept)` });
  return ok({ fields, registers, trailing: copyOf(body, end) }, warnings);
}

function encode(v: NvidiaSection): Uint8Array {
  const head = encodeFlat(NvidiaHeader, { fields: v.fields, trailing: NO_BYTES, ...(v.length !== undefined ? { length: v.length } : {}) });
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

/** libcper's register pairs (cper_section_nvidia_to_ir), after the declared members: CMET-INFO channels or plain pairs. */
function writeRegisters(v: NvidiaSection, out: JsonOut): void {
  if (isCmetInfo(v.fields.Signature)) {
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
  splitU64(value);
  const lo = lo32();
  const hi = hi32();
  const reason = (hi >>> 3) & 3;
  out.begin();
  out.ascii("ChannelAddress", hexUpper64Fast(address));
  out.num("ErrorCount", lo);
  out.bool("ChannelEnabled", (hi & 1) === 1);
  out.bool("ChannelIsSpare", ((hi >>> 1) & 1) === 1);
  out.fragment("DisabledReason", DISABLED_REASON_JSON, reason);
  out.end();
}
/** DisabledReason {raw, value}, one fragment per reason (0..3). */
const DISABLED_REASON_JSON = new Fragments((out, key, reason) => {
  out.begin(key);
  out.num("raw", reason);
  out.ascii("value", CMET_DISABLED_REASONS[reason]!);
  out.end();
});

function cmetFromJson(o: JsonReader): readonly [bigint, bigint] {
  const address = o.libU64("ChannelAddress");
  // libcper's own JSON prints counts of 2^31 and above as negative int32: read those back as the UINT32.
  const ec = o.raw("ErrorCount");
  const count = typeof ec === "number" && Number.isInteger(ec) && ec < 0 && ec >= -(2 ** 31) ? BigInt(ec + 2 ** 32) : o.libU64("ErrorCount", 32);
  const bool = (k: string): bigint => (o.raw(k) === true ? 1n : 0n);
  const reason = o.has("DisabledReason") ? BigInt(o.obj("DisabledReason").libUint("raw", 2)) : 0n;
  return [address, count | (bool("ChannelEnabled") << 32n) | (bool("ChannelIsSpare") << 33n) | (reason << 35n)] as const;
}

/**
 * The register pairs read back into the header the declared members gave (an absent
 * registerCount is the number of pairs; an absent severity reads as 0).
 */
function readRegisters(v: NvidiaSection, j: JsonObj, p: string): NvidiaSection {
  const r = new JsonReader(j as JsonObject, p);
  const key = r.has("CMETInfo") ? "CMETInfo" : "registers";
  // An absent (or null) list is no pairs.
  const registers = (r.raw(key) ?? null) !== null ? r.arr(key).map((_, i) => (key === "CMETInfo" ? cmetFromJson(r.at(i, key)) : readPair(r.at(i, key)))) : [];
  return {
    fields: r.has("registerCount") ? v.fields : { ...v.fields, NumberRegs: registers.length },
    registers,
    trailing: NO_BYTES,
  };
}
const readPair = (o: JsonReader): readonly [bigint, bigint] => [o.libU64("address"), o.libU64("value")] as const;

/** libcper's message: "A <severity> <signature> NVIDIA Error occurred on CPU <socket>" (its oracle for libcper_nvidia). */
export function nvidiaMessage(v: NvidiaSection): string {
  return `A ${SEVERITY[v.fields.Severity] ?? "Unknown"} ${v.fields.Signature} NVIDIA Error occurred on CPU ${v.fields.Socket}`;
}

function nvidiaLocate(v: NvidiaSection, at: number): string {
  return at < 32 ? locateFlat(NvidiaHeader, at) : at < 32 + 16 * v.registers.length ? `Register[${Math.floor((at - 32) / 16)}]` : "TrailingData";
}

/** CMET-INFO value bits libcper's JSON keeps: ErrorCount 31:0, ChannelEnabled 32, ChannelIsSpare 33, DisabledReason 36:35. */
const CMET_KEPT = 0x1b_ffff_ffffn;

/** What fromLib(toLib(v)) rebuilds, directly (the contract's projection): Reserved and trailing bytes are lost, CMET words keep their keyed bits. */
function project(v: NvidiaSection): NvidiaSection | undefined {
  if (v.length !== undefined) return undefined;
  const registers = isCmetInfo(v.fields.Signature) ? v.registers.map(([a, b]) => [a, b & CMET_KEPT] as const) : v.registers;
  return { fields: { ...v.fields, Reserved: new Uint8Array(1) }, registers, trailing: NO_BYTES };
}

/**
 * The "_armras" object field by field (json/patches.ts PatchBuilder), what patchOf(encode(v), encode(project(v)))
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

/** The header, then the NumberRegs register pairs the body holds (bounded by the body), then kept trailing bytes. */
const REGISTERS_BODY: BodyKind<(typeof NvidiaHeader)["fields"], NvidiaSection> = {
  decode: (_s, body) => decode(body),
  encode: (_s, v) => encode(v),
  project: (v) => project(v) ?? v,
  keepsRest: (v) => v.trailing.length === 0,
  fromFields: (fields) => ({ fields, registers: [], trailing: NO_BYTES }),
};


export const nvidiaCodec = declareSection({
  key: "nvidia",
  guid: "6d5244f2-2712-11ec-bea7-cb3fdb95c786",
  name: "NVIDIA Error",
  libcperKey: "Nvidia",
  libcperTypeName: "NVIDIA",
  message: "An NVIDIA Error occurred",
  messageOf: nvidiaMessage,
  layout: NvidiaHeader,
  spec: SPEC,
  body: REGISTERS_BODY,
  jsonOrder: ["Signature", "Severity", "ErrorType", "ErrorInstance", "Socket", "NumberRegs", "InstanceBase"],
  // Severity and registerCount may be absent from the JSON (read as 0 / the number of pairs); the other members are required (their forms refuse an absent value).
  lenient: true,
  writeMore: (v, _opts, out) => writeRegisters(v, out),
  fromLibMore: (v, j, p) => readRegisters(v, j, p),
  locate: nvidiaLocate,
  renderText: (v) => {
    const f = v.fields;
    return [
      `NVIDIA error ${f.Signature}: ${SEVERITY[f.Severity] ?? `severity ${f.Severity}`}, socket ${f.Socket}, type 0x${f.ErrorType.toString(16)}, instance 0x${f.ErrorInstance.toString(16)}`,
      `  instance base 0x${f.InstanceBase.toString(16)}`,
      ...v.registers.map(([a, b]) => `  [0x${a.toString(16)}] = 0x${b.toString(16)}`),
    ];
  },
  // Beyond the derived findings (short body, Reserved not zero): the severity and the register count.
  lint: (v) => {
    const out: Finding[] = [];
    if (v.fields.Severity > 3) out.push({ severity: "error", offset: 20, field: "Severity", message: `severity ${v.fields.Severity} is not a CPER severity`, spec: "UEFI 2.10 Table N-3" });
    if (v.length === undefined && v.registers.length !== v.fields.NumberRegs) {
      out.push({ severity: "error", offset: 22, field: "NumberRegs", message: `NumberRegs ${v.fields.NumberRegs}, the section holds ${v.registers.length}`, spec: SPEC });
    }
    return out;
  },
  projection: {
    // Nothing dropped: a full body, Reserved zero, nothing trailing, CMET words with only their keyed bits.
    lossless: (v) =>
      v.length === undefined && v.trailing.length === 0 && v.fields.Reserved[0] === 0 && (!isCmetInfo(v.fields.Signature) || v.registers.every(([, b]) => (b & ~CMET_KEPT) === 0n)),
    project,
    direct,
  },
});
