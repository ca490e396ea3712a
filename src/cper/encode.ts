// Encoders for the three framings. Stored lengths, counts and offsets are
// written as they are in the tree (so a decoded record re-encodes byte for
// byte, inconsistencies included); `finalize*` recompute them from the content
// (used for trees built by hand or from JSON without them).
import { writeStruct } from "../layout/struct.js";
import { RecordHeader } from "./layouts/record-header.js";
import { SectionDescriptor } from "./layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus, gedeSize } from "./layouts/estatus.js";
import { codecOf } from "./registry.js";
import type { BareSection, CperRecord, CperTree, Estatus, ExtraBytes } from "./model.js";
import type { DecodedSection } from "./section-api.js";

export function encodeSectionBody(s: DecodedSection): Uint8Array {
  return codecOf(s).encode(s.value);
}

function placeExtra(out: Uint8Array, base: number, extra: readonly ExtraBytes[]): void {
  for (const x of extra) out.set(x.bytes, base + x.offset);
}

function extraEnd(extra: readonly ExtraBytes[]): number {
  let e = 0;
  for (const x of extra) e = Math.max(e, x.offset + x.bytes.length);
  return e;
}

export function encodeRecord(tree: CperRecord): Uint8Array {
  const bodies = tree.sections.map((s) => encodeSectionBody(s.section));
  let size = Math.max(tree.header.RecordLength, 128 + 72 * tree.sections.length, extraEnd(tree.extra));
  tree.sections.forEach((s, i) => {
    if (bodies[i]!.length > 0) size = Math.max(size, s.descriptor.SectionOffset + bodies[i]!.length);
  });
  if (tree.truncatedTo !== undefined) size = Math.max(tree.truncatedTo, 128 + 72 * tree.sections.length);
  const out = new Uint8Array(size);
  placeExtra(out, 0, tree.extra);
  writeStruct(RecordHeader, tree.header, out, 0);
  tree.sections.forEach((s, i) => {
    writeStruct(SectionDescriptor, s.descriptor, out, 128 + 72 * i, `SectionDescriptor[${i}]`);
    if (bodies[i]!.length > 0) out.set(bodies[i]!, s.descriptor.SectionOffset);
  });
  return out;
}

/** Encodes a Generic Error Status Block with its entries (GHES, BERT). Export for APEI. */
export function encodeEstatus(tree: Estatus): Uint8Array {
  const bodies = tree.entries.map((e) => encodeSectionBody(e.section));
  let entriesEnd = 20;
  tree.entries.forEach((e, i) => (entriesEnd += gedeSize(e.entry.Revision) + bodies[i]!.length));
  let size = Math.max(entriesEnd, extraEnd(tree.extra));
  if (tree.rawData) size = Math.max(size, tree.block.RawDataOffset + tree.rawData.length);
  const out = new Uint8Array(size);
  placeExtra(out, 0, tree.extra);
  writeStruct(GenericErrorStatus, tree.block, out, 0);
  let at = 20;
  tree.entries.forEach((e, i) => {
    const v3 = gedeSize(e.entry.Revision) === 72;
    if (v3) writeStruct(GenericErrorDataEntryV3, { ...e.entry, TimeStamp: e.entry.TimeStamp ?? zeroStamp }, out, at, `GenericErrorDataEntry[${i}]`);
    else writeStruct(GenericErrorDataEntry, e.entry, out, at, `GenericErrorDataEntry[${i}]`);
    at += v3 ? 72 : 64;
    out.set(bodies[i]!, at);
    at += bodies[i]!.length;
  });
  if (tree.rawData) out.set(tree.rawData, tree.block.RawDataOffset);
  return out;
}

const zeroStamp = { Seconds: 0, Minutes: 0, Hours: 0, Flags: 0, Day: 0, Month: 0, Year: 0, Century: 0 };

export function encodeBareSection(tree: BareSection): Uint8Array {
  return encodeSectionBody(tree.section);
}

export function encode(tree: CperTree): Uint8Array {
  switch (tree.framing) {
    case "record":
      return encodeRecord(tree);
    case "estatus":
      return encodeEstatus(tree);
    case "section":
      return encodeBareSection(tree);
  }
}

/** The record with SectionCount, SectionOffset/Length and RecordLength computed from its content (sections packed after the descriptors). */
export function finalizeRecord(tree: CperRecord): CperRecord {
  let at = 128 + 72 * tree.sections.length;
  const sections = tree.sections.map((s) => {
    const len = encodeSectionBody(s.section).length;
    const descriptor = { ...s.descriptor, SectionOffset: at, SectionLength: len };
    at += len;
    return { descriptor, section: s.section };
  });
  return { framing: "record", header: { ...tree.header, SectionCount: sections.length, RecordLength: at }, sections, extra: [] };
}

/** The status block with DataLength, ErrorDataLength and ErrorDataEntryCount computed from its content. */
export function finalizeEstatus(tree: Estatus): Estatus {
  let data = 0;
  const entries = tree.entries.map((e) => {
    const len = encodeSectionBody(e.section).length;
    data += gedeSize(e.entry.Revision) + len;
    return { entry: { ...e.entry, ErrorDataLength: len }, section: e.section };
  });
  const bs = ((tree.block.BlockStatus & ~(0x3ff << 4)) | (Math.min(entries.length, 0x3ff) << 4)) >>> 0;
  const block = { ...tree.block, BlockStatus: bs, DataLength: data, RawDataOffset: tree.rawData ? 20 + data : tree.block.RawDataOffset, RawDataLength: tree.rawData?.length ?? 0 };
  return tree.rawData ? { framing: "estatus", block, entries, rawData: tree.rawData, extra: [] } : { framing: "estatus", block, entries, extra: [] };
}
