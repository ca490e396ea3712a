// libcper-compatible JSON for the three framings, and its inverse.
//
// Record framing: libcper's document {header, sectionDescriptors, sections}.
// Where libcper's keys cannot carry every byte (fields whose validation bit is
// clear, reserved bytes, non-BCD timestamps, gap bytes), an extra "_armras"
// member holds exactly the missing bytes as {offset, hex} patches, so
// fromJson(toJson(x)) encodes to the identical bytes. The estatus and bare-section
// framings have no libcper form; their JSON is ours (documented in docs/cper.md).
import { encodeStruct, type Fields, type Struct, type Decoded } from "../layout/struct.js";
import { decodeError, fail, ok, type Result } from "../layout/result.js";
import { RecordHeader, HEADER_FLAG_NAMES, NOTIFICATION_TYPES, SEVERITY_NAMES } from "./layouts/record-header.js";
import { DESCRIPTOR_FLAGS, SectionDescriptor } from "./layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus, gedeSize } from "./layouts/estatus.js";
import { isBcd, timestampFromIso, timestampIso, type CperTimestamp } from "./layouts/timestamp.js";
import { codecByLibcperKey, codecFor, codecOf } from "./registry.js";
import { unknownCodec } from "./sections/unknown.js";
import { DEFAULT_SECTION_OPTIONS, type DecodedSection, type SectionDecodeOptions } from "./section-api.js";
import { bitSet, flagsFromJson, flagsJson, fromHex, jsonInt, JsonPathError, JsonReader, stringifyJson, toBase64, toHex, type Json, type JsonObject } from "./json-helpers.js";
import type { BareSection, CperRecord, CperTree, DataEntry, Estatus, ExtraBytes } from "./model.js";
import { SECTION_MESSAGES } from "./messages.js";

export const EXTRA = "_armras";

type Obj = Record<string, unknown>;

// ---- byte patches for fixed structures -------------------------------------

interface Patch {
  offset: number;
  hex: string;
}

function diffPatches(actual: Uint8Array, base: Uint8Array): Patch[] {
  const out: Patch[] = [];
  let i = 0;
  while (i < actual.length) {
    if (actual[i] === base[i]) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < actual.length && (actual[j] !== base[j] || (j + 1 < actual.length && actual[j + 1] !== base[j + 1]))) j++;
    out.push({ offset: i, hex: toHex(actual.subarray(i, j)) });
    i = j;
  }
  return out;
}

function withPatch<F extends Fields>(s: Struct<F>, actual: Decoded<Struct<F>>, rebuilt: () => Decoded<Struct<F>>, json: Obj, lossless = false): Obj {
  if (lossless) return json;
  const a = encodeStruct(s, actual);
  let b: Uint8Array;
  try {
    b = encodeStruct(s, rebuilt());
  } catch {
    b = new Uint8Array(s.size);
  }
  const p = diffPatches(a, b);
  if (p.length > 0) json[EXTRA] = { patch: p };
  return json;
}

function applyPatch<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>>, r: JsonReader, decode: (b: Uint8Array) => Decoded<Struct<F>>): Decoded<Struct<F>> {
  if (!r.has(EXTRA)) return value;
  const x = r.obj(EXTRA);
  if (!x.has("patch")) return value;
  const bytes = encodeStruct(s, value);
  x.arr("patch").forEach((_, i) => {
    const p = x.at(i, "patch");
    const at = p.uint("offset", 32);
    const hex = fromHex(p.str("hex"), `${p.path}.hex`);
    if (at + hex.length > bytes.length) throw new JsonPathError(p.path, `patch runs past the ${s.size}-byte ${s.name}`);
    bytes.set(hex, at);
  });
  return decode(bytes);
}

const sev = (code: number) => ({ code, name: SEVERITY_NAMES[code] ?? "Unknown" });
const rev = (r: number) => ({ major: r >> 8, minor: r & 0xff });
const revFrom = (r: JsonReader) => (r.uint("major", 8) << 8) | r.uint("minor", 8);

