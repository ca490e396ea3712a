// The contract every CPER section codec implements (UEFI 2.10 Appendix N.2.x,
// vendor sections). A section codec sees only its own body bytes; the framing
// (record, status block, bare section) is handled elsewhere.
//
// Codecs register themselves in the GUID-keyed registry (registry.ts); unknown
// GUIDs decode to raw bytes and re-encode unchanged.

import type { Result, Warning } from "../layout/result.js";
import type { JsonOut } from "./json/writer.js";

/** Which reading of the ARM error-information Type byte to use (cper-apei.md §5.1). */
export type ArmTypeReading = "uefi" | "legacy" | "libcper";

export interface SectionDecodeOptions {
  readonly armType: ArmTypeReading;
}

export const DEFAULT_SECTION_OPTIONS: SectionDecodeOptions = { armType: "uefi" };

/** A decoded section body: the codec's typed value plus any bytes past the structures it knows. */
export interface DecodedSection<T = unknown> {
  /** Lowercase canonical GUID of the section type. */
  readonly guid: string;
  /** Key of the codec that decoded it (e.g. "memory"), or "unknown". */
  readonly codec: string;
  readonly value: T;
}

/** One lint finding for firmware authors (cper lint). */
export interface Finding {
  readonly severity: "error" | "warning";
  /** Absolute byte offset of the offending field in the input, when known. */
  readonly offset: number;
  readonly field: string;
  readonly message: string;
  /** Spec clause, e.g. "UEFI 2.10 N.2.5 Table N-31". */
  readonly spec: string;
}

export interface SectionCodec<T = unknown> {
  /** Stable key, used in our JSON and by the CLI (e.g. "memory", "arm", "pcie"). */
  readonly key: string;
  /** Lowercase canonical GUID. */
  readonly guid: string;
  /** Human name (UEFI's), e.g. "Platform Memory Error". */
  readonly name: string;
  /** libcper's JSON key for the section object (e.g. "Memory", "ArmProcessor"), and its sectionType.type name. */
  readonly libcperKey: string;
  readonly libcperTypeName: string;
  /** The name Linux prints after "section_type: " (cper_estatus_print_section), or undefined when Linux prints it as unknown. */
  readonly linuxName?: string;
  /** Decodes exactly `body` (the section's bytes as its descriptor delimits them). Never throws. */
  decode(body: Uint8Array, opts: SectionDecodeOptions): Result<T>;
  /** Encodes the value back to bytes; encode(decode(b)) must equal b. */
  encode(value: T): Uint8Array;
  /** libcper-compatible JSON object for the section (the value under `libcperKey`). */
  toJson(value: T, opts: SectionDecodeOptions): unknown;
  /**
   * The same object as toJson, written member by member into `out` (the caller
   * has opened the object and closes it). Optional: lets toJsonText print a
   * section without building its tree first.
   */
  writeJson?(value: T, opts: SectionDecodeOptions, out: JsonOut): void;
  /**
   * The inverse of toJson (for `cper encode`); fails with a typed error naming the JSON path.
   * `hint.length` is the body length the framing declares (SectionLength, ErrorDataLength): where
   * the JSON leaves a layout choice open (libcper's JSON omits padding), the codec may pick the
   * one that gives that length.
   */
  fromJson(json: unknown, hint?: SectionJsonHint): Result<T>;
  /** Linux's lines for this section body, without the "[Hardware Error]:" prefix and indent (added by the caller). */
  renderLinux?(value: T, opts: SectionDecodeOptions): string[];
  /** Plain explanatory lines for people. */
  renderText?(value: T, opts: SectionDecodeOptions): string[];
  /** libcper's "message" for this value (e.g. "A Multi-bit ECC Memory Error occurred at address 0x…"); when absent, a static `message` property is used if the codec has one. */
  messageOf?(value: T, opts: SectionDecodeOptions): string;
  /** Spec violations inside the section; offsets relative to the section body start. */
  lint?(value: T, body: Uint8Array): Finding[];
  /** Decode-time warnings are carried in Result.warnings. */
  readonly _warningType?: Warning;
}

/** What the framing around a section's JSON says about its bytes (see SectionCodec.fromJson). */
export interface SectionJsonHint {
  readonly length?: number;
}
