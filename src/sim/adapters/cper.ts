// Adapter: the CPER bytes firmware (or QEMU) writes into a GHES error status block,
// the abstract Estatus the kernel model reads, and the Linux "[Hardware Error]:" lines.
// Framing (GESB + GEDE) comes from the CPER codec (src/cper encodeEstatus/decodeEstatus);
// section bodies are built here (SIM-LOCAL) until src/cper registers the memory and
// PCIe section codecs, whose renderLinux() is then used for the section lines.
import { decodeEstatus } from "../../cper/decode.js";
import { encodeEstatus } from "../../cper/encode.js";
import type { Estatus as CperEstatus } from "../../cper/model.js";
import { codecFor } from "../../cper/registry.js";
import { DEFAULT_SECTION_OPTIONS } from "../../cper/section-api.js";
import { CPER_SEV, estatusLines, type Estatus, type EstatusSection } from "../../kernel/ghes-estatus.js";

export const GUID_MEMORY = "a5bc1114-6f64-4ede-b863-3e83ed7c83b1";
export const GUID_PCIE = "d995e954-bbc1-430f-ad91-b44dcb3c6f35";

export type Severity = "recoverable" | "fatal" | "corrected" | "info";
export const SEVERITY: Readonly<Record<Severity, number>> = { recoverable: CPER_SEV.RECOVERABLE, fatal: CPER_SEV.FATAL, corrected: CPER_SEV.CORRECTED, info: CPER_SEV.INFORMATIONAL };

/** UEFI 2.10 N.2.5 Memory Error Section validation bits used here. */
export const MEM_VALID = { PA: 1 << 1, ERROR_TYPE: 1 << 14 } as const;
/** Memory Error Type values (UEFI N.2.5; Linux cper_mem_err_type_strs). */
export const MEM_ERROR_TYPE = { unknown: 0, singleBitEcc: 2, multiBitEcc: 3 } as const;
const MEM_TYPE_NAMES = ["unknown", "no error", "single-bit ECC", "multi-bit ECC", "single-symbol chipkill ECC", "multi-symbol chipkill ECC", "master abort", "target abort", "parity error", "watchdog timeout", "invalid address", "mirror Broken", "memory sparing", "scrub corrected error", "scrub uncorrected error", "physical memory map-out event"];
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

function memoryBody(s: MemorySpec): Uint8Array {
  // UEFI 2.10 N.2.5 Table N-31: ValidationBits@0 (u64), PhysicalAddress@16 (u64), MemoryErrorType@72 (u8); 80 bytes.
  const b = new Uint8Array(80);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt((s.pa !== undefined ? MEM_VALID.PA : 0) | MEM_VALID.ERROR_TYPE), true);
  v.setBigUint64(16, s.pa ?? 0n, true);
  b[72] = s.errorType;
  return b;
}

const PCIE_DEVID = 24;

function pcieBody(s: PcieSpec): Uint8Array {
  // UEFI 2.10 N.2.7 Table N-39: ValidationBits@0 (u64; bit 3 Device ID valid), DeviceID@24 (16 bytes:
  // VendorID u16 +0, DeviceID u16 +2, ClassCode[3] +4, Function +7, Device +8, Segment u16 +9, PrimaryBus +11, SecondaryBus +12, Slot u16 +13); 208 bytes.
  const b = new Uint8Array(208);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, (1n << 3n) | (1n << 7n), true); // Device ID valid | AER info valid (its registers left zero)
  b[PCIE_DEVID + 7] = s.function;
  b[PCIE_DEVID + 8] = s.device;
  v.setUint16(PCIE_DEVID + 9, s.segment, true);
  b[PCIE_DEVID + 11] = s.bus;
  return b;
}

/** The Generic Error Status Block bytes (GESB + one revision-0x300 GEDE + the section), via the CPER codec. */
export function encodeRecord(r: RecordSpec): Uint8Array {
  const body = r.section.kind === "memory" ? memoryBody(r.section) : pcieBody(r.section);
  const guid = r.section.kind === "memory" ? GUID_MEMORY : GUID_PCIE;
  const tree: CperEstatus = {
    framing: "estatus",
    block: { BlockStatus: r.blockStatus, RawDataOffset: 0, RawDataLength: 0, DataLength: 72 + body.length, ErrorSeverity: SEVERITY[r.severity] },
    entries: [
      {
        entry: {
          SectionType: guid, ErrorSeverity: SEVERITY[r.sectionSeverity], Revision: 0x300, ValidationBits: 0, Flags: r.flags,
          ErrorDataLength: body.length, FruId: "00000000-0000-0000-0000-000000000000", FruText: "",
        },
        section: { guid, codec: "unknown", value: { bytes: body } },
      },
    ],
    extra: [],
  };
  return encodeEstatus(tree);
}

