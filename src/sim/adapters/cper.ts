// Adapter: the CPER bytes firmware (or QEMU) writes into a GHES error status block, and
// the abstract Estatus the kernel model reads from them (the kernel model prints the
// "[Hardware Error]:" lines from the bytes themselves).
// Framing (GESB + GEDE) and the section bodies both come from the CPER codec: the
// Platform Memory (UEFI 2.10 N.2.5 Table N-31) and PCI Express (N.2.7 Table N-28)
// layouts are declared once in src/cper/sections; here we only fill in typed values.
// Reading back, every section ghes_do_proc() dispatches on is mapped (memory, PCIe, ARM
// processor, the CXL ones; kernel.md §5.7); any other GUID is a vendor section.
import { NULL_GUID } from "../../layout/guid.js";
import { decodeEstatus } from "../../cper/decode.js";
import { encodeEstatus } from "../../cper/encode.js";
import { fromJson as fromCperJson } from "../../cper/json.js";
import type { Estatus as CperEstatus } from "../../cper/model.js";
import { codecOf } from "../../cper/registry.js";
import type { DecodedSection } from "../../cper/section-api.js";
import { armCodec, type ArmSection } from "../../cper/sections/arm.js";
import { ArmErrorInfo as ArmErrorInfoLayout, ArmProcessorHeader } from "../../cper/layouts/arm.js";
import { GenericErrorStatus, gedeSize } from "../../cper/layouts/estatus.js";
import { CXL_COMPONENT_EVENTS } from "../../cper/sections/cxl-component.js";
import { cxlProtocolCodec } from "../../cper/sections/cxl-protocol.js";
import { MEMORY_ERROR_TYPES, memoryCodec, PlatformMemoryError, type MemorySection } from "../../cper/sections/memory.js";
import { PcieError, pcieCodec, type PcieSection } from "../../cper/sections/pcie.js";
import { parseHexText } from "../../layout/hexinput.js";
import { formatDecodeError } from "../../layout/result.js";
import { isFieldValid } from "../../layout/struct.js";
import { CPER_SEV, cperSeverityString, type ArmErrorInfo as ArmErrorInfoShape, type CxlSectionKind, type Estatus, type EstatusSection } from "../../kernel/ghes-estatus.js";
import { validBits, zeroValue } from "../../kernel/ghes-print.js";
import { HEX_BYTE } from "../../arch/bits.js";

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
/** Generic Error Data Entry flags (ACPI 6.5 Table 18.12). */
export const GEDE_FLAGS = { RESET: 0x4, THRESHOLD_EXCEEDED: 0x8 } as const;

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

const decodedCache = new Map<string, Estatus | undefined>();

/**
 * What the kernel model reads from a status block: decoded by the CPER codec from the bytes
 * (memoised by content). The bytes stay attached (`raw`): the estatus cache compares them and
 * the kernel model prints them (src/kernel/ghes-print.ts, at the reading kernel's release).
 */
export function estatusFromBytes(bytes: Uint8Array): Estatus | undefined {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  if (decodedCache.has(key)) {
    const e = decodedCache.get(key);
    return e && { ...e, raw: bytes };
  }
  const e = decodeUncached(bytes);
  if (decodedCache.size >= 256) decodedCache.clear();
  decodedCache.set(key, e);
  return e;
}

/**
 * The CXL sections ghes_do_proc() hands to the CXL work queues (kernel.md §5.7: CXL protocol,
 * General Media, DRAM and Memory Module), by the key of the codec that decoded them, with their
 * kind (the kernel model gates each kind by release); the other CXL component events (switches,
 * MLD port) fall through to the non-standard path like any other GUID.
 */
const CXL_GHES_KINDS: ReadonlyMap<string, CxlSectionKind> = new Map<string, CxlSectionKind>([
  [cxlProtocolCodec.key, "protocol"],
  ...CXL_COMPONENT_EVENTS.filter((c) => c.key === "cxl-general-media" || c.key === "cxl-dram" || c.key === "cxl-memory-module").map((c) => [c.key, "component"] as const),
]);

