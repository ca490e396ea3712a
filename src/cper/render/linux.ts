// Linux's dmesg text for a status block: __ghes_print_estatus() +
// cper_estatus_print() + cper_estatus_print_section() (drivers/acpi/apei/ghes.c,
// drivers/firmware/efi/cper.c). Prefix "{N}[Hardware Error]: ", one extra space
// per nesting level; known sections print "section_type: <name>", others
// "section type: unknown, <guid>", "section length: %#x" and a print_hex_dump.
// A CPER record (which Linux never prints itself) is rendered as the status
// block it would travel in: header severity, then one "Error N" per descriptor.
import type { SectionDecodeOptions } from "../section-api.js";
import { DEFAULT_SECTION_OPTIONS, type DecodedSection } from "../section-api.js";
import { codecFor } from "../registry.js";
import { encodeSectionBody } from "../encode.js";
import { hexDumpLinux } from "./hexdump.js";
import { timestampLinux, type CperTimestamp } from "../layouts/timestamp.js";
import type { CperTree } from "../model.js";
import { memoryRenderLinux } from "../sections/memory.js";
import { has } from "../../kernel/boundaries.js";
import type { KernelVersion } from "../../kernel/version.js";

export const HW_ERR = "[Hardware Error]: ";

export interface LinuxRenderOptions extends SectionDecodeOptions {
  /** The "{N}" sequence number (__ghes_print_estatus's counter); undefined prints no "{N}" (BERT style). */
  readonly seq?: number;
  /** HEST source id for the first line; undefined omits the "Hardware error from APEI…" line. */
  readonly sourceId?: number;
  /**
   * The Linux release whose printing to reproduce (default: the newest modelled). It decides
   * the PCIe AER lines (cperPcieAerAll, 6.12) and, when armType is not given, the ARM
   * error-info Type reading (armTypeBitmask, 6.18: "uefi" from then, "legacy" before).
   */
  readonly kernel?: KernelVersion;
}

/** The section-printer options a kernel release implies (explicit armType wins). */
export function linuxOptionsFor(kernel: KernelVersion | undefined, opts: Partial<SectionDecodeOptions> = {}): SectionDecodeOptions & { aerAllSeverities: boolean } {
  const armType = opts.armType ?? (kernel && !has(kernel, "armTypeBitmask") ? "legacy" : DEFAULT_SECTION_OPTIONS.armType);
  return { ...DEFAULT_SECTION_OPTIONS, ...opts, armType, aerAllSeverities: kernel ? has(kernel, "cperPcieAerAll") : true };
}

/** cper_severity_str() */
export function severityStr(s: number): string {
  return ["recoverable", "fatal", "corrected", "info"][s] ?? "unknown";
}

/** Minimum section sizes Linux checks before printing (sizeof of its structs). */
const MIN_SIZE: Record<string, number> = { generic: 192, memory: 73, pcie: 208, arm: 40, ia32x64: 64, firmware: 16 };

interface SectionInfo {
  readonly section: DecodedSection;
  readonly severity: number;
  /** A bare section: no Generic Error Data Entry, so no severity to hand to the codec. */
  readonly bare?: boolean;
  readonly fruId?: string;
  readonly fruText?: string;
  readonly stamp?: CperTimestamp;
  readonly length: number;
}

/**
 * What a section printer may read besides the body: Linux hands cper_print_pcie() the
 * Generic Error Data Entry (gdata), whose error_severity gates the AER lines.
 */
type SectionRenderOptions = SectionDecodeOptions & { readonly severity?: number; readonly aerAllSeverities?: boolean };

