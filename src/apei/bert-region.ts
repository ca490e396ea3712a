// The Boot Error Region a BERT points to: Generic Error Status Blocks one after
// another, ended by a block with Block Status 0 (Linux drivers/acpi/apei/bert.c
// bert_print_all()). Each block is decoded by the CPER codec.

import type { Warning } from "../layout/index.js";
import { decodeEstatus } from "../cper/decode.js";
import type { GenericErrorStatus } from "../cper/layouts/estatus.js";
import { cperEstatusCheck, cperEstatusLen, GESB_SIZE, readGesb } from "./estatus-check.js";

export interface BootErrorBlock {
  readonly offset: number;
  readonly block: GenericErrorStatus;
  readonly length: number;
  /** The CPER codec's decode of the block (entries, sections), when it decoded. */
  readonly decoded?: unknown;
  readonly warnings: readonly Warning[];
  /** Whether Linux prints it (bert.c: shorter than ACPI_BERT_PRINT_MAX_LEN and among the first ACPI_BERT_PRINT_MAX_RECORDS). */
  readonly printed: boolean;
}

/** Linux bert.c limits (since v5.14, "ACPI: APEI: BERT: limit the number of printed records"). */
export const ACPI_BERT_PRINT_MAX_RECORDS = 5;
export const ACPI_BERT_PRINT_MAX_LEN = 1024;

export interface BootErrorRegion {
  readonly blocks: BootErrorBlock[];
  /** Linux's BERT messages for this region (pr_fmt "BERT: "). */
  readonly messages: string[];
  readonly findings: Warning[];
}

/** Walks the region as bert_print_all() does; `regionLength` is the BERT's Boot Error Region Length. */
export function walkBootErrorRegion(region: Uint8Array, regionLength = region.length): BootErrorRegion {
  const findings: Warning[] = [];
  if (region.length < regionLength) {
    findings.push({ code: "region-truncated", field: "BootErrorRegion", offset: region.length, message: `Boot Error Region Length is ${regionLength}, ${region.length} byte(s) given` });
  }
  const bytes = region.subarray(0, Math.min(region.length, regionLength));
  const blocks: BootErrorBlock[] = [];
  const messages: string[] = [];
  let at = 0;
  let printedCount = 0;
  let skipped = 0;
  while (bytes.length - at >= GESB_SIZE) {
    const block = readGesb(bytes, at);
    const len = cperEstatusLen(block);
    if (bytes.length - at < len) {
      messages.push(`BERT: [Firmware Bug]: Truncated status block (length: ${len}).`);
      findings.push({ code: "block-truncated", field: `BootErrorRegion[${blocks.length}]`, offset: at, message: `status block of ${len} bytes runs past the region` });
      break;
    }
    if (block.BlockStatus === 0) break;
    if (!cperEstatusCheck(bytes.subarray(at, at + len))) {
      messages.push("BERT: [Firmware Bug]: Invalid error record.");
      findings.push({ code: "invalid-record", field: `BootErrorRegion[${blocks.length}]`, offset: at, message: "cper_estatus_check() rejects this block" });
      break;
    }
    const printed = len < ACPI_BERT_PRINT_MAX_LEN && printedCount < ACPI_BERT_PRINT_MAX_RECORDS;
    if (printed) {
      if (printedCount === 0) messages.push("BERT: Error records from previous boot:");
      printedCount++;
    } else skipped++;
    const d = decodeEstatus(bytes.subarray(at, at + len));
    blocks.push(d.ok ? { offset: at, block, length: len, decoded: d.value.tree, warnings: d.warnings, printed } : { offset: at, block, length: len, warnings: d.warnings, printed });
    if (len === 0) break;
    at += len;
  }
  if (skipped) messages.push(`BERT: [Hardware Error]: Skipped ${skipped} error records`);
  return { blocks, messages, findings };
}
