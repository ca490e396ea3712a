// NVIDIA event section (Vera), GUID 9068e568-6ca0-11f0-aeaf-159343591eac:
// decode/encode over the layouts of nvidia-event-layout.ts, libcper's JSON
// ("NvidiaEvent": eventHeader, eventInfo.cpu|gpu, eventContexts[].data.<variant>;
// libcper cper_section_nvidia_events_to_ir()), and "_armras" patches for what
// that JSON drops (CtxSize, InfoSize, context count, reserved bytes, padding).
//
// Every count is bounded by the body: contexts are walked while their 16-byte
// header and their CtxSize fit; DataSize is bounded by CtxSize; whatever is not
// walked stays in `trailing`, so encode(decode(b)) = b.

import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { ok, type Result, type Warning } from "../../layout/result.js";
import { encodeStruct, readStruct, readView, viewOf, writeStruct, type Decoded, type Fields, type Struct } from "../../layout/struct.js";
import type { Finding, SectionJsonHint } from "../section-api.js";
import { PatchBuilder, patchOf, scratchBody } from "../json/patches.js";
import { compiledWriter } from "../../layout/compile.js";
import { hi32, lo32, splitU64, u32At } from "../../arch/bits.js";
import { HEX_UPPER, hexUpper32, hexUpperWidth, type JsonOut, hexUpper64At } from "../json/writer.js";
import { JsonPathError, JsonReader, toHex, type JsonObject } from "../json/reader.js";
import { declareSection, locateFlat, type BodyKind } from "./contract.js";
import {
  nameIndex,
  numOf,
  printableTextLength,
  signatureOf,
  text,
  uintOf,
  CPU_INFO_MAJOR,
  CpuEventInfo,
  CtxHeader,
  DATA_FORMAT,
  EVENT_HEADER_VERSION,
  EVENT_ORIGINATORS,
  EventHeader,
  GPU_ARCHITECTURES,
  GPU_INFO_MAJOR,
  GpuEventInfo,
  GpuInitMetadata,
  GpuLegacyXid,
  GpuRecommendedActions,
  InfoHeader,
  KeyVal32,
  KeyVal64,
  SOURCE_DEVICE_TYPES,
  SPEC,
  Val32,
  Val64,
} from "./nvidia-event-layout.js";

export interface NvidiaEventContext {
  readonly header: Decoded<typeof CtxHeader>;
  /** The context's data: DataSize bytes, bounded by CtxSize - 16. */
  readonly data: Uint8Array;
  /** The rest of CtxSize after the data (alignment padding). */
  readonly padding: Uint8Array;
}

export interface NvidiaEventSection {
  /** The 32-byte event header (the declared structure). */
  readonly fields: Decoded<typeof EventHeader>;
  /** Absent when the body ends before the 3-byte info header. */
  readonly info?: { readonly header: Decoded<typeof InfoHeader>; readonly data: Uint8Array };
  readonly contexts: readonly NvidiaEventContext[];
  /** Bytes after the last context that fits (kept verbatim). */
  readonly trailing: Uint8Array;
  /** Set when the body is shorter than the 32-byte header (the missing bytes decode as zero). */
  readonly length?: number;
}



// ---- decode / encode -------------------------------------------------------

function decode(body: Uint8Array): Result<NvidiaEventSection> {
  const warnings: Warning[] = [];
  if (body.length < EventHeader.size) {
    const padded = new Uint8Array(EventHeader.size);
    padded.set(body);
    warnings.push({ code: "short-section", field: "EventHeader", offset: body.length, message: `the event header needs 32 bytes, the body has ${body.length} (missing bytes decoded as zero)` });
    return ok({ fields: readStruct(EventHeader, padded, viewOf(padded), 0), contexts: [], trailing: NO_BYTES, length: body.length }, warnings);
  }
  const dv = viewOf(body);
  const header = readStruct(EventHeader, body, dv, 0);
  if (header.EventVersion !== EVENT_HEADER_VERSION) {
    warnings.push({ code: "unknown-version", field: "EventHeader.EventVersion", offset: 0, message: `EventVersion ${header.EventVersion} (libcper decodes only version ${EVENT_HEADER_VERSION})` });
  }
  if (body.length < 35) {
    warnings.push({ code: "short-section", field: "EventInfoHeader", offset: 32, message: `the body ends ${body.length - 32} byte(s) into the 3-byte event info header (kept)` });
    return ok({ fields: header, contexts: [], trailing: body.slice(32) }, warnings);
  }
  const infoHeader = readStruct(InfoHeader, body, dv, 32);
  if (infoHeader.InfoSize < InfoHeader.size || 32 + infoHeader.InfoSize > body.length) {
    warnings.push({
      code: "bad-length",
      field: "EventInfoHeader.InfoSize",
      offset: 34,
      message: `InfoSize ${infoHeader.InfoSize} does not fit between the 3-byte info header and the body end (${body.length - 32} bytes); the rest is kept undecoded`,
    });
    return ok({ fields: header, info: { header: infoHeader, data: NO_BYTES }, contexts: [], trailing: body.slice(35) }, warnings);
  }
  const info = { header: infoHeader, data: copyOf(body, 35, 32 + infoHeader.InfoSize) };
  const contexts: NvidiaEventContext[] = [];
  let at = 32 + infoHeader.InfoSize;
  for (let i = 0; i < header.EventContextCount; i++) {
    if (at + CtxHeader.size > body.length) {
      warnings.push({ code: "count-overrun", field: "EventHeader.EventContextCount", offset: 1, message: `EventContextCount is ${header.EventContextCount}, only ${i} context(s) fit in the body` });
      break;
    }
    const ch = readStruct(CtxHeader, body, dv, at);
    if (ch.CtxSize < CtxHeader.size || at + ch.CtxSize > body.length) {
      warnings.push({ code: "bad-length", field: `EventContext[${i}].CtxSize`, offset: at, message: `CtxSize ${ch.CtxSize} is below the 16-byte context header or past the body end (${body.length - at} bytes left); the rest is kept undecoded` });
      break;
    }
    const room = ch.CtxSize - CtxHeader.size;
    const n = Math.min(ch.DataSize, room);
    if (ch.DataSize > room) {
      warnings.push({ code: "bad-length", field: `EventContext[${i}].DataSize`, offset: at + 12, message: `DataSize ${ch.DataSize} exceeds the ${room} bytes CtxSize leaves for data` });
    }
    const pad = at + 16 + n;
    contexts.push({ header: ch, data: copyOf(body, at + 16, pad), padding: pad < at + ch.CtxSize ? copyOf(body, pad, at + ch.CtxSize) : NO_BYTES });
    at += ch.CtxSize;
  }
  if (at < body.length && warnings.length === 0) {
    warnings.push({ code: "trailing-bytes", field: "NvidiaEvent", offset: at, message: `${body.length - at} byte(s) after the last event context (kept)` });
  }
  return ok({ fields: header, info, contexts, trailing: at < body.length ? copyOf(body, at) : NO_BYTES }, warnings);
}