function sectionLines(pfx: string, i: number, s: SectionInfo, opts: SectionRenderOptions, out: string[]): void {
  if (s.stamp) out.push(`${pfx}${s.stamp.Flags & 1 ? "precise " : "imprecise "}tstamp: ${timestampLinux(s.stamp)}`);
  out.push(`${pfx}Error ${i}, type: ${severityStr(s.severity)}`);
  if (s.fruId !== undefined) out.push(`${pfx}fru_id: ${s.fruId}`);
  if (s.fruText !== undefined) out.push(`${pfx}fru_text: ${s.fruText.slice(0, 20)}`);
  const np = pfx + " ";
  // Linux picks the printer by GUID, whether or not our codec could decode the body.
  const c = codecFor(s.section.guid);
  const body = encodeSectionBody(s.section);
  if (c.linuxName !== undefined) {
    out.push(`${np}section_type: ${c.linuxName}`);
    const min = MIN_SIZE[c.key] ?? 0;
    if (s.length < min) {
      out.push("[Firmware Warn]: error section length is too small");
      return;
    }
    if (s.section.codec === "unknown") return;
    const ropts: SectionRenderOptions = s.bare ? opts : { ...opts, severity: s.severity };
    const lines = c.key === "memory" ? memoryRenderLinux(s.section.value as never, s.length) : (c.renderLinux?.(s.section.value, ropts) ?? []);
    for (const l of lines) out.push(l.startsWith("[Firmware Warn]") ? l : np + l);
    return;
  }
  out.push(`${np}section type: unknown, ${s.section.guid}`);
  out.push(`${np}section length: 0x${s.length.toString(16)}`);
  for (const l of hexDumpLinux(body.subarray(0, s.length))) out.push(np + l);
}

function cstr(s: string): string {
  const z = s.indexOf("\0");
  return z >= 0 ? s.slice(0, z) : s;
}

/** dmesg lines (without the kernel's "[ time]" stamp). */
export function renderLinux(tree: CperTree, opts: Partial<LinuxRenderOptions> = {}): string[] {
  const o: LinuxRenderOptions & { aerAllSeverities: boolean } = { ...opts, ...linuxOptionsFor(opts.kernel, opts) };
  const pfx = (o.seq !== undefined ? `{${o.seq}}` : "") + HW_ERR;
  const out: string[] = [];
  let severity: number;
  let sections: SectionInfo[];
  switch (tree.framing) {
    case "section": {
      const body = encodeSectionBody(tree.section);
      sectionLines(pfx + " ", 0, { section: tree.section, severity: 0, bare: true, length: body.length }, o, out);
      // A bare section has no status block: drop the "Error 0" framing line.
      return out.slice(1);
    }
    case "estatus":
      severity = tree.block.ErrorSeverity;
      sections = tree.entries.map((e) => {
        const vb = e.entry.ValidationBits;
        return {
          section: e.section,
          severity: e.entry.ErrorSeverity,
          ...(vb & 1 ? { fruId: e.entry.FruId } : {}),
          ...(vb & 2 ? { fruText: cstr(e.entry.FruText) } : {}),
          ...(e.entry.TimeStamp && vb & 4 ? { stamp: e.entry.TimeStamp } : {}),
          length: e.entry.ErrorDataLength,
        };
      });
      break;
    case "record":
      severity = tree.header.ErrorSeverity;
      sections = tree.sections.map((s) => {
        const vb = s.descriptor.SecValidMask;
        return {
          section: s.section,
          severity: s.descriptor.SectionSeverity,
          ...(vb & 1 ? { fruId: s.descriptor.FruId } : {}),
          ...(vb & 2 ? { fruText: cstr(s.descriptor.FruString) } : {}),
          length: encodeSectionBody(s.section).length,
        };
      });
      break;
  }
  if (o.sourceId !== undefined) out.push(`${pfx}Hardware error from APEI Generic Hardware Error Source: ${o.sourceId}`);
  if (severity === 2) out.push(`${pfx}It has been corrected by h/w and requires no further action`);
  out.push(`${pfx}event severity: ${severityStr(severity)}`);
  sections.forEach((s, i) => sectionLines(pfx + " ", i, s, o, out));
  return out;
}
