// libcper-compatible JSON for the three framings, and its inverse.
//
// Record framing: libcper's document {header, sectionDescriptors, sections}.
// Where libcper's keys cannot carry every byte (fields whose validation bit is
// clear, reserved bytes, non-BCD timestamps, gap bytes), an extra "_armras"
// member holds exactly the missing bytes as {offset, hex} patches, so
// fromJson(toJson(x)) encodes to the identical bytes. The estatus and bare-section
// framings have no libcper form; their JSON is ours (documented in docs/cper.md).
import { NULL_GUID } from "../../layout/guid.js";
import { encodeStruct, readStruct, viewOf, type Fields, type Struct, type Decoded } from "../../layout/struct.js";
import { decodeError, fail, ok, type Result } from "../../layout/result.js";
import { RecordHeader, HEADER_FLAG_NAMES, NOTIFICATION_TYPES, SEVERITY_NAMES } from "../layouts/record-header.js";
import { DESCRIPTOR_FLAGS, SectionDescriptor } from "../layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus, gedeSize } from "../layouts/estatus.js";
import { isBcd, timestampFromIso, timestampIso, type CperTimestamp } from "../layouts/timestamp.js";
import { codecByLibcperKey, codecFor, codecOf, registryVersion } from "../registry.js";
import { unknownCodec } from "../sections/unknown.js";
import { allZero } from "../sections/projection.js";
import { DEFAULT_SECTION_OPTIONS, type DecodedSection, type SectionDecodeOptions, type SectionJsonHint } from "../section-api.js";
import { flagsFromJson, fromHex, JsonPathError, JsonReader, toBase64, toHex, type Json, type JsonObject } from "./reader.js";
import { Fragments, membersOf, objectOf, textOf, writeBits32, writeFlags32, type JsonOut } from "./writer.js";
import type { BareSection, CperRecord, CperTree, DataEntry, Estatus, ExtraBytes } from "../model.js";
import { SECTION_MESSAGES } from "../messages.js";
import { applyStructPatches, EXTRA_KEY as EXTRA, structPatches } from "./patches.js";

export { EXTRA_KEY as EXTRA } from "./patches.js";

type Obj = Record<string, unknown>;

// ---- byte patches for fixed structures -------------------------------------

function withPatch<F extends Fields>(s: Struct<F>, actual: Decoded<Struct<F>>, rebuilt: () => Decoded<Struct<F>>, json: Obj): Obj {
  const a = encodeStruct(s, actual);
  let b: Uint8Array;
  try {
    b = encodeStruct(s, rebuilt());
  } catch {
    b = new Uint8Array(s.size);
  }
  const p = structPatches(a, b);
  if (p.length > 0) json[EXTRA] = { patch: p };
  return json;
}

function applyPatch<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>>, r: JsonReader, decode: (b: Uint8Array) => Decoded<Struct<F>>): Decoded<Struct<F>> {
  if (!r.has(EXTRA) || !r.obj(EXTRA).has("patch")) return value;
  return decode(applyStructPatches(encodeStruct(s, value), r, `${s.size}-byte ${s.name}`));
}

const SEVERITY = new Fragments((out, key, code) => {
  out.begin(key);
  out.num("code", code);
  out.ascii("name", SEVERITY_NAMES[code] ?? "Unknown");
  out.end();
});
function writeSeverity(out: JsonOut, key: string, code: number): void {
  out.fragment(key, SEVERITY, code);
}
const REVISION = new Fragments((out, key, r) => {
  out.begin(key);
  out.num("major", r >> 8);
  out.num("minor", r & 0xff);
  out.end();
}, 0x10000);
function writeRevision(out: JsonOut, r: number): void {
  out.fragment("revision", REVISION, r);
}
const NOTIFICATION_TYPE = new Fragments<string>((out, key, guid) => {
  out.begin(key);
  out.ascii("guid", guid);
  out.ascii("type", NOTIFICATION_TYPES[guid] ?? "Unknown");
  out.end();
});
const HEADER_FLAGS = new Fragments((out, key, flags) => {
  out.begin(key);
  out.num("value", flags);
  out.ascii("name", HEADER_FLAG_NAMES[flags] ?? "Unknown");
  out.end();
});