function encodedSize(v: NvidiaEventSection): number {
  let size = EventHeader.size + v.trailing.length;
  if (v.info) size += InfoHeader.size + v.info.data.length;
  for (const c of v.contexts) size += CtxHeader.size + c.data.length + c.padding.length;
  return size;
}

/** writeStruct through the body's one DataView (the compiled writer; writeStruct itself for its errors). */
function put<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>>, out: Uint8Array, dv: DataView, at: number): void {
  if (at + s.size > out.length || !compiledWriter(s)(out, dv, at, value as Record<string, unknown>, s.name)) writeStruct(s, value, out, at);
}

/** Encodes v into `out` (encodedSize(v) bytes, all zero). */
function encodeInto(v: NvidiaEventSection, out: Uint8Array): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  put(EventHeader, v.fields, out, dv, 0);
  let at = 32;
  if (v.info) {
    put(InfoHeader, v.info.header, out, dv, at);
    out.set(v.info.data, at + 3);
    at += 3 + v.info.data.length;
  }
  for (const c of v.contexts) {
    put(CtxHeader, c.header, out, dv, at);
    out.set(c.data, at + 16);
    out.set(c.padding, at + 16 + c.data.length);
    at += 16 + c.data.length + c.padding.length;
  }
  out.set(v.trailing, at);
}

function encode(v: NvidiaEventSection): Uint8Array {
  const out = new Uint8Array(encodedSize(v));
  encodeInto(v, out);
  return v.length !== undefined ? out.slice(0, v.length) : out;
}

// ---- libcper's text helpers ---------------------------------------------------

const hx = hexUpperWidth;

/** cper_printable_string_length(): characters before the first NUL, -1 when one of them is not printable ASCII; n when there is no NUL. */
export function printableLength(b: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0;
    if (c === 0) return i;
    if (c < 0x20 || c > 0x7e) return -1;
  }
  return n;
}

/** add_untrusted_string(): the text when printable, otherwise undefined (libcper then keeps its "" default). */
function untrusted(s: string, n: number): string | undefined {
  const len = printableTextLength(s, n);
  return len < 0 ? undefined : s.slice(0, len);
}

function pdiText(v: bigint): string {
  // "XX:XX:…:XX", most significant byte first, through two uint32 halves and the table.
  splitU64(v);
  const hi = hi32();
  const lo = lo32();
  return (
    HEX_UPPER[hi >>> 24]! + ":" + HEX_UPPER[(hi >>> 16) & 0xff]! + ":" + HEX_UPPER[(hi >>> 8) & 0xff]! + ":" + HEX_UPPER[hi & 0xff]! + ":" +
    HEX_UPPER[lo >>> 24]! + ":" + HEX_UPPER[(lo >>> 16) & 0xff]! + ":" + HEX_UPPER[(lo >>> 8) & 0xff]! + ":" + HEX_UPPER[lo & 0xff]!
  );
}

function pdiValue(s: unknown): bigint {
  if (typeof s !== "string") return 0n;
  const m = /^([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2})/i.exec(s);
  if (!m) return 0n;
  let v = 0n;
  for (let i = 1; i <= 8; i++) v = (v << 8n) | BigInt(parseInt(m[i]!, 16));
  return v;
}


/** The signature as libcper prints it: its printable prefix, or "" when that is not printable. */
export function signatureText(v: NvidiaEventSection): string {
  return signatureOf(v.fields.Signature);
}

/** libcper's message: "A <signature> Nvidia Event occurred". */
export function nvidiaEventMessage(v: NvidiaEventSection): string {
  return `A ${signatureText(v)} Nvidia Event occurred`;
}

// ---- typed views of the variable parts ---------------------------------------

function readAt<F extends Fields>(s: Struct<F>, b: Uint8Array, at = 0): Decoded<Struct<F>> {
  return readStruct(s, b, readView(b), at);
}

/** The device info variant libcper prints: key and decoded fields (undefined fields: variant printed empty). */
export function deviceInfo(v: NvidiaEventSection):
  | { key: "cpu"; fields?: Decoded<typeof CpuEventInfo> }
  | { key: "gpu"; fields?: Decoded<typeof GpuEventInfo> }
  | undefined {
  if (!v.info) return undefined;
  const major = v.info.header.InfoVersion >> 8;
  const dev = v.fields.SourceDeviceType;
  if (dev === 0 && major === CPU_INFO_MAJOR) {
    return infoFits(v.info, CpuEventInfo.size) ? { key: "cpu", fields: readAt(CpuEventInfo, v.info.data) } : { key: "cpu" };
  }
  if (dev === 1 && major === GPU_INFO_MAJOR) {
    return infoFits(v.info, GpuEventInfo.size) ? { key: "gpu", fields: readAt(GpuEventInfo, v.info.data) } : { key: "gpu" };
  }
  return undefined;
}

const ARRAYS: Readonly<Record<number, { variant: string; array: string; s: Struct<any>; keys: readonly [string, string, number][] }>> = {
  [DATA_FORMAT.TYPE_1]: { variant: "type1", array: "keyValArray64", s: KeyVal64, keys: [["key64", "Key", 16], ["val64", "Value", 16]] },
  [DATA_FORMAT.TYPE_2]: { variant: "type2", array: "keyValArray32", s: KeyVal32, keys: [["key32", "Key", 8], ["val32", "Value", 8]] },
  [DATA_FORMAT.TYPE_3]: { variant: "type3", array: "valArray64", s: Val64, keys: [["val64", "Value", 16]] },
  [DATA_FORMAT.TYPE_4]: { variant: "type4", array: "valArray32", s: Val32, keys: [["val32", "Value", 8]] },
};

const GPU_VARIANTS: Readonly<Record<number, string>> = {
  [DATA_FORMAT.GPU_INIT_METADATA]: "gpuInitMetadata",
  [DATA_FORMAT.GPU_EVENT_LEGACY_XID]: "gpuLegacyXid",
  [DATA_FORMAT.GPU_RECOMMENDED_ACTIONS]: "gpuRecommendedActions",
};

// ---- libcper JSON ---------------------------------------------------------

