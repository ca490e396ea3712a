// ghes_print_estatus()'s "[Hardware Error]:" block: __ghes_print_estatus() (ghes.c) +
// cper_estatus_print() (cper.c), printed from the record's decoded tree by the CPER package
// (src/cper/render/linux.ts renderLinux) as the reading kernel's release prints it.
import { renderLinux } from "../cper/render/linux.js";
import type { GhesEstatus } from "./ghes-read.js";
import type { KernelVersion } from "../linux/version.js";

/**
 * __ghes_print_estatus(): the "{seq}[Hardware Error]: Hardware error from APEI Generic Hardware
 * Error Source: N" line, then cper_estatus_print() ("It has been corrected by h/w…" for a
 * corrected block, "event severity:", and per section "Error i, type:", section_type / "section
 * type: unknown" with its length and hex dump, and the body) as `kernel` prints them.
 */
export function estatusLines(seq: number, sourceId: number, e: GhesEstatus, kernel: KernelVersion): string[] {
  return renderLinux(e.tree, { seq, sourceId, kernel });
}