/**
 * A fixed structure's object: written straight through when its keys carry every byte
 * (`lossless`: no closure made, the common case), else built, given its "_armras" patch and
 * written whole (`patched`).
 */
function writeFixed<T>(out: JsonOut, key: string | undefined, lossless: boolean, x: T, members: (x: T, out: JsonOut) => void, patched: (x: T, o: Obj) => Obj): void {
  if (lossless) {
    out.begin(key);
    members(x, out);
    out.end();
  } else out.value(key, patched(x, membersOf((o) => members(x, o))));
}
const revFrom = (r: JsonReader) => (r.uint("major", 8) << 8) | r.uint("minor", 8);

function readBack<F extends Fields>(s: Struct<F>) {
  return (b: Uint8Array) => readStruct(s, b, viewOf(b), 0);
}

// ---- record header -----------------------------------------------------------

/** libcper's header members (ir_cper_header_to_json). */
function headerMembers(h: RecordHeader, out: JsonOut): void {
  writeRevision(out, h.Revision);
  out.num("sectionCount", h.SectionCount);
  writeSeverity(out, "severity", h.ErrorSeverity);
  out.num("recordLength", h.RecordLength);
  if (h.ValidationBits & 2) {
    out.ascii("timestamp", timestampIso(h.TimeStamp));
    out.bool("timestampIsPrecise", (h.TimeStamp.Flags & 1) === 1);
  }
  if (h.ValidationBits & 1) out.ascii("platformID", h.PlatformID);
  if (h.ValidationBits & 4) out.ascii("partitionID", h.PartitionID);
  out.ascii("creatorID", h.CreatorID);
  out.fragment("notificationType", NOTIFICATION_TYPE, h.NotificationType);
  out.int("recordID", h.RecordID);
  out.fragment("flags", HEADER_FLAGS, h.Flags);
  out.int("persistenceInfo", h.PersistenceInformation);
}

function writeHeader(out: JsonOut, key: string, h: RecordHeader): void {
  writeFixed(out, key, headerLossless(h), h, headerMembers, patchedHeader);
}
const patchedHeader = (h: RecordHeader, o: Obj): Obj => withPatch(RecordHeader, h, () => headerFromJson(JsonReader.of(o, "header"), false), o);



/** A timestamp libcper's text carries exactly: every byte BCD, Flags 0 or 1. */
function stampLossless(t: CperTimestamp): boolean {
  return t.Flags <= 1 && isBcd(t.Seconds) && isBcd(t.Minutes) && isBcd(t.Hours) && isBcd(t.Day) && isBcd(t.Month) && isBcd(t.Year) && isBcd(t.Century);
}
/** An all-zero timestamp (what a clear validation bit must leave). */
function stampZero(t: CperTimestamp): boolean {
  return (t.Flags | t.Seconds | t.Minutes | t.Hours | t.Day | t.Month | t.Year | t.Century) === 0;
}

/** Whether headerJson's keys carry every header byte (no "_armras" patch needed). */
function headerLossless(h: RecordHeader): boolean {
  const vb = h.ValidationBits;
  if (h.SignatureEnd !== 0xffffffff || vb >>> 3 !== 0 || !allZero(h.Reserved)) return false;
  if (vb & 2 ? !stampLossless(h.TimeStamp) : !stampZero(h.TimeStamp)) return false;
  if (!(vb & 1) && h.PlatformID !== NULL_GUID) return false;
  if (!(vb & 4) && h.PartitionID !== NULL_GUID) return false;
  return true;
}

/** Whether descriptorJson's keys carry every descriptor byte. */
function descriptorLossless(d: SectionDescriptor): boolean {
  const vb = d.SecValidMask;
  if (vb >>> 2 !== 0 || d.Reserved !== 0 || d.Flags >>> 8 !== 0) return false;
  if (!(vb & 1) && d.FruId !== NULL_GUID) return false;
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
    PlatformID: r.has("platformID") ? r.guid("platformID") : NULL_GUID,
    PartitionID: r.has("partitionID") ? r.guid("partitionID") : NULL_GUID,
    CreatorID: r.has("creatorID") ? r.guid("creatorID") : NULL_GUID,
    NotificationType: r.has("notificationType") ? r.obj("notificationType").guid("guid") : NULL_GUID,
    RecordID: r.optU64("recordID"),
    Flags: r.has("flags") ? r.obj("flags").uint("value", 32) : 0,
    PersistenceInformation: r.optU64("persistenceInfo"),
    Reserved: new Uint8Array(12),
  };
  return patch ? applyPatch(RecordHeader, h, r, readBack(RecordHeader)) : h;
}

