// Adapter: the CPER bytes firmware (or QEMU) writes into a GHES error status block. The kernel
// model reads those bytes and the CPER codec's tree of them (src/kernel/ghes-read.ts).
// Framing (GESB + GEDE) and the section bodies both come from the CPER codec: the
// Platform Memory (UEFI 2.10 N.2.5 Table N-31) and PCI Express (N.2.7 Table N-28)
// layouts are declared once in src/cper/sections; here we only fill in typed values.
import { NULL_GUID } from "../../layout/guid.js";
import { decodeEstatus } from "../../cper/decode.js";
import { encodeEstatus } from "../../cper/encode.js";
import { fromJson as fromCperJson } from "../../cper/json/tree.js";
import type { Estatus as CperEstatus } from "../../cper/model.js";
import { codecOf } from "../../cper/registry.js";
import { MEMORY_ERROR_TYPES, memoryCodec, PlatformMemoryError, type MemorySection } from "../../cper/sections/memory.js";
import { PcieError, pcieCodec, type PcieSection } from "../../cper/sections/pcie.js";
import { parseHexText } from "../../layout/hexinput.js";
import { formatDecodeError } from "../../layout/result.js";
import { HEX_BYTE } from "../../arch/bits.js";
import { DEFAULT_SECTION_OPTIONS, type DecodedSection, type SectionCodec } from "../../cper/section-api.js";
import type { Fields, Struct } from "../../layout/struct.js";
import { CPER_SEV, cperSeverityString } from "../../kernel/ghes-severity.js";
import { decodeGhesEstatus, type GhesEstatus } from "../../kernel/ghes-read.js";

export const GUID_MEMORY = memoryCodec.guid;
export const GUID_PCIE = pcieCodec.guid;

export type Severity = "recoverable" | "fatal" | "corrected" | "info";
/** Linux's name for a CPER severity value (cper_severity_str()). */
export const severityName: (cper: number) => string = cperSeverityString;
export const SEVERITY: Readonly<Record<Severity, number>> = { recoverable: CPER_SEV.RECOVERABLE, fatal: CPER_SEV.FATAL, corrected: CPER_SEV.CORRECTED, info: CPER_SEV.INFORMATIONAL };

/** The Memory Error Type value the codec's table (UEFI N.2.5 Table N-31) gives this name. */
function memoryErrorType(name: string): number {
  const hit = Object.entries(MEMORY_ERROR_TYPES).find(([, n]) => n === name);
  if (hit === undefined) throw new Error(`no memory error type named '${name}'`);
  return Number(hit[0]);
}
/** Memory Error Type values firmware uses (UEFI N.2.5; Linux cper_mem_err_type_strs). */
export const MEM_ERROR_TYPE = { unknown: memoryErrorType("Unknown"), singleBitEcc: memoryErrorType("Single-bit ECC"), multiBitEcc: memoryErrorType("Multi-bit ECC") } as const;

export interface MemorySpec {
  readonly kind: "memory";
  /** Undefined: the physical address is not valid (validation bit 1 clear). */
  readonly pa?: bigint;
  readonly errorType: number;
}
export interface PcieSpec {
  readonly kind: "pcie";
  readonly segment: number;
  readonly bus: number;
  readonly device: number;
  readonly function: number;
}

export interface RecordSpec {
  /** Generic Error Status Block BlockStatus (QEMU writes 1 = uncorrectable valid; firmware adds the entry count). */
  readonly blockStatus: number;
  readonly severity: Severity;
  readonly sectionSeverity: Severity;
  readonly flags: number;
  readonly section: MemorySpec | PcieSpec;
}

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

const MEMORY_ZERO: MemorySection = zeroValue(memoryCodec, PlatformMemoryError.size);
const PCIE_ZERO: PcieSection = zeroValue(pcieCodec, PcieError.size);

/** Firmware's memory section: the physical address (when known) and the memory error type. */
function memoryValue(s: MemorySpec): MemorySection {
  return {
    ...MEMORY_ZERO,
    fields: {
      ...MEMORY_ZERO.fields,
      ValidationBits: validBits(PlatformMemoryError, s.pa !== undefined ? ["PhysicalAddress", "MemoryErrorType"] : ["MemoryErrorType"]),
      PhysicalAddress: s.pa ?? 0n,
      MemoryErrorType: s.errorType,
    },
  };
}

/** Firmware's PCIe section: the device id, and AER info marked valid with its registers left zero. */
function pcieValue(s: PcieSpec): PcieSection {
  return {
    ...PCIE_ZERO,
    fields: {
      ...PCIE_ZERO.fields,
      ValidationBits: validBits(PcieError, ["SegmentNumber", "AerInfo"]),
      FunctionNumber: s.function,
      DeviceNumber: s.device,
      SegmentNumber: s.segment,
      DeviceBusNumber: s.bus,
    },
  };
}

