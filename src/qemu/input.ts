// What `armras qemu inject` injects: a Generic Error Status Block as given (even a malformed one:
// what the kernel does with it is the point), or a full CPER record wrapped in a status block the
// way firmware builds one (ACPI 6.5 §18.3.2.7.1: one Generic Error Data Entry per section
// descriptor, UEFI 2.10 N.2.2 → Table 18.12).
import { decodeRecord } from "../cper/decode.js";
import { encodeEstatus, finalizeEstatus } from "../cper/encode.js";
import type { EstatusEntry } from "../cper/model.js";
import { GESB_SIZE } from "../apei/estatus-check.js";
import { bytesFromInput } from "../layout/hexinput.js";
import { formatDecodeError } from "../layout/result.js";
import { CPER_SEV } from "../kernel/ghes-severity.js";

/** GEDE revision with the TimeStamp field (ACPI 6.5 Table 18.12: 0x300). */
const GEDE_REVISION = 0x300;
/** The largest block the harness can write: QEMU's error block length (linux-under-qemu.md §3). */
export const MAX_BLOCK = 1024;

export type InjectInput =
  | { readonly ok: true; readonly kind: "status-block" | "record"; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly error: string };

/** Block Status bits firmware sets from the sections' severities (uncorrectable / correctable valid, "multiple" when more than one). */
function blockStatusFor(severities: readonly number[]): number {
  const unc = severities.filter((s) => s !== CPER_SEV.CORRECTED && s !== CPER_SEV.INFORMATIONAL).length;
  const cor = severities.filter((s) => s === CPER_SEV.CORRECTED).length;
  return (unc ? 1 : 0) | (cor ? 2 : 0) | (unc > 1 ? 4 : 0) | (cor > 1 ? 8 : 0) || 1;
}

/** A CPER record (bytes from "CPER") as a status block: header severity, one entry per section. */
export function wrapRecord(bytes: Uint8Array): InjectInput {
  const r = decodeRecord(bytes);
  if (!r.ok) return { ok: false, error: `not a CPER record: ${formatDecodeError(r.error)}` };
  const tree = r.value.tree;
  if (tree.framing !== "record") return { ok: false, error: "not a CPER record" };
  const entries: EstatusEntry[] = tree.sections.map((s) => ({
    entry: {
      SectionType: s.descriptor.SectionType,
      ErrorSeverity: s.descriptor.SectionSeverity,
      Revision: GEDE_REVISION,
      ValidationBits: s.descriptor.SecValidMask & 0x3,
      Flags: s.descriptor.Flags & 0xff,
      ErrorDataLength: 0,
      FruId: s.descriptor.FruId,
      FruText: s.descriptor.FruString,
    },
    section: s.section,
  }));
  const block = { BlockStatus: blockStatusFor(tree.sections.map((s) => s.descriptor.SectionSeverity)), RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: tree.header.ErrorSeverity };
  const out = encodeEstatus(finalizeEstatus({ framing: "estatus", block, entries, extra: [] }));
  if (out.length > MAX_BLOCK) return { ok: false, error: `the record wrapped as a status block is ${out.length} bytes; the source's block holds ${MAX_BLOCK}` };
  return { ok: true, kind: "record", bytes: out };
}

/** A file's bytes (binary, or hex text) as the block to inject. */
export function injectInput(file: Uint8Array): InjectInput {
  const b = bytesFromInput(file);
  if (!b.ok) return { ok: false, error: formatDecodeError(b.error) };
  const bytes = b.value;
  if (bytes.length >= 4 && Buffer.from(bytes.subarray(0, 4)).toString("latin1") === "CPER") return wrapRecord(bytes);
  if (bytes.length < GESB_SIZE) return { ok: false, error: `${bytes.length} bytes: shorter than a Generic Error Status Block header (${GESB_SIZE} bytes) and not a CPER record` };
  if (bytes.length > MAX_BLOCK) return { ok: false, error: `${bytes.length} bytes: longer than the source's error status block (${MAX_BLOCK} bytes)` };
  return { ok: true, kind: "status-block", bytes };
}