function readBack<F extends Fields>(s: Struct<F>) {
  return (b: Uint8Array) => {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out: Record<string, unknown> = {};
    for (const k of s.order) out[k] = s.fields[k]!.type.read(b, view, s.fields[k]!.at);
    return out as Decoded<Struct<F>>;
  };
}

// ---- record header -----------------------------------------------------------

function headerJson(h: RecordHeader): Obj {
  const o: Obj = { revision: rev(h.Revision), sectionCount: h.SectionCount, severity: sev(h.ErrorSeverity), recordLength: h.RecordLength };
  if (bitSet(h.ValidationBits, 1)) {
    o.timestamp = timestampIso(h.TimeStamp);
    o.timestampIsPrecise = (h.TimeStamp.Flags & 1) === 1;
  }
  if (bitSet(h.ValidationBits, 0)) o.platformID = h.PlatformID;
  if (bitSet(h.ValidationBits, 2)) o.partitionID = h.PartitionID;
  o.creatorID = h.CreatorID;
  o.notificationType = { guid: h.NotificationType, type: NOTIFICATION_TYPES[h.NotificationType] ?? "Unknown" };
  o.recordID = jsonInt(h.RecordID);
  o.flags = { value: h.Flags, name: HEADER_FLAG_NAMES[h.Flags] ?? "Unknown" };
  o.persistenceInfo = jsonInt(h.PersistenceInformation);
  return withPatch(RecordHeader, h, () => headerFromJson(JsonReader.of(o, "header"), false), o, headerLossless(h));
}

const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

const STAMP_KEYS = ["Seconds", "Minutes", "Hours", "Day", "Month", "Year", "Century"] as const;

/** A timestamp libcper's text carries exactly: every byte BCD, Flags 0 or 1. */
function stampLossless(t: CperTimestamp): boolean {
  if (t.Flags > 1) return false;
  for (const k of STAMP_KEYS) if (!isBcd(t[k])) return false;
  return true;
}

/** Whether headerJson's keys carry every header byte (no "_armras" patch needed). */
function headerLossless(h: RecordHeader): boolean {
  const vb = h.ValidationBits;
  if (h.SignatureEnd !== 0xffffffff || vb >>> 3 !== 0 || h.Reserved.some((x) => x !== 0)) return false;
  if (vb & 2 ? !stampLossless(h.TimeStamp) : h.TimeStamp.Flags !== 0 || STAMP_KEYS.some((k) => h.TimeStamp[k] !== 0)) return false;
  if (!(vb & 1) && h.PlatformID !== ZERO_GUID) return false;
  if (!(vb & 4) && h.PartitionID !== ZERO_GUID) return false;
  return true;
}

/** Whether descriptorJson's keys carry every descriptor byte. */
function descriptorLossless(d: SectionDescriptor): boolean {
  const vb = d.SecValidMask;
  if (vb >>> 2 !== 0 || d.Reserved !== 0 || d.Flags >>> 8 !== 0) return false;
  if (!(vb & 1) && d.FruId !== ZERO_GUID) return false;
  return vb & 2 ? printable(d.FruString) : d.FruString === "";
}
const ZERO_STAMP: CperTimestamp = { Seconds: 0, Minutes: 0, Hours: 0, Flags: 0, Day: 0, Month: 0, Year: 0, Century: 0 };

/**
 * The timestamp from libcper's ISO text. Bytes that are not BCD can print as text
 * that does not parse back (e.g. minute 0xff prints as "165"); with an "_armras"
 * patch present (lenient), such a timestamp starts from zeros and the patch
 * restores its bytes.
 */
function stampFrom(r: JsonReader, key: string, preciseKey: string, lenient: boolean): CperTimestamp {
  const s = r.str(key);
  const t = timestampFromIso(s, r.optBool(preciseKey));
  if (!t && lenient) return ZERO_STAMP;
  if (!t) throw new JsonPathError(`${r.path}.${key}`, `expected CCYY-MM-DDThh:mm:ss+00:00, got '${s}'`);
  return t;
}

