// The abstract Generic Error Status Block the GHES model reads (ACPI 18.3.2.7.1; UEFI N.2) and
// its severity mapping (ghes.c ghes_severity(), T3/§5.1). The simulator maps the CPER codec's
// decoded bytes onto this shape; the "[Hardware Error]:" print is ghes-print.ts (the CPER
// package's cper_estatus_print()).
import { severityStr } from "../cper/render/linux.js";
import { SEVERITY_NAMES } from "../cper/layouts/record-header.js";

/** Linux's CPER_SEV_* (UEFI N.2.1 Error Severity), from the CPER codec's one table of severities. */
export const CPER_SEV = Object.freeze(Object.fromEntries(Object.entries(SEVERITY_NAMES).map(([v, n]) => [n.toUpperCase(), Number(v)]))) as Readonly<Record<"RECOVERABLE" | "FATAL" | "CORRECTED" | "INFORMATIONAL", number>>;
/** GHES_SEV_* (ghes.c). */
export const GHES_SEV = { NO: 0, CORRECTED: 1, RECOVERABLE: 2, PANIC: 3 } as const;

/** ghes.c ghes_severity(): CPER severity → GHES severity; unknown values panic ("Unknown, go panic"). */
export function ghesSeverity(cper: number): number {
  switch (cper) {
    case CPER_SEV.RECOVERABLE:
      return GHES_SEV.RECOVERABLE;
    case CPER_SEV.FATAL:
      return GHES_SEV.PANIC;
    case CPER_SEV.CORRECTED:
      return GHES_SEV.CORRECTED;
    case CPER_SEV.INFORMATIONAL:
      return GHES_SEV.NO;
    default:
      return GHES_SEV.PANIC;
  }
}

/** cper.c cper_severity_str() (the CPER renderer's). */
export const cperSeverityString: (cper: number) => string = severityStr;

/** CPER_MEM_VALID_PA (UEFI N.2.5 validation bit 1). */
export const CPER_MEM_VALID_PA = 0x2;
/** Generic Error Data Entry flags (ACPI 18.3.2.7.1): CPER_SEC_RESET, CPER_SEC_ERROR_THRESHOLD_EXCEEDED. */
export const CPER_SEC_RESET = 0x4;
export const CPER_SEC_ERROR_THRESHOLD_EXCEEDED = 0x8;
/** CPER ARM error-info validation bit 4: physical fault address valid (CPER_ARM_INFO_VALID_PHYSICAL_ADDR). */
export const CPER_ARM_INFO_VALID_PHYSICAL_ADDR = 0x10;

export interface ArmErrorInfo {
  /** error_info "type" byte as firmware wrote it (read as enum ≤6.13, bitmask in 6.18). */
  readonly type: number;
  readonly validationBits: number;
  readonly physicalFaultAddress?: bigint;
  /** The entry's Length byte (the walk advances by it; 32 in a well-formed section). */
  readonly length?: number;
}

/**
 * Which CXL section ghes_do_proc() sees: a CXL Protocol Error (CPER_SEC_CXL_PROT_ERR, UEFI N.2.13)
 * or a CXL component event it hands on (General Media, DRAM, Memory Module; UEFI 2.10 N.2.14).
 * Linux added the two dispatches at different releases (boundaries.ts ghesCxlProtocolErrors,
 * ghesCxlComponentEvents); before them the section is a non-standard one, named by its GUID.
 */
export type CxlSectionKind = "protocol" | "component";

export type EstatusSection =
  | { readonly type: "memory"; readonly severity: number; readonly flags: number; readonly validationBits: number; readonly physicalAddress?: bigint }
  | { readonly type: "arm"; readonly severity: number; readonly flags: number; readonly errInfo: readonly ArmErrorInfo[]; /** gdata->error_data_length (bounded walks read it). */ readonly errorDataLength?: number }
  | { readonly type: "pcie"; readonly severity: number; readonly flags: number; readonly deviceIdValid: boolean; readonly aerInfoValid: boolean }
  | { readonly type: "cxl"; readonly kind: CxlSectionKind; readonly guid: string; readonly severity: number; readonly flags: number }
  | { readonly type: "other"; readonly guid: string; readonly severity: number; readonly flags: number };

/** What __ghes_check_estatus()/__ghes_read_estatus() would reject (T3 row 4). */
export type EstatusDefect = "truncated" | "too-long" | "bad-header" | "bad-sections";

export interface Estatus {
  /** block_status; 0 = nothing pending. */
  readonly blockStatus: number;
  /** error_severity of the block (CPER severity, u32). */
  readonly severity: number;
  readonly sections: readonly EstatusSection[];
  readonly defect?: EstatusDefect;
  /** The block's bytes when known: the estatus cache compares these (otherwise a canonical form) and the print decodes them. */
  readonly raw?: Uint8Array;
}

/** Identity for the estatus cache: "same length + memcmp" (ghes_estatus_cached()). */
export function estatusKey(e: Estatus): string {
  if (e.raw) return Buffer.from(e.raw).toString("hex");
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v));
}