/**
 * A whole legacy-Xid context's message as add_untrusted_string() takes it: its printable length
 * within min(DataSize - 4, 236) bytes (-1: not printable, printed as ""), read from the bytes.
 */
function xidMessageLength(c: NvidiaEventContext): number {
  const m = Math.min(c.header.DataSize - 4, 236);
  // printableLength of data[4, 4 + m), read in place (bytes past the data count as NUL).
  const d = c.data;
  for (let i = 0; i < m; i++) {
    const x = 4 + i < d.length ? d[4 + i]! : 0;
    if (x === 0) return i;
    if (x < 0x20 || x > 0x7e) return -1;
  }
  return m;
}

// ---- libcper JSON (written through JsonOut: one description for the tree and the text) ----

function writeCpu(out: JsonOut, f: Decoded<typeof CpuEventInfo>): void {
  const a = f.Architecture;
  out.num("SocketNum", f.SocketNum);
  out.begin("Architecture");
  out.ascii("hidFam", hx(a & 0xf, 2));
  out.ascii("revision", `${(a >>> 4) & 0xf}.${(a >>> 16) & 0xf}`);
  out.ascii("chipId", hx((a >>> 8) & 0xff, 2));
  out.ascii("preSiPlatform", ((a >>> 20) & 0x1f) === 0 ? "Silicon" : "PreSilicon");
  out.bool("errorInjection", a >>> 31 === 1);
  out.end();
  out.ascii("Ecid1", hx(f.Ecid1, 8));
  out.ascii("Ecid2", hx(f.Ecid2, 8));
  out.ascii("Ecid3", hx(f.Ecid3, 8));
  out.ascii("Ecid4", hx(f.Ecid4, 8));
  out.ascii("InstanceBase", hx(f.InstanceBase, 16));
}

/** The GPU event info's members from its 13 bytes (GpuEventInfo: originator u8 @0, partitions u16 @1/@3, PDI u64 @5). */
function writeGpuBytes(out: JsonOut, d: Uint8Array): void {
  out.ascii("EventOriginator", EVENT_ORIGINATORS[d[0]!] ?? "Unknown");
  out.num("SourcePartition", d[1]! | (d[2]! << 8));
  out.num("SourceSubPartition", d[3]! | (d[4]! << 8));
  // pdiText: most significant byte first.
  out.ascii("Pdi", HEX_UPPER[d[12]!]! + ":" + HEX_UPPER[d[11]!]! + ":" + HEX_UPPER[d[10]!]! + ":" + HEX_UPPER[d[9]!]! + ":" + HEX_UPPER[d[8]!]! + ":" + HEX_UPPER[d[7]!]! + ":" + HEX_UPPER[d[6]!]! + ":" + HEX_UPPER[d[5]!]!);
}

/** Whether the info holds a whole structure of `size` bytes (InfoSize and the bytes kept). */
function infoFits(info: NonNullable<NvidiaEventSection["info"]>, size: number): boolean {
  return info.header.InfoSize >= 3 + size && info.data.length >= size;
}

function writeMetadata(out: JsonOut, m: Decoded<typeof GpuInitMetadata>): void {
  const str = (s: string, n: number): string => untrusted(s, n) ?? "";
  out.str("deviceName", str(m.DeviceName, 48));
  out.str("firmwareVersion", str(m.FirmwareVersion, 16));
  out.str("pfDriverMicrocodeVersion", str(m.PfDriverMicrocodeVersion, 16));
  out.str("pfDriverVersion", str(m.PfDriverVersion, 16));
  out.str("vfDriverVersion", str(m.VfDriverVersion, 16));
  out.ascii("configuration", hx(m.Configuration, 16));
  out.ascii("pdi", pdiText(m.Pdi));
  out.begin("architectureId");
  out.ascii("raw", hx(m.ArchitectureId, 8));
  out.ascii("architecture", GPU_ARCHITECTURES[(m.ArchitectureId >>> 24) & 0x3f] ?? "Unknown");
  out.end();
  out.num("hardwareInfoType", m.HardwareInfoType);
  if (m.HardwareInfoType === 0) {
    out.begin("pciInfo");
    out.ascii("class", hx(m.Class, 2));
    out.ascii("subclass", hx(m.Subclass, 2));
    out.ascii("rev", hx(m.Rev, 2));
    out.ascii("vendorId", hx(m.VendorId, 4));
    out.ascii("deviceId", hx(m.DeviceId, 4));
    out.ascii("subsystemVendorId", hx(m.SubsystemVendorId, 4));
    out.ascii("subsystemId", hx(m.SubsystemId, 4));
    out.ascii("bar0Start", hx(m.Bar0Start, 16));
    out.ascii("bar0Size", hx(m.Bar0Size, 16));
    out.ascii("bar1Start", hx(m.Bar1Start, 16));
    out.ascii("bar1Size", hx(m.Bar1Size, 16));
    out.ascii("bar2Start", hx(m.Bar2Start, 16));
    out.ascii("bar2Size", hx(m.Bar2Size, 16));
    out.end();
  }
}

/** contextDataJson's object, written into JsonOut under "data". */
function writeContextData(out: JsonOut, v: NvidiaEventSection, c: NvidiaEventContext): void {
  const t = c.header.DataFormatType;
  const whole = c.header.DataSize <= c.data.length;
  out.begin("data");
  const gpu = t === DATA_FORMAT.OPAQUE ? undefined : v.fields.SourceDeviceType === 1 ? GPU_VARIANTS[t] : undefined;
  const arr = t === DATA_FORMAT.OPAQUE || gpu !== undefined ? undefined : ARRAYS[t];
  if (gpu !== undefined) {
    out.begin(gpu);
    const n = c.header.DataSize;
    if (t === DATA_FORMAT.GPU_INIT_METADATA && whole && n >= GpuInitMetadata.size) writeMetadata(out, readAt(GpuInitMetadata, c.data));
    if (t === DATA_FORMAT.GPU_EVENT_LEGACY_XID && whole && n >= 4) {
      out.num("xidCode", u32At(c.data, 0));
      const len = xidMessageLength(c);
      out.str("message", len <= 0 ? "" : String.fromCharCode.apply(null, c.data.subarray(4, 4 + len) as unknown as number[]));
    }
    if (t === DATA_FORMAT.GPU_RECOMMENDED_ACTIONS && whole && n >= GpuRecommendedActions.size) {
      const r = readAt(GpuRecommendedActions, c.data);
      out.ascii("flags", hx(r.Flags, 2));
      out.num("recoveryAction", r.RecoveryAction);
      out.num("diagnosticFlow", r.DiagnosticFlow);
    }
    out.end();
  } else if (arr !== undefined) {
    out.begin(arr.variant);
    if (whole) {
      // libcper counts the elements in a UINT8.
      const count = Math.floor(c.header.DataSize / arr.s.size) & 0xff;
      out.beginArray(arr.array);
      const d = c.data;
      for (let i = 0; i < count; i++) {
        out.begin();
        for (const [k, f, digits] of arr.keys) {
          const at = i * arr.s.size + arr.s.fields[f]!.at;
          out.ascii(k, digits === 16 ? hexUpper64At(d, at) : hexUpper32(u32At(d, at)));
        }
        out.end();
      }
      out.endArray();
    }
    out.end();
  } else if (whole) out.ascii("opaque", toHex(c.data));
  else if (t !== DATA_FORMAT.OPAQUE) {
    out.begin("opaque");
    out.end();
  }
  out.end();
}

