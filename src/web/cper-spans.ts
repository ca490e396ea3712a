// Which bytes are which field: the byte ranges of a decoded CPER item, for the page's
// hex view (hover a field, see its bytes; click a lint finding, jump to its offset).
// Offsets come from the layout declarations themselves (Struct field tables in
// src/cper/layouts and src/cper/sections), walked the way the decoders walk them;
// nothing is re-declared here.
import type { Fields } from "../layout/struct.js";
import type { CperTree, DecodedItem } from "../cper/model.js";
import { RecordHeader } from "../cper/layouts/record-header.js";
import { SectionDescriptor } from "../cper/layouts/section-descriptor.js";
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus, gedeSize } from "../cper/layouts/estatus.js";
import { ArmContextHeader, ArmErrorInfo, ArmProcessorHeader } from "../cper/layouts/arm.js";
import type { ArmSection } from "../cper/sections/arm.js";
import { PlatformMemoryError } from "../cper/sections/memory.js";
import { PlatformMemoryError2 } from "../cper/sections/memory2.js";
import { ProcessorGenericError } from "../cper/sections/generic.js";
import { PcieError } from "../cper/sections/pcie.js";
import { PciBusError } from "../cper/sections/pci-bus.js";
import { PciComponentError } from "../cper/sections/pci-component.js";
import { FirmwareErrorRecordReference } from "../cper/sections/firmware.js";
import { CcixPerLog } from "../cper/sections/ccix-per.js";
import { CxlProtocolError } from "../cper/sections/cxl-protocol.js";
import { DmarGenericError } from "../cper/sections/dmar-generic.js";
import { IommuDmarError } from "../cper/sections/dmar-iommu.js";
import { VtdDmarError } from "../cper/sections/dmar-vtd.js";
import { AmperePayload0 } from "../cper/sections/ampere.js";
import { ACPI_HEADER } from "../apei/header.js";

/** Any declared structure (the shape checkLayout walks): field offsets and sizes. */
export interface Layout {
  readonly size: number;
  readonly fields: Fields;
  readonly order: readonly string[];
}

/** Bytes [start, end) of the input hold the field `path`. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
  readonly path: string;
}

/** Sections whose body starts with one fixed structure (codec key → layout); bytes past it are one span. */
const FLAT_SECTIONS: Readonly<Record<string, Layout>> = {
  memory: PlatformMemoryError,
  memory2: PlatformMemoryError2,
  generic: ProcessorGenericError,
  pcie: PcieError,
  "pci-bus": PciBusError,
  "pci-component": PciComponentError,
  firmware: FirmwareErrorRecordReference,
  "ccix-per": CcixPerLog,
  "cxl-protocol": CxlProtocolError,
  "dmar-generic": DmarGenericError,
  "dmar-iommu": IommuDmarError,
  "dmar-vtd": VtdDmarError,
  "ampere-altra": AmperePayload0,
};

/** One span per field of s at base, clipped to `limit` (fields that do not fit are left out). */
export function structSpans(s: Layout, base: number, prefix: string, limit = Infinity): ByteSpan[] {
  const out: ByteSpan[] = [];
  for (const k of s.order) {
    const f = s.fields[k]!;
    const start = base + f.at;
    const end = Math.min(start + f.type.size, limit);
    if (end > start) out.push({ start, end, path: `${prefix}.${k}` });
  }
  return out;
}

function armSpans(v: ArmSection, base: number, prefix: string, end: number): ByteSpan[] {
  const out = structSpans(ArmProcessorHeader, base, prefix, end);
  let at = base + ArmProcessorHeader.size;
  v.errorInfo.forEach((_, i) => {
    out.push(...structSpans(ArmErrorInfo, at, `${prefix}.ErrorInformation[${i}]`, end));
    at += ArmErrorInfo.size;
  });
  v.contexts.forEach((c, i) => {
    out.push(...structSpans(ArmContextHeader, at, `${prefix}.ContextInformation[${i}]`, end));
    at += ArmContextHeader.size;
    if (c.registers.length > 0) out.push({ start: at, end: Math.min(at + c.registers.length, end), path: `${prefix}.ContextInformation[${i}].RegisterArray` });
    at += c.registers.length;
  });
  if (v.vendor.length > 0 && at < end) out.push({ start: at, end: Math.min(at + v.vendor.length, end), path: `${prefix}.VendorSpecificInfo` });
  return out;
}