function headerFromJson(r: JsonReader, patch = true): RecordHeader {
  let vb = 0;
  if (r.has("platformID")) vb |= 1;
  if (r.has("timestamp")) vb |= 2;
  if (r.has("partitionID")) vb |= 4;
  const h: RecordHeader = {
    SignatureStart: "CPER",
    Revision: r.has("revision") ? revFrom(r.obj("revision")) : 0x0101,
    SignatureEnd: 0xffffffff,
    SectionCount: r.optUint("sectionCount", 16),
    ErrorSeverity: r.has("severity") ? r.obj("severity").uint("code", 32) : 0,
    ValidationBits: vb,
    RecordLength: r.optUint("recordLength", 32),
    TimeStamp: r.has("timestamp") ? stampFrom(r, "timestamp", "timestampIsPrecise", !patch || r.has(EXTRA)) : ZERO_STAMP,
    PlatformID: r.has("platformID") ? r.guid("platformID") : ZERO_GUID,
    PartitionID: r.has("partitionID") ? r.guid("partitionID") : ZERO_GUID,
    CreatorID: r.has("creatorID") ? r.guid("creatorID") : ZERO_GUID,
    NotificationType: r.has("notificationType") ? r.obj("notificationType").guid("guid") : ZERO_GUID,
    RecordID: r.optU64("recordID"),
    Flags: r.has("flags") ? r.obj("flags").uint("value", 32) : 0,
    PersistenceInformation: r.optU64("persistenceInfo"),
    Reserved: new Uint8Array(12),
  };
  return patch ? applyPatch(RecordHeader, h, r, readBack(RecordHeader)) : h;
}

// ---- section descriptor ------------------------------------------------------------

function printable(s: string): boolean {
  return s !== "" && /^[\x20-\x7e]*$/.test(s);
}

function cstr(s: string): string {
  const z = s.indexOf("\0");
  return z >= 0 ? s.slice(0, z) : s;
}

function descriptorJson(d: SectionDescriptor, codecKey: string): Obj {
  const o: Obj = { sectionOffset: d.SectionOffset, sectionLength: d.SectionLength, revision: rev(d.Revision), flags: flagsJson(d.Flags, DESCRIPTOR_FLAGS) };
  o.sectionType = { data: d.SectionType, type: codecFor(d.SectionType).libcperTypeName };
  void codecKey;
  if (bitSet(d.SecValidMask, 0)) o.fruID = d.FruId;
  // libcper leaves out a FRU text that is empty or not printable ASCII even when its
  // validation bit is set (libcper_pcie: text starting with 0x0f); the bytes stay in "_armras".
  if (bitSet(d.SecValidMask, 1) && printable(cstr(d.FruString))) o.fruText = cstr(d.FruString);
  o.severity = sev(d.SectionSeverity);
  return withPatch(SectionDescriptor, d, () => descriptorFromJson(JsonReader.of(o, "d"), false), o, descriptorLossless(d));
}

function descriptorFromJson(r: JsonReader, patch = true): SectionDescriptor {
  let vb = 0;
  if (r.has("fruID")) vb |= 1;
  if (r.has("fruText")) vb |= 2;
  const d: SectionDescriptor = {
    SectionOffset: r.optUint("sectionOffset", 32),
    SectionLength: r.optUint("sectionLength", 32),
    Revision: r.has("revision") ? revFrom(r.obj("revision")) : 0x0300,
    SecValidMask: vb,
    Reserved: 0,
    Flags: r.has("flags") ? flagsFromJson(r.obj("flags"), DESCRIPTOR_FLAGS) : 0,
    SectionType: r.obj("sectionType").guid("data"),
    FruId: r.has("fruID") ? r.guid("fruID") : ZERO_GUID,
    SectionSeverity: r.has("severity") ? r.obj("severity").uint("code", 32) : 0,
    FruString: r.optStr("fruText"),
  };
  return patch ? applyPatch(SectionDescriptor, d, r, readBack(SectionDescriptor)) : d;
}