/** The event info and the contexts (cper_section_nvidia_events_to_ir), after the declared "eventHeader". */
function writeMore(v: NvidiaEventSection, out: JsonOut): void {
  if (v.info) {
    const iv = v.info.header.InfoVersion;
    out.begin("eventInfo");
    out.ascii("version", `${iv >> 8}.${iv & 0xff}`);
    const major = iv >> 8;
    const dev = v.fields.SourceDeviceType;
    // deviceInfo(v)'s choice; the GPU info printed straight from its bytes (the common case, no DataView).
    if (dev === 0 && major === CPU_INFO_MAJOR) {
      out.begin("cpu");
      if (infoFits(v.info, CpuEventInfo.size)) writeCpu(out, readAt(CpuEventInfo, v.info.data));
      out.end();
    }
    if (dev === 1 && major === GPU_INFO_MAJOR) {
      out.begin("gpu");
      if (infoFits(v.info, GpuEventInfo.size)) writeGpuBytes(out, v.info.data);
      out.end();
    }
    out.end();
  }
  out.beginArray("eventContexts");
  for (const c of v.contexts) {
    out.begin();
    out.num("version", c.header.CtxVersion);
    out.ascii("dataFormatType", hx(c.header.DataFormatType, 4));
    out.num("dataFormatVersion", c.header.DataFormatVersion);
    out.num("dataSize", c.header.DataSize);
    writeContextData(out, v, c);
    out.end();
  }
  out.endArray();
}

// ---- JSON → value (JsonReader; every member may be absent: zero) ------------------

const reader = (j: Record<string, unknown>, p: string): JsonReader => new JsonReader(j as JsonObject, p);
function versionPair(s: unknown, p: string): [number, number] {
  if (typeof s !== "string") throw new JsonPathError(p, 'expected "major.minor"');
  const m = /^(\d+)\.(\d+)$/.exec(s);
  if (!m) throw new JsonPathError(p, 'expected "major.minor"');
  return [Number(m[1]) & 0xff, Number(m[2]) & 0xff];
}

/** An optional sub-object (absent: an empty one). */
const optObj = (r: JsonReader, key: string): JsonReader => (r.has(key) ? r.obj(key) : new JsonReader({}, `${r.path}.${key}`));
const isEmpty = (r: JsonReader): boolean => Object.keys(r.value).length === 0;

function cpuFromJson(o: JsonReader): Uint8Array {
  const a = optObj(o, "Architecture");
  const [maj, min] = a.has("revision") ? versionPair(a.raw("revision"), `${a.path}.revision`) : [0, 0];
  const pre = a.raw("preSiPlatform");
  const arch =
    (numOf(a, "hidFam", 32) & 0xf) |
    ((maj & 0xf) << 4) |
    ((numOf(a, "chipId", 32) & 0xff) << 8) |
    ((min & 0xf) << 16) |
    ((pre === undefined || pre === "Silicon" ? 0 : 1) << 20) |
    ((a.raw("errorInjection") === true ? 1 : 0) << 31);
  return encodeStruct(CpuEventInfo, {
    SocketNum: numOf(o, "SocketNum", 8),
    Architecture: arch >>> 0,
    Ecid1: numOf(o, "Ecid1", 32),
    Ecid2: numOf(o, "Ecid2", 32),
    Ecid3: numOf(o, "Ecid3", 32),
    Ecid4: numOf(o, "Ecid4", 32),
    InstanceBase: uintOf(o, "InstanceBase", 64),
  });
}

function gpuFromJson(o: JsonReader): Uint8Array {
  return encodeStruct(GpuEventInfo, {
    EventOriginator: o.has("EventOriginator") ? nameIndex(EVENT_ORIGINATORS, o.raw("EventOriginator"), `${o.path}.EventOriginator`) & 0xff : 0,
    SourcePartition: numOf(o, "SourcePartition", 16),
    SourceSubPartition: numOf(o, "SourceSubPartition", 16),
    Pdi: pdiValue(o.raw("Pdi")),
  });
}

function metadataFromJson(o: JsonReader): Uint8Array {
  const pci = o.has("pciInfo") ? o.obj("pciInfo") : undefined;
  const hw = numOf(o, "hardwareInfoType", 8);
  const q = (k: string, bits: number): number => (pci && hw === 0 ? numOf(pci, k, bits) : 0);
  const q64 = (k: string): bigint => (pci && hw === 0 ? uintOf(pci, k, 64) : 0n);
  const arch = optObj(o, "architectureId");
  return encodeStruct(GpuInitMetadata, {
    DeviceName: text(o, "deviceName", 48),
    FirmwareVersion: text(o, "firmwareVersion", 16),
    PfDriverMicrocodeVersion: text(o, "pfDriverMicrocodeVersion", 16),
    PfDriverVersion: text(o, "pfDriverVersion", 16),
    VfDriverVersion: text(o, "vfDriverVersion", 16),
    Configuration: uintOf(o, "configuration", 64),
    Pdi: pdiValue(o.raw("pdi")),
    ArchitectureId: numOf(arch, "raw", 32),
    HardwareInfoType: hw,
    Class: q("class", 8),
    Subclass: q("subclass", 8),
    Rev: q("rev", 8),
    VendorId: q("vendorId", 16),
    DeviceId: q("deviceId", 16),
    SubsystemVendorId: q("subsystemVendorId", 16),
    SubsystemId: q("subsystemId", 16),
    Bar0Start: q64("bar0Start"),
    Bar0Size: q64("bar0Size"),
    Bar1Start: q64("bar1Start"),
    Bar1Size: q64("bar1Size"),
    Bar2Start: q64("bar2Start"),
    Bar2Size: q64("bar2Size"),
  });
}

