// Test builder: a Generic Error Status Block described by what ghes_do_proc() reads, encoded by
// the CPER codec (every field not named zero; one revision-0x300 GEDE per section). The kernel
// model reads the bytes (src/kernel/ghes-read.ts), as it reads firmware's.
import { encodeEstatus, finalizeEstatus } from "../../src/cper/encode.js";
import type { EstatusEntry } from "../../src/cper/model.js";
import { DEFAULT_SECTION_OPTIONS, type DecodedSection, type SectionCodec } from "../../src/cper/section-api.js";
import { ArmErrorInfo as ArmErrorInfoLayout, ArmProcessorHeader } from "../../src/cper/layouts/arm.js";
import { armCodec, type ArmSection } from "../../src/cper/sections/arm.js";
import { CxlComponentEventHeader, cxlComponentCodecs } from "../../src/cper/sections/cxl-component.js";
import { cxlProtocolCodec, CxlProtocolError } from "../../src/cper/sections/cxl-protocol.js";
import { memoryCodec, PlatformMemoryError, type MemorySection } from "../../src/cper/sections/memory.js";
import { pcieCodec, PcieError, type PcieSection } from "../../src/cper/sections/pcie.js";
import { isFieldValid, readStruct, type Fields, type Struct } from "../../src/layout/struct.js";
import { NULL_GUID } from "../../src/layout/guid.js";
import { armErrInfos, cxlSectionKind, ghesReadBlock, ghesSectionType, type EstatusDefect, type GhesEstatus } from "../../src/kernel/index.js";
import { validBits } from "../../src/sim/adapters/cper.js";

export interface ArmInfoSpec {
  readonly type: number;
  readonly validationBits: number;
  readonly physicalFaultAddress?: bigint;
  readonly length?: number;
}
export type SectionSpec =
  | { readonly type: "memory"; readonly severity: number; readonly flags: number; readonly validationBits: number; readonly physicalAddress?: bigint }
  | { readonly type: "arm"; readonly severity: number; readonly flags: number; readonly errInfo: readonly ArmInfoSpec[]; /** GEDE ErrorDataLength written short of the body (last section only). */ readonly errorDataLength?: number }
  | { readonly type: "pcie"; readonly severity: number; readonly flags: number; readonly deviceIdValid: boolean; readonly aerInfoValid: boolean }
  | { readonly type: "cxl"; readonly kind: "protocol" | "component"; readonly guid: string; readonly severity: number; readonly flags: number }
  | { readonly type: "other"; readonly guid: string; readonly severity: number; readonly flags: number };

export interface BlockSpec {
  readonly blockStatus: number;
  readonly severity: number;
  readonly sections: readonly SectionSpec[];
  /** Break the block the way __ghes_check_estatus()/__ghes_read_estatus() reject it. */
  readonly defect?: EstatusDefect;
}

function zeroValue<T>(codec: SectionCodec<T>, size: number): T {
  const r = codec.decode(new Uint8Array(size), DEFAULT_SECTION_OPTIONS);
  if (!r.ok) throw new Error(`${codec.name}: ${r.error.message}`);
  return r.value;
}
function zeroStruct<F extends Fields>(s: Struct<F>) {
  const b = new Uint8Array(s.size);
  return readStruct(s, b, new DataView(b.buffer), 0);
}

function sectionOf(s: SectionSpec): DecodedSection {
  switch (s.type) {
    case "memory": {
      const z = zeroValue(memoryCodec, PlatformMemoryError.size);
      const value: MemorySection = { ...z, fields: { ...z.fields, ValidationBits: BigInt(s.validationBits), PhysicalAddress: s.physicalAddress ?? 0n } };
      return { guid: memoryCodec.guid, codec: memoryCodec.key, value };
    }
    case "pcie": {
      const z = zeroValue(pcieCodec, PcieError.size);
      const keys = [...(s.deviceIdValid ? (["SegmentNumber"] as const) : []), ...(s.aerInfoValid ? (["AerInfo"] as const) : [])];
      const value: PcieSection = { ...z, fields: { ...z.fields, ValidationBits: validBits(PcieError, keys) } };
      return { guid: pcieCodec.guid, codec: pcieCodec.key, value };
    }
    case "arm": {
      const info0 = zeroStruct(ArmErrorInfoLayout);
      const errorInfo = s.errInfo.map((i) => ({ ...info0, Length: i.length ?? ArmErrorInfoLayout.size, ValidationBits: i.validationBits, Type: i.type, PhysicalFaultAddress: i.physicalFaultAddress ?? 0n }));
      const header = { ...zeroStruct(ArmProcessorHeader), ErrInfoNum: errorInfo.length, SectionLength: ArmProcessorHeader.size + ArmErrorInfoLayout.size * errorInfo.length };
      const value: ArmSection = { fields: header, errorInfo, contexts: [], vendor: new Uint8Array(0) };
      return { guid: armCodec.guid, codec: armCodec.key, value };
    }
    case "cxl": {
      if (s.kind === "protocol") return { guid: cxlProtocolCodec.guid, codec: cxlProtocolCodec.key, value: zeroValue(cxlProtocolCodec, CxlProtocolError.size) };
      const codec = cxlComponentCodecs.find((c) => c.guid === s.guid);
      if (codec === undefined) return { guid: s.guid, codec: "unknown", value: { bytes: new Uint8Array(0) } };
      const header = new Uint8Array(CxlComponentEventHeader.size);
      new DataView(header.buffer).setUint32(CxlComponentEventHeader.fields.Length.at, CxlComponentEventHeader.size, true);
      const r = codec.decode(header, DEFAULT_SECTION_OPTIONS);
      if (!r.ok) throw new Error(`${codec.name}: ${r.error.message}`);
      return { guid: s.guid, codec: codec.key, value: r.value };
    }
    case "other":
      return { guid: s.guid, codec: "unknown", value: { bytes: new Uint8Array(0) } };
  }
}