/** The abstract sections ghes_do_proc() acts on, from the codec's decode. */
function decodeUncached(bytes: Uint8Array): Estatus | undefined {
  const r = decodeEstatus(bytes);
  if (!r.ok || r.value.tree.framing !== "estatus") return undefined;
  const tree = r.value.tree;
  // Where each section body starts in the block (GESB, then per entry its GEDE header and body).
  const bodyAt: number[] = [];
  for (let at = GenericErrorStatus.size, i = 0; i < tree.entries.length; i++) {
    const e = tree.entries[i]!;
    bodyAt.push(at + gedeSize(e.entry.Revision));
    at = bodyAt[i]! + e.entry.ErrorDataLength;
  }
  const sections: EstatusSection[] = tree.entries.map((e, idx) => {
    const common = { severity: e.entry.ErrorSeverity, flags: e.entry.Flags };
    if (e.section.codec === memoryCodec.key) {
      const f = (e.section.value as MemorySection).fields;
      return { type: "memory", ...common, validationBits: Number(f.ValidationBits & 0xffffn), physicalAddress: f.PhysicalAddress };
    }
    if (e.section.codec === pcieCodec.key) {
      const f = (e.section.value as PcieSection).fields;
      return { type: "pcie", ...common, deviceIdValid: isFieldValid(PcieError, f, "SegmentNumber"), aerInfoValid: isFieldValid(PcieError, f, "AerInfo") };
    }
    if (e.section.codec === armCodec.key) {
      // The raw Type byte: the kernel model reads it as the release does (enum ≤6.17, bitmask 6.18).
      // The physical fault address is passed as written; validation bit 4 says whether Linux uses it.
      const errInfo = armInfosAsLinuxReads(bytes, bodyAt[idx]!) ?? (e.section.value as ArmSection).errorInfo.map((i) => ({ type: i.Type, validationBits: i.ValidationBits, physicalFaultAddress: i.PhysicalFaultAddress }));
      return { type: "arm", ...common, errInfo, errorDataLength: e.entry.ErrorDataLength };
    }
    const cxlKind = CXL_GHES_KINDS.get(e.section.codec);
    if (cxlKind !== undefined) return { type: "cxl", kind: cxlKind, guid: e.section.guid, ...common };
    return { type: "other", guid: e.section.guid, ...common };
  });
  return { blockStatus: tree.block.BlockStatus, severity: tree.block.ErrorSeverity, sections, raw: bytes };
}

/**
 * ghes_handle_arm_hw_error()'s walk: ERR_INFO_NUM entries from the end of the section header,
 * each found by adding the previous entry's Length, whatever the section's own length says
 * (drivers/acpi/apei/ghes.c: `p += err_info->length`). Real 6.1.192 under QEMU acts on the entry
 * of an ARM section whose ErrorDataLength stops 8 bytes short of it (issue 12). Undefined when
 * the walk leaves the block (the codec's entries are used then).
 */
function armInfosAsLinuxReads(block: Uint8Array, at: number): ArmErrorInfoShape[] | undefined {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (at + ArmProcessorHeader.size > block.length) return undefined;
  const count = dv.getUint16(at + ArmProcessorHeader.fields.ErrInfoNum.at, true);
  const out: ArmErrorInfoShape[] = [];
  let p = at + ArmProcessorHeader.size;
  for (let i = 0; i < count; i++) {
    const f = ArmErrorInfoLayout.fields;
    // An entry cut by the block's end still has its Type, validation bits and Length read (the
    // kernel reads on past the record; what lies there is not the block's, taken as 0 here).
    if (p + f.MultipleError.at > block.length) return undefined;
    const pfa = p + f.PhysicalFaultAddress.at + 8 <= block.length ? dv.getBigUint64(p + f.PhysicalFaultAddress.at, true) : 0n;
    out.push({ type: block[p + f.Type.at]!, validationBits: dv.getUint16(p + f.ValidationBits.at, true), physicalFaultAddress: pfa, length: block[p + f.Length.at]! });
    p += block[p + f.Length.at]!;
  }
  return out;
}

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