function dataFromJson(d: JsonReader): Uint8Array {
  const opaque = d.raw("opaque");
  if (typeof opaque === "string") {
    if (!/^([0-9a-f]{2})*$/i.test(opaque)) throw new JsonPathError(`${d.path}.opaque`, "expected hex bytes");
    return Uint8Array.from(Buffer.from(opaque, "hex"));
  }
  for (const arr of Object.values(ARRAYS)) {
    if (!d.has(arr.variant)) continue;
    const inner = d.obj(arr.variant);
    const items = inner.raw(arr.array) ?? [];
    if (!Array.isArray(items)) throw new JsonPathError(`${inner.path}.${arr.array}`, "expected an array");
    const out = new Uint8Array(items.length * arr.s.size);
    items.forEach((x, i) => {
      const e = JsonReader.of(x, `${inner.path}.${arr.array}[${i}]`);
      const value: Record<string, number | bigint> = {};
      for (const [k, f, digits] of arr.keys) value[f] = digits === 16 ? uintOf(e, k, 64) : numOf(e, k, 32);
      writeStruct(arr.s, value, out, i * arr.s.size);
    });
    return out;
  }
  if (d.has("gpuInitMetadata")) {
    const m = d.obj("gpuInitMetadata");
    return isEmpty(m) ? NO_BYTES : metadataFromJson(m);
  }
  if (d.has("gpuLegacyXid")) {
    const x = d.obj("gpuLegacyXid");
    if (isEmpty(x)) return NO_BYTES;
    return encodeStruct(GpuLegacyXid, { XidCode: numOf(x, "xidCode", 32), Message: text(x, "message", 236) });
  }
  if (d.has("gpuRecommendedActions")) {
    const r = d.obj("gpuRecommendedActions");
    if (isEmpty(r)) return NO_BYTES;
    return encodeStruct(GpuRecommendedActions, {
      Flags: numOf(r, "flags", 8),
      Reserved1: new Uint8Array(3),
      RecoveryAction: numOf(r, "recoveryAction", 16),
      DiagnosticFlow: numOf(r, "diagnosticFlow", 16),
      Reserved2: new Uint8Array(8),
    });
  }
  return NO_BYTES;
}

/** The event info and the contexts read into the header the declared member gave. */
function fromLibMore(v: NvidiaEventSection, json: Record<string, unknown>, p: string, hint?: SectionJsonHint): NvidiaEventSection {
  const j = reader(json, p);
  const rawContexts = j.raw("eventContexts") ?? [];
  if (!Array.isArray(rawContexts)) throw new JsonPathError(`${p}.eventContexts`, "expected an array");
  // libcper's JSON has no CtxSize. Contexts are padded to 16 bytes (as the section's own layout and
  // libcper's to-cper do) unless the length the framing declares says they were packed (libcper's
  // generator writes them unpadded).
  const build = (aligned: boolean): NvidiaEventContext[] => rawContexts.map((x, i) => {
    const c = JsonReader.of(x, `${p}.eventContexts[${i}]`);
    let data = c.has("data") ? dataFromJson(c.obj("data")) : NO_BYTES;
    const dataSize = c.has("dataSize") ? c.libUint("dataSize", 32) : data.length;
    if (dataSize < data.length) data = data.slice(0, dataSize); // libcper writes DataSize bytes of a legacy Xid
    const used = CtxHeader.size + data.length;
    const ctxSize = aligned ? Math.ceil(used / 16) * 16 : used;
    return {
      header: {
        CtxSize: ctxSize,
        CtxVersion: numOf(c, "version", 16),
        Reserved1: new Uint8Array(2),
        DataFormatType: numOf(c, "dataFormatType", 16),
        DataFormatVersion: numOf(c, "dataFormatVersion", 16),
        DataSize: dataSize,
      },
      data,
      padding: new Uint8Array(ctxSize - used),
    };
  });
  let info: NvidiaEventSection["info"];
  if (j.has("eventInfo")) {
    const ei = j.obj("eventInfo");
    const [maj, min] = ei.has("version") ? versionPair(ei.raw("version"), `${ei.path}.version`) : [0, 0];
    let data: Uint8Array = NO_BYTES;
    if (ei.has("cpu") && !isEmpty(ei.obj("cpu"))) data = cpuFromJson(ei.obj("cpu"));
    else if (ei.has("gpu") && !isEmpty(ei.obj("gpu"))) data = gpuFromJson(ei.obj("gpu"));
    info = { header: { InfoVersion: (maj << 8) | min, InfoSize: InfoHeader.size + data.length }, data };
  }
  let contexts = build(true);
  if (hint?.length !== undefined) {
    const head = 32 + (info ? info.header.InfoSize : 0);
    const size = (cs: NvidiaEventContext[]): number => cs.reduce((n, c) => n + c.header.CtxSize, head);
    if (size(contexts) !== hint.length) {
      const packed = build(false);
      if (size(packed) === hint.length) contexts = packed;
    }
  }
  return {
    fields: { ...v.fields, EventContextCount: contexts.length & 0xff },
    ...(info ? { info } : {}),
    contexts,
    trailing: NO_BYTES,
  };
}

// ---- locate, text, lint ---------------------------------------------------------

function locate(v: NvidiaEventSection, at: number): string {
  if (at < 32) return `EventHeader.${locateFlat(EventHeader, at)}`;
  if (!v.info) return "TrailingData";
  if (at < 35) return `EventInfoHeader.${locateFlat(InfoHeader, at - 32)}`;
  let pos = 35 + v.info.data.length;
  if (at < pos) return "EventInfo";
  for (let i = 0; i < v.contexts.length; i++) {
    const c = v.contexts[i]!;
    if (at < pos + 16) return `EventContext[${i}].${locateFlat(CtxHeader, at - pos)}`;
    if (at < pos + 16 + c.data.length) return `EventContext[${i}].Data`;
    pos += 16 + c.data.length + c.padding.length;
    if (at < pos) return `EventContext[${i}].Padding`;
  }
  return "TrailingData";
}