// ---- section descriptor ------------------------------------------------------------

/** Non-empty printable ASCII (what libcper prints as fruText). */
function printable(s: string): boolean {
  return fruClass(s) !== FruClass.No;
}

const enum FruClass {
  No,
  /** Printable, with a '"' or '\\' (JSON escapes them). */
  Escaped,
  /** Printable, nothing to escape. */
  Plain,
}
/**
 * Whether `s` is printable and needs escaping, in one scan; the last answer is kept (a descriptor's
 * text is asked about twice per record: whether its keys carry every byte, then to print it).
 */
function fruClass(s: string): FruClass {
  if (s === lastFru) return lastFruClass;
  let k = s === "" ? FruClass.No : FruClass.Plain;
  for (let i = 0; i < s.length && k !== FruClass.No; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) k = FruClass.No;
    else if (c === 0x22 || c === 0x5c) k = FruClass.Escaped;
  }
  lastFru = s;
  lastFruClass = k;
  return k;
}
let lastFru = "";
let lastFruClass = FruClass.No;

function cstr(s: string): string {
  const z = s.indexOf("\0");
  return z >= 0 ? s.slice(0, z) : s;
}

/** libcper's section descriptor members (ir_section_descriptor_to_json). */
function descriptorMembers(d: SectionDescriptor, out: JsonOut): void {
  out.num("sectionOffset", d.SectionOffset);
  out.num("sectionLength", d.SectionLength);
  writeRevision(out, d.Revision);
  writeFlags32(out, "flags", d.Flags, DESCRIPTOR_FLAGS);
  writeSectionType(out, d.SectionType);
  if (d.SecValidMask & 1) out.ascii("fruID", d.FruId);
  // libcper leaves out a FRU text that is empty or not printable ASCII even when its
  // validation bit is set (libcper_pcie: text starting with 0x0f); the bytes stay in "_armras".
  if (d.SecValidMask & 2) {
    const t = cstr(d.FruString);
    const k = fruClass(t);
    if (k === FruClass.Plain) out.ascii("fruText", t);
    else if (k === FruClass.Escaped) out.str("fruText", t);
  }
  writeSeverity(out, "severity", d.SectionSeverity);
}

function writeSectionType(out: JsonOut, guid: string): void {
  if (sectionTypeVersion !== registryVersion()) {
    // a codec was registered since the texts were made: its name may have changed
    SECTION_TYPE.clear();
    sectionTypeVersion = registryVersion();
  }
  out.fragment("sectionType", SECTION_TYPE, guid);
}
let sectionTypeVersion = -1;
/** {data, type} of a section type GUID (GUID text is lowercase hex and dashes: no escapes). */
const SECTION_TYPE = new Fragments<string>((out, key, guid) => {
  out.begin(key);
  out.ascii("data", guid);
  out.str("type", codecFor(guid).libcperTypeName);
  out.end();
});

function writeDescriptor(out: JsonOut, d: SectionDescriptor): void {
  writeFixed(out, undefined, descriptorLossless(d), d, descriptorMembers, patchedDescriptor);
}
const patchedDescriptor = (d: SectionDescriptor, o: Obj): Obj => withPatch(SectionDescriptor, d, () => descriptorFromJson(JsonReader.of(o, "d"), false), o);

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
    FruId: r.has("fruID") ? r.guid("fruID") : NULL_GUID,
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

