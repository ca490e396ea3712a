// ghes_print_estatus()'s "[Hardware Error]:" block: __ghes_print_estatus() (ghes.c) +
// cper_estatus_print() (cper.c). The lines are the CPER package's (src/cper/render/linux.ts
// renderLinux, by kernel release); this module only chooses the CPER tree to print: the
// block's own bytes when the Estatus has them (`raw`), otherwise the minimal Generic Error
// Status Block the abstract shape describes (every field it does not name zero).
import { decodeEstatus } from "../cper/decode.js";
import { finalizeEstatus } from "../cper/encode.js";
import type { Estatus as CperEstatus, EstatusEntry } from "../cper/model.js";
import { renderLinux } from "../cper/render/linux.js";
import { DEFAULT_SECTION_OPTIONS, type DecodedSection, type SectionCodec } from "../cper/section-api.js";
import { ArmErrorInfo as ArmErrorInfoLayout, ArmProcessorHeader } from "../cper/layouts/arm.js";
import { armCodec, type ArmSection } from "../cper/sections/arm.js";
import { CxlComponentEventHeader, cxlComponentCodecs } from "../cper/sections/cxl-component.js";
import { cxlProtocolCodec, CxlProtocolError, type CxlProtocolSection } from "../cper/sections/cxl-protocol.js";
import { memoryCodec, PlatformMemoryError, type MemorySection } from "../cper/sections/memory.js";
import { pcieCodec, PcieError, type PcieSection } from "../cper/sections/pcie.js";
import { readStruct, type Decoded, type Fields, type Struct } from "../layout/struct.js";
import { NULL_GUID } from "../layout/guid.js";
import type { ArmErrorInfo, Estatus, EstatusSection } from "./ghes-estatus.js";
import type { KernelVersion } from "../linux/version.js";

/** acpi_hest_generic_data_v300: the 72-byte Generic Error Data Entry (no timestamp marked valid). */
const GEDE_REVISION = 0x300;

/** The validation bits that mark these fields valid, as the layout declares them. */
export function validBits<F extends Fields>(s: Struct<F>, keys: readonly (keyof F & string)[]): bigint {
  return keys.reduce((vb, k) => vb | (1n << BigInt(s.fields[k]!.valid!)), 0n);
}

/** The codec's value for an all-zero body of the structure (every field zero, nothing valid). */
export function zeroValue<T>(codec: SectionCodec<T>, size: number): T {
  const r = codec.decode(new Uint8Array(size), DEFAULT_SECTION_OPTIONS);
  if (!r.ok) throw new Error(`${codec.name}: ${r.error.message}`);
  return r.value;
}

/** The layout's value for all-zero bytes. */
function zeroStruct<F extends Fields>(s: Struct<F>): Decoded<Struct<F>> {
  const b = new Uint8Array(s.size);
  return readStruct(s, b, new DataView(b.buffer), 0);
}

const MEMORY_ZERO: MemorySection = zeroValue(memoryCodec, PlatformMemoryError.size);
const PCIE_ZERO: PcieSection = zeroValue(pcieCodec, PcieError.size);
const CXL_ZERO: CxlProtocolSection = zeroValue(cxlProtocolCodec, CxlProtocolError.size);
const ARM_HEADER_ZERO = zeroStruct(ArmProcessorHeader);
const ARM_INFO_ZERO = zeroStruct(ArmErrorInfoLayout);

/** Platform Memory Error Section (UEFI N.2.5): the validation bits and physical address. */
function memorySection(s: Extract<EstatusSection, { type: "memory" }>): DecodedSection {
  const value: MemorySection = { ...MEMORY_ZERO, fields: { ...MEMORY_ZERO.fields, ValidationBits: BigInt(s.validationBits), PhysicalAddress: s.physicalAddress ?? 0n } };
  return { guid: memoryCodec.guid, codec: memoryCodec.key, value };
}

/** PCI Express Error Section (UEFI N.2.7): Device ID and AER info marked valid as the shape says. */
function pcieSection(s: Extract<EstatusSection, { type: "pcie" }>): DecodedSection {
  const keys = [...(s.deviceIdValid ? (["SegmentNumber"] as const) : []), ...(s.aerInfoValid ? (["AerInfo"] as const) : [])];
  const value: PcieSection = { ...PCIE_ZERO, fields: { ...PCIE_ZERO.fields, ValidationBits: validBits(PcieError, keys) } };
  return { guid: pcieCodec.guid, codec: pcieCodec.key, value };
}