function renderText(v: NvidiaEventSection): string[] {
  const h = v.fields;
  const lines = [
    `NVIDIA event ${JSON.stringify(h.Signature)}: version ${h.EventVersion}, source ${SOURCE_DEVICE_TYPES[h.SourceDeviceType] ?? `device type ${h.SourceDeviceType}`}, type ${hx(h.EventType, 4)}, subtype ${hx(h.EventSubtype, 4)}, link id ${hx(h.EventLinkId, 16)}`,
  ];
  if (v.length !== undefined) lines.push(`  (body is ${v.length} bytes, shorter than the 32-byte event header)`);
  if (v.info) {
    const iv = v.info.header.InfoVersion;
    lines.push(`  event info version ${iv >> 8}.${iv & 0xff}, ${v.info.header.InfoSize} bytes`);
    const d = deviceInfo(v);
    if (d?.key === "cpu" && d.fields) {
      const f = d.fields;
      lines.push(`  CPU socket ${f.SocketNum}, architecture ${hx(f.Architecture, 8)}, ECID ${[f.Ecid1, f.Ecid2, f.Ecid3, f.Ecid4].map((x) => hx(x, 8)).join(" ")}, instance base ${hx(f.InstanceBase, 16)}`);
    }
    if (d?.key === "gpu" && d.fields) {
      const f = d.fields;
      lines.push(`  GPU originator ${EVENT_ORIGINATORS[f.EventOriginator] ?? f.EventOriginator}, partition ${f.SourcePartition}.${f.SourceSubPartition}, PDI ${pdiText(f.Pdi)}`);
    }
  }
  v.contexts.forEach((c, i) => {
    const t = c.header.DataFormatType;
    const name = (v.fields.SourceDeviceType === 1 ? GPU_VARIANTS[t] : undefined) ?? ARRAYS[t]?.variant ?? "opaque";
    lines.push(`  context ${i}: ${name} (format ${hx(t, 4)} v${c.header.DataFormatVersion}), ${c.header.DataSize} data byte(s) in ${c.header.CtxSize}`);
  });
  if (v.trailing.length > 0) lines.push(`  ${v.trailing.length} byte(s) after the contexts`);
  return lines;
}

function lint(v: NvidiaEventSection): Finding[] {
  const out: Finding[] = [];
  const h = v.fields;
  if (v.length !== undefined) out.push({ severity: "error", offset: v.length, field: "EventHeader", message: `section body is ${v.length} bytes, the event header is 32`, spec: SPEC });
  if (h.EventVersion !== EVENT_HEADER_VERSION) out.push({ severity: "error", offset: 0, field: "EventVersion", message: `EventVersion ${h.EventVersion} (libcper decodes version ${EVENT_HEADER_VERSION} only)`, spec: SPEC });
  if (h.Reserved1[0] !== 0) out.push({ severity: "warning", offset: 3, field: "Reserved1", message: "reserved field Reserved1 is not zero", spec: SPEC });
  if (SOURCE_DEVICE_TYPES[h.SourceDeviceType] === undefined) out.push({ severity: "error", offset: 2, field: "SourceDeviceType", message: `SourceDeviceType ${h.SourceDeviceType} is not defined (0-5)`, spec: SPEC });
  if (v.length === undefined && !v.info) out.push({ severity: "error", offset: 32, field: "EventInfoHeader", message: "the body ends inside the event info header", spec: SPEC });
  let pos = 35 + (v.info?.data.length ?? 0);
  const d = deviceInfo(v);
  if (d !== undefined && d.fields === undefined) {
    out.push({ severity: "error", offset: 34, field: "EventInfoHeader.InfoSize", message: `InfoSize ${v.info!.header.InfoSize} is too small for the ${d.key.toUpperCase()} event info`, spec: SPEC });
  }
  if (v.length === undefined && v.info && v.contexts.length !== h.EventContextCount) {
    out.push({ severity: "error", offset: 1, field: "EventContextCount", message: `EventContextCount ${h.EventContextCount}, the section holds ${v.contexts.length} context(s)`, spec: SPEC });
  }
  v.contexts.forEach((c, i) => {
    const f = `EventContext[${i}]`;
    if (c.header.Reserved1.some((x) => x !== 0)) out.push({ severity: "warning", offset: pos + 6, field: `${f}.Reserved1`, message: "reserved field Reserved1 is not zero", spec: SPEC });
    if (c.header.DataSize > c.data.length) out.push({ severity: "error", offset: pos + 12, field: `${f}.DataSize`, message: `DataSize ${c.header.DataSize} exceeds the context (${c.data.length} data bytes fit in CtxSize ${c.header.CtxSize})`, spec: SPEC });
    if (c.header.CtxSize % 16 !== 0) out.push({ severity: "warning", offset: pos, field: `${f}.CtxSize`, message: `CtxSize ${c.header.CtxSize} is not a multiple of 16 (contexts are 16-byte aligned)`, spec: SPEC });
    if (c.padding.some((x) => x !== 0)) out.push({ severity: "warning", offset: pos + 16 + c.data.length, field: `${f}.Padding`, message: "alignment padding is not zero", spec: SPEC });
    pos += 16 + c.data.length + c.padding.length;
  });
  if (v.trailing.length > 0) out.push({ severity: "warning", offset: pos, field: "TrailingData", message: `${v.trailing.length} byte(s) belong to no event context`, spec: SPEC });
  return out;
}

// ---- the fast "_armras" path (the contract's projection): what fromLib(toLib(v)) rebuilds, computed directly ----

/** Event info bytes libcper's JSON rebuilds: the CPU/GPU structure it printed (Architecture as its keys keep it), else none. */
function projectInfo(v: NvidiaEventSection): Uint8Array {
  const d = deviceInfo(v);
  if (d?.key === "cpu" && d.fields) {
    const f = d.fields;
    const a = f.Architecture;
    // hidFam 3:0, major 7:4, chipId 15:8, minor 19:16 kept; PreSiPlatform 24:20 as one bit (bit 20); errorInjection 31.
    const arch = ((a & 0xf_ffff) | (((a >>> 20) & 0x1f) !== 0 ? 1 << 20 : 0) | (a & 0x8000_0000)) >>> 0;
    return encodeStruct(CpuEventInfo, { ...f, Architecture: arch });
  }
  if (d?.key === "gpu" && d.fields) {
    const f = d.fields;
    return encodeStruct(GpuEventInfo, { ...f, EventOriginator: EVENT_ORIGINATORS[f.EventOriginator] === undefined ? 0 : f.EventOriginator });
  }
  return NO_BYTES;
}

/** GPU init metadata strings (offset, size): each keeps its printable prefix (add_untrusted_string). */
const METADATA_STRINGS = (["DeviceName", "FirmwareVersion", "PfDriverMicrocodeVersion", "PfDriverVersion", "VfDriverVersion"] as const).map(
  (k) => [GpuInitMetadata.fields[k].at, GpuInitMetadata.fields[k].type.size] as const,
);

/** The metadata bytes libcper's JSON rebuilds: strings cut at their printable prefix, the PCI info only for HardwareInfoType 0. */
function projectMetadata(data: Uint8Array): Uint8Array {
  const out = data.slice(0, GpuInitMetadata.size);
  for (const [at, n] of METADATA_STRINGS) out.fill(0, at + Math.max(0, printableLength(out.subarray(at, at + n), n)), at + n);
  const hw = GpuInitMetadata.fields.HardwareInfoType.at;
  if (out[hw] !== 0) out.fill(0, hw + 1);
  return out;
}