/** The spans of one section body of `length` bytes at base. */
export function sectionSpans(section: { codec: string; guid: string; value: unknown }, base: number, length: number, prefix: string): ByteSpan[] {
  const end = base + length;
  if (section.codec === "arm") return armSpans(section.value as ArmSection, base, prefix, end);
  const s = FLAT_SECTIONS[section.codec];
  const out: ByteSpan[] = [];
  let covered = base;
  if (s) {
    out.push(...structSpans(s, base, prefix, end));
    covered = Math.min(base + s.size, end);
  }
  if (covered < end) out.push({ start: covered, end, path: s ? `${prefix}.TrailingData` : `${prefix} (${section.codec === "unknown" ? section.guid : section.codec} body)` });
  return out;
}

function treeSpans(tree: CperTree, base: number, length: number): ByteSpan[] {
  const out: ByteSpan[] = [];
  if (tree.framing === "record") {
    out.push(...structSpans(RecordHeader, base, "RecordHeader"));
    tree.sections.forEach((s, i) => {
      const at = base + RecordHeader.size + SectionDescriptor.size * i;
      out.push(...structSpans(SectionDescriptor, at, `SectionDescriptor[${i}]`));
      out.push(...sectionSpans(s.section, base + s.descriptor.SectionOffset, s.descriptor.SectionLength, `Section[${i}]`));
    });
  } else if (tree.framing === "estatus") {
    out.push(...structSpans(GenericErrorStatus, base, "GenericErrorStatus"));
    // The entries are walked as decodeEstatus walks them: bodies clipped to DataLength.
    const dataEnd = base + Math.min(GenericErrorStatus.size + tree.block.DataLength, length);
    let at = base + GenericErrorStatus.size;
    tree.entries.forEach((e, i) => {
      const size = gedeSize(e.entry.Revision);
      out.push(...structSpans(size === 72 ? GenericErrorDataEntryV3 : GenericErrorDataEntry, at, `GenericErrorDataEntry[${i}]`));
      at += size;
      const len = Math.min(e.entry.ErrorDataLength, dataEnd - at);
      out.push(...sectionSpans(e.section, at, len, `GenericErrorDataEntry[${i}].Section`));
      at += len;
    });
    if (tree.rawData && tree.rawData.length > 0) {
      const start = base + tree.block.RawDataOffset;
      out.push({ start, end: start + tree.rawData.length, path: "GenericErrorStatus.RawData" });
    }
  } else {
    out.push(...sectionSpans(tree.section, base, length, "Section"));
  }
  return out;
}

/** Every field's bytes in the decoded items of one input, sorted by start. */
export function cperSpans(items: readonly DecodedItem[]): ByteSpan[] {
  const out: ByteSpan[] = [];
  items.forEach((it, i) => {
    const prefix = items.length > 1 ? `#${i + 1} ` : "";
    for (const s of treeSpans(it.tree, it.offset, it.length)) out.push(prefix ? { ...s, path: prefix + s.path } : s);
  });
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The ACPI table header's fields (HEST, BERT, EINJ, ERST); the rest of the table is one span. */
export function acpiSpans(length: number): ByteSpan[] {
  const out = structSpans(ACPI_HEADER, 0, "AcpiTableHeader", length);
  if (length > ACPI_HEADER.size) out.push({ start: ACPI_HEADER.size, end: length, path: "TableBody" });
  return out;
}

/** The innermost span holding byte `offset` (the shortest), if any. */
export function spanAt(spans: readonly ByteSpan[], offset: number): ByteSpan | undefined {
  let best: ByteSpan | undefined;
  for (const s of spans) if (s.start <= offset && offset < s.end && (!best || s.end - s.start < best.end - best.start)) best = s;
  return best;
}
