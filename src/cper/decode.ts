// The three framings: full CPER record, ACPI Generic Error Status Block, bare
// section. Decoding is tolerant: inconsistent lengths and counts become
// warnings, and every byte lands somewhere in the tree. Only input that cannot
// be any of the framings is an error (naming field and byte offset).
import { copyOf } from "../layout/copy.js";
import { decodeError, fail, ok, type Result, type Warning } from "../layout/result.js";
import { readStruct, viewOf } from "../layout/struct.js";
import { isGuid } from "../layout/guid.js";
import { CPER_SIGNATURE, RecordHeader, SIGNATURE_END } from "./layouts/record-header.js";
import { SectionDescriptor } from "./layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus, gedeSize } from "./layouts/estatus.js";
import { looksBinary } from "./layouts/timestamp.js";
import { decodeSectionBody } from "./decode-section.js";
import {
  DEFAULT_DECODE_OPTIONS,
  type BareSection,
  type CperRecord,
  type DataEntry,
  type DecodedItem,
  type DecodeOptions,
  type Estatus,
  type EstatusEntry,
  type ExtraBytes,
  type Framing,
  type RecordSection,
} from "./model.js";

/** `${prefix}[${i}]`, made once per index below 64 (every record names its sections' paths). */
function indexed(names: string[], prefix: string, i: number): string {
  if (i >= 64) return `${prefix}[${i}]`;
  return (names[i] ??= `${prefix}[${i}]`);
}
const DESCRIPTOR_PATHS: string[] = [];
const SECTION_PATHS: string[] = [];
const ENTRY_PATHS: string[] = [];

/** The revision warning's text per Revision value (libcper's generator and some firmware write 0 in every record). */
const REVISION_MESSAGES = new Map<number, string>();
function revisionMessage(r: number): string {
  let m = REVISION_MESSAGES.get(r);
  if (m === undefined) {
    m = `Revision 0x${r.toString(16).padStart(4, "0")} (UEFI defines 0x0101)`;
    if (REVISION_MESSAGES.size < 256) REVISION_MESSAGES.set(r, m);
  }
  return m;
}

/** Runs of `covered` gaps inside [0, end) as extra bytes (offsets relative to `base`). */
function gapsOf(bytes: Uint8Array, base: number, end: number, covered: [number, number][]): ExtraBytes[] {
  const out: ExtraBytes[] = [];
  let sorted = true;
  for (let i = 1; i < covered.length && sorted; i++) sorted = covered[i - 1]![0] <= covered[i]![0];
  if (!sorted) covered.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s, e] of covered) {
    if (s > at) out.push({ offset: at, bytes: copyOf(bytes, base + at, base + Math.min(s, end)) });
    at = Math.max(at, e);
  }
  if (at < end) out.push({ offset: at, bytes: copyOf(bytes, base + at, base + end) });
  return out.length === 0 ? out : out.filter((x) => x.bytes.length > 0);
}

export function hasCperSignature(bytes: Uint8Array, offset = 0): boolean {
  return bytes.length - offset >= 4 && bytes[offset] === 0x43 && bytes[offset + 1] === 0x50 && bytes[offset + 2] === 0x45 && bytes[offset + 3] === 0x52;
}