/** A context's data bytes as libcper's JSON rebuilds them (before the DataSize cut). */
function projectData(v: NvidiaEventSection, c: NvidiaEventContext): Uint8Array {
  const t = c.header.DataFormatType;
  const n = c.header.DataSize;
  const whole = n <= c.data.length;
  if (!whole) return NO_BYTES;
  const gpu = v.fields.SourceDeviceType === 1 ? GPU_VARIANTS[t] : undefined;
  if (gpu !== undefined) {
    if (t === DATA_FORMAT.GPU_INIT_METADATA) return n >= GpuInitMetadata.size ? projectMetadata(c.data) : NO_BYTES;
    if (t === DATA_FORMAT.GPU_EVENT_LEGACY_XID) {
      if (n < 4) return NO_BYTES;
      const out = new Uint8Array(GpuLegacyXid.size);
      out.set(c.data.subarray(0, 4));
      const len = xidMessageLength(c);
      if (len > 0) out.set(c.data.subarray(4, 4 + len), 4);
      return out;
    }
    if (n < GpuRecommendedActions.size) return NO_BYTES;
    const r = readAt(GpuRecommendedActions, c.data);
    return encodeStruct(GpuRecommendedActions, { ...r, Reserved1: new Uint8Array(3), Reserved2: new Uint8Array(8) });
  }
  const arr = ARRAYS[t];
  // Arrays: every element's keys print whole; bytes past the last whole element are lost.
  if (arr !== undefined) return c.data.subarray(0, (Math.floor(n / arr.s.size) & 0xff) * arr.s.size);
  return c.data;
}

function project(v: NvidiaEventSection): NvidiaEventSection | undefined {
  if (v.length !== undefined) return undefined;
  const h = v.fields;
  const contexts = v.contexts.map((c): NvidiaEventContext => {
    let data = projectData(v, c);
    if (c.header.DataSize < data.length) data = data.subarray(0, c.header.DataSize);
    const used = CtxHeader.size + data.length;
    const ctxSize = Math.ceil(used / 16) * 16;
    return { header: { ...c.header, CtxSize: ctxSize, Reserved1: new Uint8Array(2) }, data, padding: new Uint8Array(ctxSize - used) };
  });
  let info: NvidiaEventSection["info"];
  if (v.info) {
    const data = projectInfo(v);
    info = { header: { InfoVersion: v.info.header.InfoVersion, InfoSize: InfoHeader.size + data.length }, data };
  }
  return {
    fields: {
      ...h,
      EventContextCount: contexts.length & 0xff,
      SourceDeviceType: SOURCE_DEVICE_TYPES[h.SourceDeviceType] === undefined ? 0 : h.SourceDeviceType,
      Reserved1: new Uint8Array(1),
      Signature: signatureText(v),
    },
    ...(info ? { info } : {}),
    contexts,
    trailing: NO_BYTES,
  };
}


/**
 * The patch field by field (json/patches.ts PatchBuilder) when project(v) keeps every structure at
 * its offset (the info and each context's data keep their length, each context is padded as the
 * projection pads it): what patchOf(encode(v), encode(project(v))) gives, without building the
 * projection or encoding either side. null otherwise.
 */
function samePlacePatch(v: NvidiaEventSection): Record<string, unknown> | undefined | null {
  if (v.length !== undefined) return null;
  const h = v.fields;
  const p = new PatchBuilder<NvidiaEventSection>(v, locate);
  p.int(0, 1, h.EventVersion, h.EventVersion);
  p.int(1, 1, h.EventContextCount, v.contexts.length & 0xff);
  p.int(2, 1, h.SourceDeviceType, SOURCE_DEVICE_TYPES[h.SourceDeviceType] === undefined ? 0 : h.SourceDeviceType);
  p.int(3, 1, h.Reserved1[0]!, 0);
  p.int(4, 2, h.EventType, h.EventType);
  p.int(6, 2, h.EventSubtype, h.EventSubtype);
  p.u64(8, h.EventLinkId, h.EventLinkId);
  // The signature keeps its printable prefix (signatureText).
  const sig = h.Signature;
  const kept = signatureOf(sig).length;
  for (let i = 0; i < 16; i++) {
    const c = i < sig.length ? sig.charCodeAt(i) : 0;
    p.int(16 + i, 1, c, i < kept ? c : 0);
  }
  let at = 32;
  if (v.info) {
    const data = projectInfo(v);
    if (data.length !== v.info.data.length) return null;
    p.int(32, 2, v.info.header.InfoVersion, v.info.header.InfoVersion);
    p.int(34, 1, v.info.header.InfoSize, InfoHeader.size + data.length);
    p.bytesVs(35, v.info.data, data);
    at = 35 + data.length;
    for (const c of v.contexts) {
      let data = projectData(v, c);
      if (c.header.DataSize < data.length) data = data.subarray(0, c.header.DataSize);
      const used = CtxHeader.size + data.length;
      const ctxSize = Math.ceil(used / 16) * 16;
      if (data.length !== c.data.length || c.padding.length !== ctxSize - used) return null;
      const ch = c.header;
      p.int(at, 4, ch.CtxSize, ctxSize);
      p.int(at + 4, 2, ch.CtxVersion, ch.CtxVersion);
      p.bytesVs(at + 6, ch.Reserved1, ZERO_16);
      p.int(at + 8, 2, ch.DataFormatType, ch.DataFormatType);
      p.int(at + 10, 2, ch.DataFormatVersion, ch.DataFormatVersion);
      p.int(at + 12, 4, ch.DataSize, ch.DataSize);
      if (data === c.data) p.bytes(at + 16, data, false);
      else p.bytesVs(at + 16, c.data, data);
      p.bytesVs(at + 16 + data.length, c.padding, ZERO_16);
      at += ctxSize;
    }
  } else if (v.contexts.length > 0) return null;
  p.bytes(at, v.trailing, true);
  return p.finish(v.trailing.length > 0 ? at + v.trailing.length : undefined);
}
const ZERO_16 = new Uint8Array(16);

