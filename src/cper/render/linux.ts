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
import { gedeSize } from "../layouts/estatus.js";
import { memoryRenderLinux } from "../sections/memory.js";
import { has } from "../../linux/boundaries.js";
import { NEWEST, type KernelVersion } from "../../linux/version.js";

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
  /**
   * The kernel's architecture (default arm64): cper-arm.c is built only for arm/arm64 and
   * cper-x86.c only for x86, so the other processor section prints as an unknown section.
   */
  readonly kernelArch?: KernelArch;
  /**
   * "kmsg" (default): what dmesg and the journal show, read through /dev/kmsg, where every byte
   * below 0x20 or from 0x7f up, and the backslash, appears as \xNN (kernel/printk msg_print_ext_body
   * escaping), so a record stays one line; "console": the raw bytes as the console prints them
   * (one character per byte, Latin-1).
   */
  readonly view?: "kmsg" | "console";
}

export type KernelArch = "arm64" | "x86_64";
export const KERNEL_ARCHES: readonly KernelArch[] = ["arm64", "x86_64"];

/**
 * What the section printers of one kernel build do differently, read from the one boundary
 * table (src/linux/boundaries.ts) once per render; the section printers get only these flags.
 */
export interface LinuxPrintProfile {
  /** cper_print_proc_arm() compares section_length with the CPER size (eae21beecb95). */
  readonly armLengthBig: boolean;
  /** cper_print_proc_arm() steps context structures by ALIGN(8 + size, 16). */
  readonly armCtxAlign: boolean;
  /** cper_print_mem() prints error_status with cper_mem_err_status_str(). */
  readonly memStatusText: boolean;
  /** cper_print_fw_err() refuses a record shorter than its revision's offset. */
  readonly fwLengthCheck: boolean;
}

/** The print profile of a build (undefined kernel: the newest modelled). */
export function linuxPrintProfile(kernel: KernelVersion | undefined): LinuxPrintProfile {
  const k = kernel ?? NEWEST;
  return {
    armLengthBig: has(k, "cperArmLengthBig"),
    armCtxAlign: has(k, "cperArmCtxAlign"),
    memStatusText: has(k, "cperMemStatusStr"),
    fwLengthCheck: has(k, "cperFwLengthCheck"),
  };
}

/** Which GUID-keyed printer a build has for a section codec key (cper_estatus_print_section()). */
function hasPrinter(key: string, kernel: KernelVersion, arch: KernelArch): boolean {
  if (key === "arm") return arch === "arm64";
  if (key === "ia32x64") return arch === "x86_64";
  if (key === "cxl-protocol") return has(kernel, "cperCxlProtocol");
  return true;
}

/**
 * The /dev/kmsg view of one printed line: bytes < 0x20, >= 0x7f and the backslash as \xNN
 * (kernel/printk/printk.c msg_add_ext_text / escaping of the record text).
 */
export function kmsgEscape(line: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f-\uffff\\]/.test(line)) return line;
  let s = "";
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i) & 0xff;
    s += c < 0x20 || c >= 0x7f || c === 0x5c ? "\\x" + c.toString(16).padStart(2, "0") : line[i];
  }
  return s;
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
type SectionRenderOptions = SectionDecodeOptions & {
  readonly severity?: number;
  readonly aerAllSeverities?: boolean;
  /** gdata->error_data_length (the "CPER size" cper_print_proc_arm() checks against). */
  readonly length?: number;
  readonly profile?: LinuxPrintProfile;
};

type RenderState = SectionRenderOptions & { readonly kernel: KernelVersion; readonly arch: KernelArch };