/** Decodes one CPER record starting at `offset`; its length is RecordLength (clamped to the input). */
export function decodeRecord(bytes: Uint8Array, offset = 0, opts: DecodeOptions = DEFAULT_DECODE_OPTIONS): Result<DecodedItem> {
  const warnings: Warning[] = [];
  const available = bytes.length - offset;
  if (available < 128) return fail(decodeError("truncated", "RecordHeader", offset, `a CPER record header needs 128 bytes, ${available} available`));
  const dv = viewOf(bytes);
  const header = readStruct(RecordHeader, bytes, dv, offset);
  if (header.SignatureStart !== CPER_SIGNATURE) return fail(decodeError("bad-signature", "RecordHeader.SignatureStart", offset, `expected 'CPER', found '${header.SignatureStart}'`));
  // Field names spelled whole, not joined per warning (libcper's generator writes Revision 0, so
  // every one of its records carries the revision warning).
  const w = (code: string, field: string, at: number, message: string): void => void warnings.push({ code, field, offset: offset + at, message });
  if (header.SignatureEnd !== SIGNATURE_END) w("signature-end", "RecordHeader.SignatureEnd", 6, `SignatureEnd is 0x${header.SignatureEnd.toString(16)}, expected 0xffffffff`);
  if (header.Revision !== 0x0101) w("revision", "RecordHeader.Revision", 4, revisionMessage(header.Revision));
  if (header.ErrorSeverity > 3) w("severity", "RecordHeader.ErrorSeverity", 12, `unknown severity ${header.ErrorSeverity}`);
  if (header.ValidationBits & 2 && looksBinary(header.TimeStamp)) w("binary-timestamp", "RecordHeader.TimeStamp", 24, "TimeStamp is not BCD; it reads as a binary (WHEA-style) timestamp");
  let extent = header.RecordLength;
  if (extent < 128) {
    w("record-length", "RecordHeader.RecordLength", 20, `RecordLength ${extent} is smaller than the 128-byte header; using the ${available} bytes available`);
    extent = available;
  } else if (extent > available) {
    w("record-length", "RecordHeader.RecordLength", 20, `RecordLength ${extent} exceeds the ${available} bytes available; record truncated`);
    extent = available;
  }
  let count = header.SectionCount;
  const fit = Math.floor((extent - 128) / 72);
  if (count > fit) {
    w("section-count", "RecordHeader.SectionCount", 10, `SectionCount ${count} but only ${fit} descriptor(s) fit in the record`);
    count = fit;
  }
  const covered: [number, number][] = [[0, 128]];
  const sections: RecordSection[] = [];
  for (let i = 0; i < count; i++) {
    const at = 128 + 72 * i;
    covered.push([at, at + 72]);
    const descriptor = readStruct(SectionDescriptor, bytes, dv, offset + at);
    const path = indexed(DESCRIPTOR_PATHS, "SectionDescriptor", i);
    let start = descriptor.SectionOffset;
    let len = descriptor.SectionLength;
    if (start > extent) {
      warnings.push({ code: "section-offset", field: `${path}.SectionOffset`, offset: offset + at, message: `SectionOffset ${start} is beyond the record (${extent} bytes); body empty` });
      start = extent;
      len = 0;
    } else if (start + len > extent) {
      warnings.push({ code: "section-length", field: `${path}.SectionLength`, offset: offset + at + 4, message: `section ends at ${start + len}, beyond the record (${extent} bytes); body truncated to ${extent - start}` });
      len = extent - start;
    }
    if (len > 0) covered.push([start, start + len]);
    const body = bytes.subarray(offset + start, offset + start + len);
    const section = decodeSectionBody(descriptor.SectionType, body, opts, offset + start, indexed(SECTION_PATHS, "Section", i), warnings);
    sections.push({ descriptor, section });
  }
  const extra = gapsOf(bytes, offset, extent, covered);
  const tree: CperRecord = header.RecordLength > extent && header.RecordLength >= 128 ? { framing: "record", header, sections, extra, truncatedTo: extent } : { framing: "record", header, sections, extra };
  return ok({ tree, offset, length: extent, warnings }, warnings);
}

/** Whether the bytes at `offset` look like a Generic Error Status Block (sizes add up, a known-shaped first entry). */
export function looksLikeEstatus(bytes: Uint8Array, offset = 0): boolean {
  const available = bytes.length - offset;
  if (available < 20 + 64) return false;
  const dv = viewOf(bytes);
  const block = readStruct(GenericErrorStatus, bytes, dv, offset);
  if (block.DataLength < 64 || block.ErrorSeverity > 3) return false;
  if (20 + block.DataLength > available) return false;
  const e = readStruct(GenericErrorDataEntry, bytes, dv, offset + 20);
  return e.ErrorSeverity <= 3 && gedeSize(e.Revision) + e.ErrorDataLength <= block.DataLength;
}