// ---- section bodies ------------------------------------------------------------------

function sectionMessage(s: DecodedSection, opts: SectionDecodeOptions): string | undefined {
  const c = codecOf(s);
  if (c.key === "unknown") return undefined;
  if (c.messageOf) return c.messageOf(s.value, opts);
  const m = SECTION_MESSAGES[c.key];
  if (m) return m(s.value);
  return (c as { message?: string }).message;
}

export function sectionJson(s: DecodedSection, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  const c = codecOf(s);
  const o: Obj = {};
  const m = sectionMessage(s, opts);
  if (m !== undefined) o.message = m;
  o[c.libcperKey] = c.toJson(s.value, opts);
  return o;
}

export function sectionFromJson(r: JsonReader, guid: string): DecodedSection {
  const keys = Object.keys(r.value).filter((k) => k !== "message");
  const key = keys[0];
  if (key === undefined) throw new JsonPathError(r.path, "expected a section object (e.g. {\"Memory\": {...}})");
  if (key === "Unknown") {
    const v = unknownCodec(guid).fromJson(r.value[key]);
    if (!v.ok) throw new JsonPathError(`${r.path}.Unknown`, v.error.message);
    return { guid, codec: "unknown", value: v.value };
  }
  const c = codecByLibcperKey(key) ?? codecFor(guid);
  if (c.libcperKey !== key) throw new JsonPathError(`${r.path}.${key}`, `no section codec uses the key '${key}'`);
  const v = c.fromJson(r.value[key]);
  if (!v.ok) throw new JsonPathError(`${r.path}.${key}${v.error.field.startsWith(key) ? v.error.field.slice(key.length) : "." + v.error.field}`, v.error.message);
  return { guid, codec: c.key, value: v.value };
}

// ---- extra bytes ---------------------------------------------------------------

function extraJson(extra: readonly ExtraBytes[]): Obj[] {
  return extra.map((x) => ({ offset: x.offset, hex: toHex(x.bytes) }));
}

function extraFromJson(r: JsonReader): ExtraBytes[] {
  if (!r.has(EXTRA)) return [];
  const x = r.obj(EXTRA);
  if (!x.has("extra")) return [];
  return x.arr("extra").map((_, i) => {
    const e = x.at(i, "extra");
    return { offset: e.uint("offset", 32), bytes: fromHex(e.str("hex"), `${e.path}.hex`) };
  });
}

// ---- framings ---------------------------------------------------------------------

export function recordToJson(t: CperRecord, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  const o: Obj = {
    header: headerJson(t.header),
    sectionDescriptors: t.sections.map((s) => descriptorJson(s.descriptor, s.section.codec)),
    sections: t.sections.map((s) => sectionJson(s.section, opts)),
  };
  if (t.extra.length > 0 || t.truncatedTo !== undefined) {
    const x: Obj = {};
    if (t.extra.length > 0) x.extra = extraJson(t.extra);
    if (t.truncatedTo !== undefined) x.truncatedTo = t.truncatedTo;
    o[EXTRA] = x;
  }
  return o;
}

function recordFromJson(r: JsonReader): CperRecord {
  const header = headerFromJson(r.obj("header"));
  const ds = r.arr("sectionDescriptors");
  const ss = r.arr("sections");
  if (ds.length !== ss.length) throw new JsonPathError(`${r.path}.sections`, `${ss.length} section(s) but ${ds.length} descriptor(s)`);
  const sections = ds.map((_, i) => {
    const descriptor = descriptorFromJson(r.at(i, "sectionDescriptors"));
    return { descriptor, section: sectionFromJson(r.at(i, "sections"), descriptor.SectionType) };
  });
  const x = r.optObj(EXTRA);
  const cut = x?.has("truncatedTo") ? x.uint("truncatedTo", 32) : undefined;
  return cut === undefined ? { framing: "record", header, sections, extra: extraFromJson(r) } : { framing: "record", header, sections, extra: extraFromJson(r), truncatedTo: cut };
}