function sectionLines(pfx: string, i: number, s: SectionInfo, opts: RenderState, out: string[]): void {
  if (s.stamp) out.push(`${pfx}${s.stamp.Flags & 1 ? "precise " : "imprecise "}tstamp: ${timestampLinux(s.stamp)}`);
  out.push(`${pfx}Error ${i}, type: ${severityStr(s.severity)}`);
  if (s.fruId !== undefined) out.push(`${pfx}fru_id: ${s.fruId}`);
  if (s.fruText !== undefined) out.push(`${pfx}fru_text: ${s.fruText.slice(0, 20)}`);
  const np = pfx + " ";
  // Linux picks the printer by GUID, whether or not our codec could decode the body.
  const c = codecFor(s.section.guid);
  const body = encodeSectionBody(s.section);
  if (c.linuxName !== undefined && hasPrinter(c.key, opts.kernel, opts.arch)) {
    out.push(`${np}section_type: ${c.linuxName}`);
    const min = MIN_SIZE[c.key] ?? 0;
    if (s.length < min) {
      out.push("[Firmware Warn]: error section length is too small");
      return;
    }
    if (s.section.codec === "unknown") return;
    const ropts: SectionRenderOptions = s.bare ? { ...opts, length: s.length } : { ...opts, severity: s.severity, length: s.length };
    const lines = c.key === "memory" ? memoryRenderLinux(s.section.value as never, s.length, opts.profile) : (c.renderLinux?.(s.section.value, ropts) ?? []);
    for (const l of lines) out.push(l.startsWith("[Firmware Warn]") ? l : np + l);
    return;
  }
  out.push(`${np}section type: unknown, ${s.section.guid}`);
  // "%#x": Linux's vsprintf (lib/vsprintf.c number()) writes the 0x prefix for zero too ("0x0"), unlike C's.
  out.push(`${np}section length: 0x${s.length.toString(16)}`);
  for (const l of hexDumpLinux(body.subarray(0, s.length))) out.push(np + l);
}

function cstr(s: string): string {
  const z = s.indexOf("\0");
  return z >= 0 ? s.slice(0, z) : s;
}

/**
 * Why ghes.c would refuse this status block, as the warning it prints, or undefined.
 * cper_estatus_check_header() (checked by __ghes_check_estatus(): "Invalid CPER header!"):
 * a nonzero data_length below one 64-byte entry, or raw data starting inside the header and
 * data. cper_estatus_check() (ghes_read_estatus(): "Failed to read error status block!"):
 * walking the entries over data_length, each entry's header and then header + error_data_length
 * (an unsigned int, so it wraps) must fit in what is left, and nothing may be left over.
 */
export function ghesRefusal(tree: Extract<CperTree, { framing: "estatus" }>): string | undefined {
  const b = tree.block;
  if ((b.DataLength !== 0 && b.DataLength < 64) || (b.RawDataLength !== 0 && b.RawDataOffset < 20 + b.DataLength)) {
    return "[Firmware Warn]: GHES: Invalid CPER header!";
  }
  let left = b.DataLength;
  for (const e of tree.entries) {
    const header = gedeSize(e.entry.Revision);
    const record = (header + e.entry.ErrorDataLength) >>> 0;
    if (header > left || record > left) return "[Firmware Warn]: GHES: Failed to read error status block!";
    left -= record;
  }
  // Bytes of data_length no entry accounts for: the next "entry" cannot fit (the decoder kept them raw).
  return left === 0 ? undefined : "[Firmware Warn]: GHES: Failed to read error status block!";
}

/** dmesg lines (without the kernel's "[ time]" stamp). */
export function renderLinux(tree: CperTree, opts: Partial<LinuxRenderOptions> = {}): string[] {
  const o: RenderState = {
    ...opts,
    ...linuxOptionsFor(opts.kernel, opts),
    kernel: opts.kernel ?? NEWEST,
    arch: opts.kernelArch ?? "arm64",
    profile: linuxPrintProfile(opts.kernel),
  };
  const lines = renderRaw(tree, o, opts);
  return opts.view === "console" ? lines : lines.map(kmsgEscape);
}

function renderRaw(tree: CperTree, o: RenderState, opts: Partial<LinuxRenderOptions>): string[] {
  const pfx = (opts.seq !== undefined ? `{${opts.seq}}` : "") + HW_ERR;
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
    case "estatus": {
      // ghes.c refuses a block that fails its checks and prints only a firmware warning.
      const refused = ghesRefusal(tree);
      if (refused !== undefined) return [refused];
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
    }
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
  if (opts.sourceId !== undefined) out.push(`${pfx}Hardware error from APEI Generic Hardware Error Source: ${opts.sourceId}`);
  if (severity === 2) out.push(`${pfx}It has been corrected by h/w and requires no further action`);
  out.push(`${pfx}event severity: ${severityStr(severity)}`);
  sections.forEach((s, i) => sectionLines(pfx + " ", i, s, o, out));
  return out;
}