/** Decodes a Generic Error Status Block with its entries (GHES, BERT). Export for APEI. */
export function decodeEstatus(bytes: Uint8Array, offset = 0, opts: DecodeOptions = DEFAULT_DECODE_OPTIONS): Result<DecodedItem> {
  const warnings: Warning[] = [];
  const available = bytes.length - offset;
  if (available < 20) return fail(decodeError("truncated", "GenericErrorStatus", offset, `a Generic Error Status Block needs 20 bytes, ${available} available`));
  const dv = viewOf(bytes);
  const block = readStruct(GenericErrorStatus, bytes, dv, offset);
  const w = (code: string, field: string, at: number, message: string) => warnings.push({ code, field, offset: offset + at, message });
  if (block.ErrorSeverity > 3) w("severity", "GenericErrorStatus.ErrorSeverity", 16, `unknown severity ${block.ErrorSeverity}`);
  let dataEnd = 20 + block.DataLength;
  if (dataEnd > available) {
    w("data-length", "GenericErrorStatus.DataLength", 12, `DataLength ${block.DataLength} exceeds the ${available - 20} bytes after the block header; truncated`);
    dataEnd = available;
  }
  const covered: [number, number][] = [[0, 20]];
  const entries: EstatusEntry[] = [];
  let at = 20;
  let i = 0;
  while (at < dataEnd) {
    const path = indexed(ENTRY_PATHS, "GenericErrorDataEntry", i);
    if (dataEnd - at < 64) {
      w("entry-truncated", path, at, `${dataEnd - at} byte(s) left in DataLength, too few for a 64-byte Generic Error Data Entry; kept as raw bytes`);
      break;
    }
    const base = readStruct(GenericErrorDataEntry, bytes, dv, offset + at);
    const size = gedeSize(base.Revision);
    if (dataEnd - at < size) {
      w("entry-truncated", `${path}.TimeStamp`, at + 64, `revision 0x${base.Revision.toString(16)} entry needs 72 bytes, ${dataEnd - at} left; kept as raw bytes`);
      break;
    }
    const entry: DataEntry = size === 72 ? readStruct(GenericErrorDataEntryV3, bytes, dv, offset + at) : base;
    if (entry.ErrorSeverity > 3) w("severity", `${path}.ErrorSeverity`, at + 16, `unknown severity ${entry.ErrorSeverity}`);
    if (entry.TimeStamp && entry.ValidationBits & 4 && looksBinary(entry.TimeStamp)) w("binary-timestamp", `${path}.TimeStamp`, at + 64, "TimeStamp is not BCD; it reads as a binary timestamp");
    let len = entry.ErrorDataLength;
    const bodyAt = at + size;
    if (bodyAt + len > dataEnd) {
      w("error-data-length", `${path}.ErrorDataLength`, at + 24, `ErrorDataLength ${len} runs past DataLength (${dataEnd - bodyAt} byte(s) left); body truncated`);
      len = dataEnd - bodyAt;
    }
    covered.push([at, bodyAt + len]);
    const body = bytes.subarray(offset + bodyAt, offset + bodyAt + len);
    const section = decodeSectionBody(entry.SectionType, body, opts, offset + bodyAt, indexed(SECTION_PATHS, "Section", i), warnings);
    entries.push({ entry, section });
    at = bodyAt + len;
    i++;
  }
  const count = (block.BlockStatus >>> 4) & 0x3ff;
  if (count !== entries.length && !(count === 0 && entries.length > 0)) {
    w("entry-count", "GenericErrorStatus.BlockStatus.ErrorDataEntryCount", 0, `ErrorDataEntryCount ${count}, ${entries.length} entr${entries.length === 1 ? "y" : "ies"} found`);
  }
  let end = dataEnd;
  let rawData: Uint8Array | undefined;
  if (block.RawDataLength > 0) {
    const rs = block.RawDataOffset;
    const re = rs + block.RawDataLength;
    if (rs < dataEnd || re > available) {
      w("raw-data", "GenericErrorStatus.RawDataOffset", 4, `raw data [${rs}, ${re}) overlaps the entries or runs past the input; not separated`);
    } else {
      rawData = bytes.slice(offset + rs, offset + re);
      covered.push([rs, re]);
      end = re;
    }
  }
  const extra = gapsOf(bytes, offset, end, covered);
  const tree: Estatus = rawData ? { framing: "estatus", block, entries, rawData, extra } : { framing: "estatus", block, entries, extra };
  return ok({ tree, offset, length: end, warnings }, warnings);
}

/** A bare section body (e.g. from a kernel hex dump) whose type is given by GUID. */
export function decodeBareSection(bytes: Uint8Array, sectionType: string, opts: DecodeOptions = DEFAULT_DECODE_OPTIONS): Result<DecodedItem> {
  const guid = sectionType.toLowerCase();
  if (!isGuid(guid)) return fail(decodeError("bad-input", "sectionType", 0, `'${sectionType}' is not a GUID`));
  const warnings: Warning[] = [];
  const section = decodeSectionBody(guid, bytes, opts, 0, "Section", warnings);
  const tree: BareSection = { framing: "section", section };
  return ok({ tree, offset: 0, length: bytes.length, warnings }, warnings);
}