function entryOf(s: SectionSpec): EstatusEntry {
  const section = sectionOf(s);
  return { entry: { SectionType: section.guid, ErrorSeverity: s.severity, Revision: 0x300, ValidationBits: 0, Flags: s.flags, ErrorDataLength: 0, FruId: NULL_GUID, FruText: "" }, section };
}

/** The block's bytes. */
export function blockBytes(spec: BlockSpec): Uint8Array {
  const block = { BlockStatus: spec.blockStatus, RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: spec.severity };
  const bytes = encodeEstatus(finalizeEstatus({ framing: "estatus", block, entries: spec.sections.map(entryOf), extra: [] }));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv.setUint32(0, spec.blockStatus, true); // Block Status as given (finalizeEstatus counts the entries into bits 4-13)
  const last = spec.sections.at(-1);
  if (last?.type === "arm" && last.errorDataLength !== undefined) {
    // The last GEDE's ErrorDataLength (GEDE offset 24) and the block's DataLength (offset 12) say `errorDataLength`; the body stays.
    let at = 20;
    for (let i = 0; i < spec.sections.length - 1; i++) at += 72 + dv.getUint32(at + 24, true);
    const cut = dv.getUint32(at + 24, true) - last.errorDataLength;
    dv.setUint32(at + 24, last.errorDataLength, true);
    dv.setUint32(12, dv.getUint32(12, true) - cut, true);
  }
  switch (spec.defect) {
    case "truncated": // cper_estatus_len() = raw_data_offset + raw_data_length < sizeof(GESB)
      dv.setUint32(4, 0, true);
      dv.setUint32(8, 1, true);
      break;
    case "too-long": // cper_estatus_len() beyond error_block_length
      dv.setUint32(12, dv.getUint32(12, true) + 0x1000, true);
      break;
    case "bad-header": // data_length below one GEDE header
      dv.setUint32(12, 8, true);
      break;
    case "bad-sections": // the first entry's ErrorDataLength overruns DataLength
      dv.setUint32(20 + 24, dv.getUint32(20 + 24, true) + 1, true);
      break;
    case undefined:
      break;
  }
  return bytes;
}

/** The record as the kernel model reads it from those bytes. */
export function estatusOf(spec: BlockSpec): GhesEstatus {
  const r = ghesReadBlock(blockBytes(spec));
  if (!r?.estatus) throw new Error(`the block does not read as a record: ${r?.defect ?? "nothing pending"}`);
  return r.estatus;
}

/** The record firmware writes for a consumed poisoned line (shortcuts' memoryErrorEstatus): recoverable memory error, PA and type 0 valid. */
export const memoryRecord = (pa: bigint): BlockSpec => ({ blockStatus: 1, severity: 0, sections: [{ type: "memory", severity: 0, flags: 0, validationBits: 0x4002, physicalAddress: pa }] });

/** What ghes_do_proc() reads from each entry, through the kernel model's readers (src/kernel/ghes-sections.ts), in the builder's terms. */
export function readSections(e: GhesEstatus): SectionSpec[] {
  return e.tree.entries.map((entry, i) => {
    const common = { severity: entry.entry.ErrorSeverity, flags: entry.entry.Flags };
    switch (ghesSectionType(entry)) {
      case "memory": {
        const f = (entry.section.value as MemorySection).fields;
        return { type: "memory", ...common, validationBits: Number(f.ValidationBits & 0xffffn), physicalAddress: f.PhysicalAddress };
      }
      case "pcie": {
        const f = (entry.section.value as PcieSection).fields;
        return { type: "pcie", ...common, deviceIdValid: isFieldValid(PcieError, f, "SegmentNumber"), aerInfoValid: isFieldValid(PcieError, f, "AerInfo") };
      }
      case "arm":
        return { type: "arm", ...common, errInfo: armErrInfos(e, i), errorDataLength: entry.entry.ErrorDataLength };
      case "cxl":
        return { type: "cxl", kind: cxlSectionKind(entry)!, guid: entry.entry.SectionType, ...common };
      case "other":
        return { type: "other", guid: entry.entry.SectionType, ...common };
    }
  });
}