const BLOCK_STATUS_BITS = [
  ["uncorrectableErrorValid", 0],
  ["correctableErrorValid", 1],
  ["multipleUncorrectableErrors", 2],
  ["multipleCorrectableErrors", 3],
] as const;

function entryJson(e: DataEntry): Obj {
  const o: Obj = {
    sectionType: { data: e.SectionType, type: codecFor(e.SectionType).libcperTypeName },
    errorSeverity: sev(e.ErrorSeverity),
    revision: rev(e.Revision),
    validationBits: e.ValidationBits,
    flags: e.Flags,
    errorDataLength: e.ErrorDataLength,
  };
  if (bitSet(e.ValidationBits, 0)) o.fruID = e.FruId;
  if (bitSet(e.ValidationBits, 1)) o.fruText = cstr(e.FruText);
  if (e.TimeStamp && bitSet(e.ValidationBits, 2)) {
    o.timestamp = timestampIso(e.TimeStamp);
    o.timestampIsPrecise = (e.TimeStamp.Flags & 1) === 1;
  }
  const s = e.TimeStamp ? GenericErrorDataEntryV3 : GenericErrorDataEntry;
  return withPatch(s as typeof GenericErrorDataEntryV3, e as never, () => entryFromJson(JsonReader.of(o, "e"), false) as never, o, entryLossless(e));
}

/** Whether entryJson's keys carry every byte of the entry. */
function entryLossless(e: DataEntry): boolean {
  const vb = e.ValidationBits;
  if (!(vb & 1) && e.FruId !== ZERO_GUID) return false;
  if (vb & 2 ? cstr(e.FruText) !== e.FruText : e.FruText !== "") return false;
  if (e.TimeStamp) {
    const t = e.TimeStamp;
    if (vb & 4 ? !stampLossless(t) : t.Flags !== 0 || STAMP_KEYS.some((k) => t[k] !== 0)) return false;
  }
  return true;
}

function entryFromJson(r: JsonReader, patch = true): DataEntry {
  const revision = r.has("revision") ? revFrom(r.obj("revision")) : 0x300;
  const base = {
    SectionType: r.obj("sectionType").guid("data"),
    ErrorSeverity: r.has("errorSeverity") ? r.obj("errorSeverity").uint("code", 32) : 0,
    Revision: revision,
    ValidationBits: r.optUint("validationBits", 8, (r.has("fruID") ? 1 : 0) | (r.has("fruText") ? 2 : 0) | (r.has("timestamp") ? 4 : 0)),
    Flags: r.optUint("flags", 8),
    ErrorDataLength: r.optUint("errorDataLength", 32),
    FruId: r.has("fruID") ? r.guid("fruID") : ZERO_GUID,
    FruText: r.optStr("fruText"),
  };
  if (gedeSize(revision) === 72) {
    const v = { ...base, TimeStamp: r.has("timestamp") ? stampFrom(r, "timestamp", "timestampIsPrecise", !patch || r.has(EXTRA)) : ZERO_STAMP };
    return patch ? applyPatch(GenericErrorDataEntryV3, v, r, readBack(GenericErrorDataEntryV3)) : v;
  }
  return patch ? applyPatch(GenericErrorDataEntry, base, r, readBack(GenericErrorDataEntry)) : base;
}