/**
 * Which framing the bytes at offset look like, or undefined: a "CPER" signature
 * is a record; otherwise a given section type means a bare section; otherwise a
 * status block whose sizes add up.
 */
export function detectFraming(bytes: Uint8Array, offset = 0, sectionType?: string): Framing | undefined {
  if (hasCperSignature(bytes, offset)) return "record";
  if (sectionType !== undefined) return "section";
  if (looksLikeEstatus(bytes, offset)) return "estatus";
  return undefined;
}

function decodeOne(bytes: Uint8Array, offset: number, framing: Framing, opts: DecodeOptions): Result<DecodedItem> {
  switch (framing) {
    case "record":
      return decodeRecord(bytes, offset, opts);
    case "estatus":
      return decodeEstatus(bytes, offset, opts);
    case "section":
      if (opts.sectionType === undefined) return fail(decodeError("bad-input", "sectionType", offset, "the section framing needs a section type GUID (--section-type)"));
      return decodeBareSection(offset === 0 ? bytes : bytes.subarray(offset), opts.sectionType, opts);
  }
}

const NOT_A_FRAMING = "not a CPER record ('CPER' signature), nor a Generic Error Status Block; give --section-type <guid> for a bare section";

/**
 * Decodes everything in `bytes`: one record, one status block, a bare section, or
 * a stream of concatenated records (each RecordLength long). Trailing bytes that
 * are not another record come back as `trailing` with a warning.
 */
export function* iterate(bytes: Uint8Array, opts: DecodeOptions = DEFAULT_DECODE_OPTIONS): Generator<Result<DecodedItem>, void, void> {
  let offset = 0;
  let first = true;
  while (offset < bytes.length) {
    let framing: Framing | undefined = opts.framing === "auto" ? detectFraming(bytes, offset, first ? opts.sectionType : undefined) : opts.framing;
    if (!first && opts.framing !== "auto" && framing !== "record") framing = undefined;
    if (framing === undefined) {
      if (first) {
        yield fail(decodeError("bad-input", "framing", offset, NOT_A_FRAMING));
        return;
      }
      yield fail(decodeError("bad-input", "trailing", offset, `${bytes.length - offset} trailing byte(s) after the last record are not a CPER record`));
      return;
    }
    if (!first && framing !== "record") {
      yield fail(decodeError("bad-input", "trailing", offset, `${bytes.length - offset} trailing byte(s) after the last record are not a CPER record`));
      return;
    }
    const r = decodeOne(bytes, offset, framing, opts);
    yield r;
    if (!r.ok || r.value.length <= 0 || framing !== "record") {
      if (r.ok && framing === "estatus" && r.value.offset + r.value.length < bytes.length) {
        const rest = bytes.length - r.value.offset - r.value.length;
        // Status blocks live in fixed-size buffers: zero padding after the block is normal.
        if (!bytes.subarray(r.value.offset + r.value.length).every((b) => b === 0)) {
          yield fail(decodeError("bad-input", "trailing", r.value.offset + r.value.length, `${rest} non-zero trailing byte(s) after the status block`));
        }
      }
      return;
    }
    offset += r.value.length;
    first = false;
  }
}

/** Decodes a single item: the first of `iterate`, computed directly (no generator, no options copy when none are given). */
export function decode(bytes: Uint8Array, opts: Partial<DecodeOptions> = {}): Result<DecodedItem> {
  let given = false;
  for (const _ in opts) {
    given = true;
    break;
  }
  const o: DecodeOptions = given ? ({ ...DEFAULT_DECODE_OPTIONS, ...opts } as DecodeOptions) : DEFAULT_DECODE_OPTIONS;
  if (bytes.length === 0) return fail(decodeError("bad-input", "input", 0, "empty input"));
  const framing = o.framing === "auto" ? detectFraming(bytes, 0, o.sectionType) : o.framing;
  if (framing === undefined) return fail(decodeError("bad-input", "framing", 0, NOT_A_FRAMING));
  return decodeOne(bytes, 0, framing, o);
}