/** The patch field by field when the structures stay in place, else patchOf(encode(v), encode(project(v)), locate) with both encodings in scratch bodies; null: the generic path. */
function direct(v: NvidiaEventSection): Record<string, unknown> | undefined | null {
  const same = samePlacePatch(v);
  if (same !== null) return same;
  const p = project(v);
  if (p === undefined) return null;
  const a = scratchBody(0, encodedSize(v));
  encodeInto(v, a);
  const b = scratchBody(1, encodedSize(p));
  encodeInto(p, b);
  return patchOf(a, b, (o) => locate(v, o));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * For the GPU legacy-Xid and recommended-actions contexts, whether projectData (cut to DataSize)
 * equals the data, checked in place; undefined for the other shapes (compare projectData's bytes).
 * Xid: the code and the printable message prefix are kept, the rest of the 240 bytes is zero.
 * Recommended actions: exactly the 16-byte structure, its reserved fields zero.
 */
function dataKept(v: NvidiaEventSection, c: NvidiaEventContext): boolean | undefined {
  const t = c.header.DataFormatType;
  const n = c.header.DataSize;
  if (v.fields.SourceDeviceType !== 1 || n > c.data.length) return undefined;
  if (t === DATA_FORMAT.GPU_EVENT_LEGACY_XID && n >= 4) {
    if (n > GpuLegacyXid.size) return false;
    for (let i = 4 + Math.max(0, xidMessageLength(c)); i < n; i++) if (c.data[i] !== 0) return false;
    return true;
  }
  if (t === DATA_FORMAT.GPU_INIT_METADATA && n >= GpuInitMetadata.size) {
    // projectMetadata's bytes, checked in place: each string zero after its printable prefix, nothing after HardwareInfoType unless it is 0.
    if (n !== GpuInitMetadata.size) return false;
    const d = c.data;
    for (const [at, len] of METADATA_STRINGS) {
      let k = 0;
      while (k < len && d[at + k] !== 0) {
        const x = d[at + k]!;
        if (x < 0x20 || x > 0x7e) {
          k = 0; // not printable: nothing of the string is kept
          break;
        }
        k++;
      }
      for (let i = at + k; i < at + len; i++) if (d[i] !== 0) return false;
    }
    const hw = GpuInitMetadata.fields.HardwareInfoType.at;
    if (d[hw] !== 0) for (let i = hw + 1; i < n; i++) if (d[i] !== 0) return false;
    return true;
  }
  if (t === DATA_FORMAT.GPU_RECOMMENDED_ACTIONS && n >= GpuRecommendedActions.size) {
    if (n !== GpuRecommendedActions.size) return false;
    for (const k of ["Reserved1", "Reserved2"] as const) {
      const f = GpuRecommendedActions.fields[k];
      for (let i = f.at; i < f.at + f.type.size; i++) if (c.data[i] !== 0) return false;
    }
    return true;
  }
  return undefined;
}

/** Whether projectInfo(v) is the info's data and InfoSize is 3 + its length, checked in place (no decode or encode of the device info). */
function infoKept(v: NvidiaEventSection, info: NonNullable<NvidiaEventSection["info"]>): boolean {
  const major = info.header.InfoVersion >> 8;
  const dev = v.fields.SourceDeviceType;
  const size = info.header.InfoSize;
  const d = info.data;
  let want = 0;
  if (dev === 0 && major === CPU_INFO_MAJOR && size >= 3 + CpuEventInfo.size && d.length >= CpuEventInfo.size) {
    want = CpuEventInfo.size;
    // projectInfo keeps Architecture bits 19:0, bit 31 and PreSiPlatform (24:20) as bit 20: bits 30:21 must be clear.
    const at = CpuEventInfo.fields.Architecture.at;
    if (d.length === want && ((d[at + 2]! >>> 5) | (d[at + 3]! & 0x7f)) !== 0) return false;
  } else if (dev === 1 && major === GPU_INFO_MAJOR && size >= 3 + GpuEventInfo.size && d.length >= GpuEventInfo.size) {
    want = GpuEventInfo.size;
    // An EventOriginator libcper does not name is read back as 0.
    if (d.length === want && EVENT_ORIGINATORS[d[GpuEventInfo.fields.EventOriginator.at]!] === undefined) return false;
  }
  return d.length === want && size === InfoHeader.size + want;
}

/**
 * Nothing dropped: project(v) would be v itself (what sameValue(project(v), v) says), checked in
 * place without building the projection: the header's derived fields, the info bytes, and per
 * context its data, canonical CtxSize, zero reserved bytes and padding.
 */
function lossless(v: NvidiaEventSection): boolean {
  if (v.length !== undefined || v.trailing.length !== 0) return false;
  const h = v.fields;
  if (h.EventContextCount !== (v.contexts.length & 0xff) || SOURCE_DEVICE_TYPES[h.SourceDeviceType] === undefined || h.Reserved1[0] !== 0 || h.Signature !== signatureText(v)) return false;
  if (v.info && !infoKept(v, v.info)) return false;
  for (const c of v.contexts) {
    const kept = dataKept(v, c);
    let used: number;
    if (kept !== undefined) {
      if (!kept) return false;
      used = CtxHeader.size + c.data.length;
    } else {
      let data = projectData(v, c);
      if (c.header.DataSize < data.length) data = data.subarray(0, c.header.DataSize);
      used = CtxHeader.size + data.length;
      if (!sameBytes(data, c.data)) return false;
    }
    if (c.header.CtxSize !== Math.ceil(used / 16) * 16 || c.header.Reserved1[0] !== 0 || c.header.Reserved1[1] !== 0) return false;
    if (c.padding.length !== c.header.CtxSize - used) return false;
    for (let i = 0; i < c.padding.length; i++) if (c.padding[i] !== 0) return false;
  }
  return true;
}

/** The event header, the info header and device info, then EventContextCount contexts (each bounded by its CtxSize and the body), kept trailing bytes. */
const EVENT_BODY: BodyKind<(typeof EventHeader)["fields"], NvidiaEventSection> = {
  decode: (_s, body) => decode(body),
  encode: (_s, v) => encode(v),
  project: (v) => project(v) ?? v,
  keepsRest: (v) => lossless(v),
  fromFields: (fields) => ({ fields, contexts: [], trailing: NO_BYTES }),
};

export const nvidiaEventCodec = declareSection({
  key: "nvidia-event",
  guid: "9068e568-6ca0-11f0-aeaf-159343591eac",
  name: "NVIDIA Event",
  libcperKey: "NvidiaEvent",
  libcperTypeName: "NvidiaEvent",
  message: "A Nvidia Event occurred",
  messageOf: nvidiaEventMessage,
  layout: EventHeader,
  spec: SPEC,
  body: EVENT_BODY,
  writeMore: (v, _opts, out) => writeMore(v, out),
  fromLibMore,
  locate,
  renderText,
  lint,
  ownLint: true,
  projection: { lossless, project, direct },
});
