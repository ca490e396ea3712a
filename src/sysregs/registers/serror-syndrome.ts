// The SError syndrome view shared by DISR_EL1, VDISR_EL2 and VSESR_EL2 when IDS=0
// (arch.md §1.4 SError, §2.3-2.5; AET values per the ESR XML and TF-A ras_arch.h).
import type { FieldSpec } from "../decl.js";
import { AET_VALUES } from "../../arch/ras.js";

export { AET_VALUES };

/** IDS=0 decoding of ISS[23:0]: AET, EA, DFSC (no IESB bit in DISR/VDISR; §2.4). */
export const SERROR_ISS_VIEW: readonly FieldSpec[] = Object.freeze([
  { name: "DFSC", msb: 5, lsb: 0, access: "RW", desc: "fault status code", values: { 0x00: "Uncategorized", 0x11: "Asynchronous SError interrupt" } },
  { name: "EA", msb: 9, access: "RW", desc: "External abort type (IMPLEMENTATION DEFINED)" },
  { name: "AET", msb: 12, lsb: 10, access: "RW", desc: "asynchronous error type", values: AET_VALUES },
]);