/** One element of "sections": {message?, <libcperKey>: {...}}. */
export function writeSection(out: JsonOut, key: string | undefined, s: DecodedSection, opts: SectionDecodeOptions): void {
  const c = codecOf(s);
  out.begin(key);
  const m = sectionMessage(s, opts);
  if (m !== undefined) out.str("message", m);
  if (c.writeJson) {
    out.begin(c.libcperKey);
    c.writeJson(s.value, opts, out);
    out.end();
  } else out.value(c.libcperKey, c.toJson(s.value, opts));
  out.end();
}

export function sectionJson(s: DecodedSection, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  return objectOf((out) => writeSection(out, undefined, s, opts));
}

export function sectionFromJson(r: JsonReader, guid: string, hint?: SectionJsonHint): DecodedSection {
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
  const v = c.fromJson(r.value[key], hint);
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

/** The framing's per-section headers (descriptors or data entries) under `key`, then "sections". */
function writeFramedSections<T extends { readonly section: DecodedSection }>(out: JsonOut, key: string, items: readonly T[], head: (item: T) => void, opts: SectionDecodeOptions): void {
  out.beginArray(key);
  for (const item of items) head(item);
  out.endArray();
  out.beginArray("sections");
  for (const item of items) writeSection(out, undefined, item.section, opts);
  out.endArray();
}

/**
 * writeFramedSections read back: the per-section headers under `key` (`what` names them in the
 * count error) and "sections" pairwise, each section read with its header's type GUID and length.
 */
function readFramedSections<H, T>(r: JsonReader, key: string, what: string, head: (r: JsonReader) => H, hint: (h: H) => readonly [guid: string, length: number], item: (h: H, s: DecodedSection) => T): T[] {
  const hs = r.arr(key);
  const ss = r.arr("sections");
  if (hs.length !== ss.length) throw new JsonPathError(`${r.path}.sections`, `${ss.length} section(s) but ${hs.length} ${what}`);
  return hs.map((_, i) => {
    const h = head(r.at(i, key));
    const [guid, length] = hint(h);
    return item(h, sectionFromJson(r.at(i, "sections"), guid, { length }));
  });
}

function writeRecord(out: JsonOut, t: CperRecord, opts: SectionDecodeOptions): void {
  out.begin();
  writeHeader(out, "header", t.header);
  writeFramedSections(out, "sectionDescriptors", t.sections, (s) => writeDescriptor(out, s.descriptor), opts);
  if (t.extra.length > 0 || t.truncatedTo !== undefined) {
    const x: Obj = {};
    if (t.extra.length > 0) x.extra = extraJson(t.extra);
    if (t.truncatedTo !== undefined) x.truncatedTo = t.truncatedTo;
    out.value(EXTRA, x);
  }
  out.end();
}

function recordFromJson(r: JsonReader): CperRecord {
  const header = headerFromJson(r.obj("header"));
  const sections = readFramedSections(r, "sectionDescriptors", "descriptor(s)", (d) => descriptorFromJson(d), (d) => [d.SectionType, d.SectionLength], (descriptor, section) => ({ descriptor, section }));
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

/** A Generic Error Data Entry's members (libcper's ir_generic_error_data_entry names where it has them). */
function entryMembers(e: DataEntry, out: JsonOut): void {
  writeSectionType(out, e.SectionType);
  writeSeverity(out, "errorSeverity", e.ErrorSeverity);
  writeRevision(out, e.Revision);
  out.num("validationBits", e.ValidationBits);
  out.num("flags", e.Flags);
  out.num("errorDataLength", e.ErrorDataLength);
  if (e.ValidationBits & 1) out.ascii("fruID", e.FruId);
  if (e.ValidationBits & 2) out.str("fruText", cstr(e.FruText));
  if (e.TimeStamp && e.ValidationBits & 4) {
    out.ascii("timestamp", timestampIso(e.TimeStamp));
    out.bool("timestampIsPrecise", (e.TimeStamp.Flags & 1) === 1);
  }
}

function writeEntry(out: JsonOut, e: DataEntry): void {
  const s = e.TimeStamp ? GenericErrorDataEntryV3 : GenericErrorDataEntry;
  writeFixed(out, undefined, entryLossless(e), e, entryMembers, (e, o) => withPatch(s as typeof GenericErrorDataEntryV3, e as never, () => entryFromJson(JsonReader.of(o, "e"), false) as never, o));
}

/** Whether entryJson's keys carry every byte of the entry. */
function entryLossless(e: DataEntry): boolean {
  const vb = e.ValidationBits;
  if (!(vb & 1) && e.FruId !== NULL_GUID) return false;
  if (vb & 2 ? cstr(e.FruText) !== e.FruText : e.FruText !== "") return false;
  if (e.TimeStamp) {
    const t = e.TimeStamp;
    if (vb & 4 ? !stampLossless(t) : !stampZero(t)) return false;
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
    FruId: r.has("fruID") ? r.guid("fruID") : NULL_GUID,
    FruText: r.optStr("fruText"),
  };
  if (gedeSize(revision) === 72) {
    const v = { ...base, TimeStamp: r.has("timestamp") ? stampFrom(r, "timestamp", "timestampIsPrecise", !patch || r.has(EXTRA)) : ZERO_STAMP };
    return patch ? applyPatch(GenericErrorDataEntryV3, v, r, readBack(GenericErrorDataEntryV3)) : v;
  }
  return patch ? applyPatch(GenericErrorDataEntry, base, r, readBack(GenericErrorDataEntry)) : base;
}

function blockMembers(b: Estatus["block"], out: JsonOut): void {
  out.begin("blockStatus");
  writeBits32(out, b.BlockStatus, BLOCK_STATUS_BITS);
  out.num("errorDataEntryCount", (b.BlockStatus >>> 4) & 0x3ff);
  out.end();
  out.num("rawDataOffset", b.RawDataOffset);
  out.num("rawDataLength", b.RawDataLength);
  out.num("dataLength", b.DataLength);
  writeSeverity(out, "errorSeverity", b.ErrorSeverity);
}

function writeEstatus(out: JsonOut, t: Estatus, opts: SectionDecodeOptions): void {
  const b = t.block;
  out.begin();
  writeFixed(out, "genericErrorStatus", b.BlockStatus >>> 14 === 0, b, blockMembers, (b, o) => withPatch(GenericErrorStatus, b, () => blockFromJson(JsonReader.of(o, "b"), false), o));
  writeFramedSections(out, "errorDataEntries", t.entries, (e) => writeEntry(out, e.entry), opts);
  if (t.rawData) out.ascii("rawData", toBase64(t.rawData));
  if (t.extra.length > 0) out.value(EXTRA, { extra: extraJson(t.extra) });
  out.end();
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
  const entries = readFramedSections(r, "errorDataEntries", "entr(ies)", (e) => entryFromJson(e), (e) => [e.SectionType, e.ErrorDataLength], (entry, section) => ({ entry, section }));
  const extra = extraFromJson(r);
  return r.has("rawData") ? { framing: "estatus", block, entries, rawData: r.base64("rawData"), extra } : { framing: "estatus", block, entries, extra };
}

function writeBare(out: JsonOut, t: BareSection, opts: SectionDecodeOptions): void {
  out.begin();
  writeSectionType(out, t.section.guid);
  writeSection(out, "section", t.section, opts);
  out.end();
}

function writeTree(out: JsonOut, t: CperTree, opts: SectionDecodeOptions): void {
  switch (t.framing) {
    case "record":
      return writeRecord(out, t, opts);
    case "estatus":
      return writeEstatus(out, t, opts);
    case "section":
      return writeBare(out, t, opts);
  }
}

/** libcper-compatible JSON object of a tree (our own shape for the estatus and bare-section framings). */
export function toJson(t: CperTree, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): Obj {
  return objectOf((out) => writeTree(out, t, opts));
}

/** JSON text of a tree (libcper-compatible, big integers exact), printed as it is described (no object tree); `indent` 0 for NDJSON. */
export function toJsonText(t: CperTree, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS, indent = 4): string {
  return textOf((out) => writeTree(out, t, opts), indent);
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
    if (e instanceof JsonPathError) return fail(decodeError("invalid", e.path, 0, e.detail));
    if (e instanceof Error && e.name === "EncodeError") return fail(decodeError("invalid", (e as Error & { field: string }).field, 0, e.message));
    throw e;
  }
}

export type { JsonObject };
