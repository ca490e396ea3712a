// The decoded tree of the three CPER framings. Every byte of the input is in
// the tree: structures, section bodies, and `extra` runs (gaps, padding, bytes a
// producer left between or after structures), so encode(decode(b)) === b.
import type { Warning } from "../layout/result.js";
import type { DecodedSection, SectionDecodeOptions } from "./section-api.js";
import type { RecordHeader } from "./layouts/record-header.js";
import type { SectionDescriptor } from "./layouts/section-descriptor.js";
import type { GenericErrorDataEntry, GenericErrorStatus } from "./layouts/estatus.js";
import type { CperTimestamp } from "./layouts/timestamp.js";

export type Framing = "record" | "estatus" | "section";

/** Bytes at an offset relative to the start of the framing, not covered by any structure. */
export interface ExtraBytes {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

export interface RecordSection {
  readonly descriptor: SectionDescriptor;
  readonly section: DecodedSection;
}

/** A full CPER record (UEFI 2.10 N.2). */
export interface CperRecord {
  readonly framing: "record";
  readonly header: RecordHeader;
  readonly sections: RecordSection[];
  readonly extra: ExtraBytes[];
  /** Set when the input ended before RecordLength: the record's actual length. */
  readonly truncatedTo?: number;
}

export type DataEntry = GenericErrorDataEntry & { TimeStamp?: CperTimestamp };

export interface EstatusEntry {
  readonly entry: DataEntry;
  readonly section: DecodedSection;
}

/** An ACPI Generic Error Status Block with its Generic Error Data Entries (ACPI 6.5 18.3.2.7.1). */
export interface Estatus {
  readonly framing: "estatus";
  readonly block: GenericErrorStatus;
  readonly entries: EstatusEntry[];
  /** The raw data region (RawDataOffset/RawDataLength), when present. */
  readonly rawData?: Uint8Array;
  readonly extra: ExtraBytes[];
}

/** A bare section body whose type was given by GUID. */
export interface BareSection {
  readonly framing: "section";
  readonly section: DecodedSection;
}

export type CperTree = CperRecord | Estatus | BareSection;

export interface DecodeOptions extends SectionDecodeOptions {
  readonly framing: Framing | "auto";
  /** Section type for the "section" framing (and for auto-detection fallback). */
  readonly sectionType?: string;
}

export const DEFAULT_DECODE_OPTIONS: DecodeOptions = { framing: "auto", armType: "uefi" };

/** One item of a decoded input: the tree, where it starts, and its warnings. */
export interface DecodedItem {
  readonly tree: CperTree;
  readonly offset: number;
  readonly length: number;
  readonly warnings: readonly Warning[];
}

/** The most zero bytes a JSON document may make `cper encode` write past what it states (lengths, offsets, register sizes). */
export const MAX_ZERO_FILL = 4096;