/** ARM Processor Error Section (UEFI N.2.4.4): one 32-byte error information entry per errInfo. */
function armSection(s: Extract<EstatusSection, { type: "arm" }>): DecodedSection {
  const errorInfo = s.errInfo.map((i: ArmErrorInfo) => ({
    ...ARM_INFO_ZERO,
    Length: ArmErrorInfoLayout.size,
    ValidationBits: i.validationBits,
    Type: i.type,
    PhysicalFaultAddress: i.physicalFaultAddress ?? 0n,
  }));
  const header = { ...ARM_HEADER_ZERO, ErrInfoNum: errorInfo.length, SectionLength: ArmProcessorHeader.size + ArmErrorInfoLayout.size * errorInfo.length };
  const value: ArmSection = { header, errorInfo, contexts: [], vendor: new Uint8Array(0) };
  return { guid: armCodec.guid, codec: armCodec.key, value };
}

/** CXL Component Event (UEFI 2.10 N.2.14) of this GUID: the 32-byte header alone, nothing valid; an unknown GUID is an empty section. */
function cxlComponentSection(guid: string): DecodedSection {
  const codec = cxlComponentCodecs.find((c) => c.guid === guid);
  if (codec === undefined) return { guid, codec: "unknown", value: { bytes: new Uint8Array(0) } };
  const header = new Uint8Array(CxlComponentEventHeader.size);
  new DataView(header.buffer).setUint32(CxlComponentEventHeader.fields.Length.at, CxlComponentEventHeader.size, true);
  const r = codec.decode(header, DEFAULT_SECTION_OPTIONS);
  if (!r.ok) throw new Error(`${codec.name}: ${r.error.message}`);
  return { guid, codec: codec.key, value: r.value };
}

/** The CPER section an abstract section stands for; "other" is an empty section of its GUID. */
function sectionOf(s: EstatusSection): DecodedSection {
  switch (s.type) {
    case "memory":
      return memorySection(s);
    case "pcie":
      return pcieSection(s);
    case "arm":
      return armSection(s);
    case "cxl":
      return s.kind === "protocol" ? { guid: cxlProtocolCodec.guid, codec: cxlProtocolCodec.key, value: CXL_ZERO } : cxlComponentSection(s.guid);
    case "other":
      return { guid: s.guid, codec: "unknown", value: { bytes: new Uint8Array(0) } };
  }
}

/** One acpi_hest_generic_data entry (ErrorDataLength filled in by finalizeEstatus). */
function entryOf(s: EstatusSection): EstatusEntry {
  const section = sectionOf(s);
  return {
    entry: { SectionType: section.guid, ErrorSeverity: s.severity, Revision: GEDE_REVISION, ValidationBits: 0, Flags: s.flags, ErrorDataLength: 0, FruId: NULL_GUID, FruText: "" },
    section,
  };
}

/**
 * The acpi_hest_generic_status Linux reads: the decoded `raw` bytes when they decode as a
 * status block, otherwise the minimal block built from the abstract shape.
 */
export function estatusTree(e: Estatus): CperEstatus {
  if (e.raw) {
    const r = decodeEstatus(e.raw);
    if (r.ok && r.value.tree.framing === "estatus") return r.value.tree;
  }
  const block = { BlockStatus: e.blockStatus, RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: e.severity };
  return finalizeEstatus({ framing: "estatus", block, entries: e.sections.map(entryOf), extra: [] });
}

/**
 * __ghes_print_estatus(): the "{seq}[Hardware Error]: Hardware error from APEI Generic Hardware
 * Error Source: N" line, then cper_estatus_print() ("It has been corrected by h/w…" for a
 * corrected block, "event severity:", and per section "Error i, type:", section_type / "section
 * type: unknown" with its length and hex dump, and the body) as `kernel` prints them.
 */
export function estatusLines(seq: number, sourceId: number, e: Estatus, kernel: KernelVersion): string[] {
  return renderLinux(estatusTree(e), { seq, sourceId, kernel });
}