function sectionOf(s: MemorySpec | PcieSpec): DecodedSection {
  return s.kind === "memory"
    ? { guid: memoryCodec.guid, codec: memoryCodec.key, value: memoryValue(s) }
    : { guid: pcieCodec.guid, codec: pcieCodec.key, value: pcieValue(s) };
}

/** The Generic Error Status Block bytes (GESB + one revision-0x300 GEDE + the section), via the CPER codec. */
export function encodeRecord(r: RecordSpec): Uint8Array {
  const section = sectionOf(r.section);
  const length = codecOf(section).encode(section.value).length;
  const tree: CperEstatus = {
    framing: "estatus",
    block: { BlockStatus: r.blockStatus, RawDataOffset: 0, RawDataLength: 0, DataLength: 72 + length, ErrorSeverity: SEVERITY[r.severity] },
    entries: [
      {
        entry: {
          SectionType: section.guid, ErrorSeverity: SEVERITY[r.sectionSeverity], Revision: 0x300, ValidationBits: 0, Flags: r.flags,
          ErrorDataLength: length, FruId: NULL_GUID, FruText: "",
        },
        section,
      },
    ],
    extra: [],
  };
  return encodeEstatus(tree);
}

/**
 * A status block given as CPER JSON (the codec's own JSON, src/cper fromJson): a status block
 * ('genericErrorStatus') is encoded as is; a bare section ('section' + 'sectionType') is framed
 * in one revision-0x300 Generic Error Data Entry with `severity` for block and entry. Any section
 * kind the codec knows can be the record (ARM processor, PCIe, CXL, vendor …).
 */
export function statusBlockFromJson(json: unknown, severity: Severity = "recoverable"): { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string } {
  const r = fromCperJson(json);
  if (!r.ok) return { ok: false, error: formatDecodeError(r.error) };
  const t = r.value;
  if (t.framing === "estatus") return { ok: true, bytes: encodeEstatus(t) };
  if (t.framing !== "section") return { ok: false, error: "a CPER record (with 'header') is not a status block: give 'genericErrorStatus' or a bare 'section'" };
  const length = codecOf(t.section).encode(t.section.value).length;
  const tree: CperEstatus = {
    framing: "estatus",
    block: { BlockStatus: 1, RawDataOffset: 0, RawDataLength: 0, DataLength: 72 + length, ErrorSeverity: SEVERITY[severity] },
    entries: [
      {
        entry: { SectionType: t.section.guid, ErrorSeverity: SEVERITY[severity], Revision: 0x300, ValidationBits: 0, Flags: 0, ErrorDataLength: length, FruId: NULL_GUID, FruText: "" },
        section: t.section,
      },
    ],
    extra: [],
  };
  return { ok: true, bytes: encodeEstatus(tree) };
}

/**
 * A Generic Error Status Block given as hex text (plain hex, `xxd`/`hexdump -C` lines or the
 * kernel's print_hex_dump words: src/layout/hexinput.ts), checked to decode as a status block.
 */
export function statusBlockFromHex(text: string): { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string } {
  const h = parseHexText(text);
  if (!h.ok) return { ok: false, error: `not hex bytes: ${formatDecodeError(h.error)}` };
  const r = decodeEstatus(h.value);
  if (!r.ok) return { ok: false, error: `does not decode as a Generic Error Status Block: ${formatDecodeError(r.error)}` };
  if (r.value.tree.framing !== "estatus") return { ok: false, error: "is not a Generic Error Status Block" };
  return { ok: true, bytes: h.value };
}

/**
 * What the kernel model reads from a status block: the bytes and the CPER codec's tree of them
 * (src/kernel/ghes-read.ts, memoised by content); undefined when they do not decode as a block.
 */
export function estatusFromBytes(bytes: Uint8Array): GhesEstatus | undefined {
  return decodeGhesEstatus(bytes);
}

/** ghes_do_proc()'s branch for an entry (memory, arm, pcie, cxl, other), for the trace. */
export { ghesSectionType } from "../../kernel/ghes-sections.js";

/** Hex dump (16 bytes a line, offset first) of a status block for the trace. */
export function hexLines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    let row = `${i.toString(16).padStart(4, "0")}:`;
    for (let j = i; j < Math.min(i + 16, bytes.length); j++) row += " " + HEX_BYTE[bytes[j]!]!;
    out.push(row);
  }
  return out;
}