function u64(b: Uint8Array, at: number): bigint {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(at, true);
}

/** Linux's section lines (cper_print_mem / cper_print_pcie subset), from the codec when it renders this section. */
function sectionLines(guid: string, body: Uint8Array): string[] | undefined {
  const codec = codecFor(guid);
  if (codec.key !== "unknown" && codec.renderLinux) {
    const d = codec.decode(body, DEFAULT_SECTION_OPTIONS);
    if (d.ok) return codec.renderLinux(d.value, DEFAULT_SECTION_OPTIONS);
  }
  if (guid === GUID_MEMORY && body.length >= 80) {
    // SIM-LOCAL cper_print_mem(): only the fields our records set are printed.
    const valid = Number(u64(body, 0) & 0xffffn);
    const out: string[] = [];
    if (valid & MEM_VALID.PA) out.push(`physical_address: 0x${u64(body, 16).toString(16).padStart(16, "0")}`);
    if (valid & MEM_VALID.ERROR_TYPE) out.push(`error_type: ${body[72]}, ${MEM_TYPE_NAMES[body[72]!] ?? "unknown"}`);
    return out;
  }
  if (guid === GUID_PCIE && body.length >= PCIE_DEVID + 16) {
    // SIM-LOCAL cper_print_pcie(): the device id block (validation bit 3).
    const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const d = PCIE_DEVID;
    const h = (n: number, w: number): string => n.toString(16).padStart(w, "0");
    return [
      `device_id: ${h(v.getUint16(d + 9, true), 4)}:${h(body[d + 11]!, 2)}:${h(body[d + 8]!, 2)}.${body[d + 7]!.toString(16)}`,
      `slot: ${v.getUint16(d + 13, true) >> 3}`,
      `secondary_bus: 0x${h(body[d + 12]!, 2)}`,
      `vendor_id: 0x${h(v.getUint16(d, true), 4)}, device_id: 0x${h(v.getUint16(d + 2, true), 4)}`,
      `class_code: ${h(body[d + 6]!, 2)}${h(body[d + 5]!, 2)}${h(body[d + 4]!, 2)}`,
    ];
  }
  return undefined;
}

const decodedCache = new Map<string, Estatus | undefined>();

/** What the kernel model reads from a status block: decoded by the CPER codec from the bytes (memoised by content). */
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

function decodeUncached(bytes: Uint8Array): Estatus | undefined {
  const r = decodeEstatus(bytes);
  if (!r.ok || r.value.tree.framing !== "estatus") return undefined;
  const tree = r.value.tree;
  const sections: EstatusSection[] = tree.entries.map((e) => {
    const body = codecFor(e.section.guid).key === "unknown" ? (e.section.value as { bytes: Uint8Array }).bytes : codecOf(e.section);
    const lines = sectionLines(e.section.guid, body);
    const common = { severity: e.entry.ErrorSeverity, flags: e.entry.Flags, ...(lines ? { body: lines } : {}) };
    if (e.section.guid === GUID_MEMORY) {
      const valid = Number(u64(body, 0) & 0xffffn);
      return { type: "memory", ...common, validationBits: valid, physicalAddress: u64(body, 16) };
    }
    if (e.section.guid === GUID_PCIE) {
      const valid = Number(u64(body, 0) & 0xffffn);
      return { type: "pcie", ...common, deviceIdValid: (valid & 0x8) !== 0, aerInfoValid: (valid & 0x80) !== 0 };
    }
    return { type: "other", guid: e.section.guid, ...common };
  });
  return { blockStatus: tree.block.BlockStatus, severity: tree.block.ErrorSeverity, sections, raw: bytes };
}

function codecOf(s: { guid: string; value: unknown }): Uint8Array {
  return codecFor(s.guid).encode(s.value);
}

/** The "[Hardware Error]:" block Linux prints for this status block (ghes.c __ghes_print_estatus, cper.c). */
export function linuxLines(seq: number, sourceId: number, e: Estatus): string[] {
  return estatusLines(seq, sourceId, e);
}

/** Hex dump (16 bytes a line, offset first) of a status block for the trace. */
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function hexLines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    let row = `${i.toString(16).padStart(4, "0")}:`;
    for (let j = i; j < Math.min(i + 16, bytes.length); j++) row += " " + HEX2[bytes[j]!]!;
    out.push(row);
  }
  return out;
}