export function estatusToJson(t: Estatus, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  const b = t.block;
  const block: Obj = {
    blockStatus: { ...flagsJson(b.BlockStatus, BLOCK_STATUS_BITS), errorDataEntryCount: (b.BlockStatus >>> 4) & 0x3ff },
    rawDataOffset: b.RawDataOffset,
    rawDataLength: b.RawDataLength,
    dataLength: b.DataLength,
    errorSeverity: sev(b.ErrorSeverity),
  };
  const o: Obj = {
    genericErrorStatus: withPatch(GenericErrorStatus, b, () => blockFromJson(JsonReader.of(block, "b"), false), block, b.BlockStatus >>> 14 === 0),
    errorDataEntries: t.entries.map((e) => entryJson(e.entry)),
    sections: t.entries.map((e) => sectionJson(e.section, opts)),
  };
  if (t.rawData) o.rawData = toBase64(t.rawData);
  if (t.extra.length > 0) o[EXTRA] = { extra: extraJson(t.extra) };
  return o;
}

function blockFromJson(r: JsonReader, patch = true) {
  const bs = r.obj("blockStatus");
  const v = {
    BlockStatus: (flagsFromJson(bs, BLOCK_STATUS_BITS) | (bs.optUint("errorDataEntryCount", 10) << 4)) >>> 0,
    RawDataOffset: r.optUint("rawDataOffset", 32),
    RawDataLength: r.optUint("rawDataLength", 32),
    DataLength: r.optUint("dataLength", 32),
    ErrorSeverity: r.has("errorSeverity") ? r.obj("errorSeverity").uint("code", 32) : 0,
  };
  return patch ? applyPatch(GenericErrorStatus, v, r, readBack(GenericErrorStatus)) : v;
}

function estatusFromJson(r: JsonReader): Estatus {
  const block = blockFromJson(r.obj("genericErrorStatus"));
  const es = r.arr("errorDataEntries");
  const ss = r.arr("sections");
  if (es.length !== ss.length) throw new JsonPathError(`${r.path}.sections`, `${ss.length} section(s) but ${es.length} entr(ies)`);
  const entries = es.map((_, i) => {
    const entry = entryFromJson(r.at(i, "errorDataEntries"));
    return { entry, section: sectionFromJson(r.at(i, "sections"), entry.SectionType) };
  });
  const extra = extraFromJson(r);
  return r.has("rawData") ? { framing: "estatus", block, entries, rawData: r.base64("rawData"), extra } : { framing: "estatus", block, entries, extra };
}

export function bareToJson(t: BareSection, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  return { sectionType: { data: t.section.guid, type: codecFor(t.section.guid).libcperTypeName }, section: sectionJson(t.section, opts) };
}

export function toJson(t: CperTree, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  switch (t.framing) {
    case "record":
      return recordToJson(t, opts);
    case "estatus":
      return estatusToJson(t, opts);
    case "section":
      return bareToJson(t, opts);
  }
}

/** JSON text of a tree (libcper-compatible, big integers exact); `indent` 0 for NDJSON. */
export function toJsonText(t: CperTree, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS, indent = 4): string {
  return stringifyJson(toJson(t, opts), indent, true);
}

/** The tree from JSON (any of the three framings, told apart by their top-level keys). */
export function fromJson(json: Json | unknown): Result<CperTree> {
  try {
    const r = JsonReader.of(json, "$");
    if (r.has("header")) return ok(recordFromJson(r));
    if (r.has("genericErrorStatus")) return ok(estatusFromJson(r));
    if (r.has("section") && r.has("sectionType")) {
      const guid = r.obj("sectionType").guid("data");
      return ok({ framing: "section", section: sectionFromJson(r.obj("section"), guid) });
    }
    return fail(decodeError("invalid", "$", 0, "not a CPER JSON document: expected 'header' (record), 'genericErrorStatus' (status block) or 'section' + 'sectionType'"));
  } catch (e) {
    if (e instanceof JsonPathError) return fail(decodeError("invalid", e.path, 0, e.message));
    if (e instanceof Error && e.name === "EncodeError") return fail(decodeError("invalid", (e as Error & { field: string }).field, 0, e.message));
    throw e;
  }
}

export type { JsonObject };
