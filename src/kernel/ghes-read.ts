// What ghes.c reads from a source's Generic Error Status Block (ACPI 6.5 §18.3.2.7.1):
// __ghes_peek_estatus() (Block Status), __ghes_check_estatus() (cper_estatus_len() against the
// block and cper_estatus_check_header()), __ghes_read_estatus() (cper_estatus_check() over the
// entries), then the cper_estatus_len() bytes copied into ghes->estatus. The kernel model reads
// those bytes and the CPER codec's decoded tree of them (src/cper Estatus): one model.
import { cperEstatusCheck, cperEstatusCheckHeader, cperEstatusLen, GESB_SIZE, readGesb } from "../apei/estatus-check.js";
import { decodeEstatus } from "../cper/decode.js";
import type { Estatus as CperEstatus } from "../cper/model.js";

/** ghes->estatus after __ghes_read_estatus(): the block's cper_estatus_len() bytes and their decoded tree. */
export interface GhesEstatus {
  readonly bytes: Uint8Array;
  readonly tree: CperEstatus;
}

/** What __ghes_check_estatus()/__ghes_read_estatus() reject (T3 row 4). */
export type EstatusDefect = "truncated" | "too-long" | "bad-header" | "bad-sections";

/** A pending block as the kernel reads it: its header, and either a defect or the record. */
export interface GhesBlockRead {
  readonly blockStatus: number;
  /** error_severity of the block header (CPER severity, u32). */
  readonly severity: number;
  readonly defect?: EstatusDefect;
  /** The record when the block passes the checks and decodes. */
  readonly estatus?: GhesEstatus;
  /** Why the model reads a block the kernel accepts as a defect (the codec cannot decode it). */
  readonly note?: string;
}

const decoded = new Map<string, CperEstatus | undefined>();

/** The CPER codec's tree of a status block (memoised by content); undefined when it does not decode as one. */
export function decodeGhesEstatus(bytes: Uint8Array): GhesEstatus | undefined {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  let tree: CperEstatus | undefined;
  if (decoded.has(key)) tree = decoded.get(key);
  else {
    const r = decodeEstatus(bytes);
    tree = r.ok && r.value.tree.framing === "estatus" ? r.value.tree : undefined;
    if (decoded.size >= 256) decoded.clear();
    decoded.set(key, tree);
  }
  return tree && { bytes, tree };
}

/**
 * The block at error_status_address as the kernel reads it: `block` is what firmware wrote there,
 * padded with zeros to error_block_length (`errorBlockLength`, default the bytes given). Null when
 * Block Status is 0 (nothing pending).
 */
export function ghesReadBlock(block: Uint8Array, errorBlockLength = block.length): GhesBlockRead | null {
  const mem = new Uint8Array(Math.max(errorBlockLength, GESB_SIZE));
  mem.set(block.subarray(0, Math.min(errorBlockLength, block.length)));
  const g = readGesb(mem);
  if (g.BlockStatus === 0) return null;
  const head = { blockStatus: g.BlockStatus, severity: g.ErrorSeverity };
  const len = cperEstatusLen(g);
  if (len < GESB_SIZE) return { ...head, defect: "truncated" };
  if (len > errorBlockLength) return { ...head, defect: "too-long" };
  if (!cperEstatusCheckHeader(g)) return { ...head, defect: "bad-header" };
  const bytes = mem.slice(0, len);
  if (!cperEstatusCheck(bytes)) return { ...head, defect: "bad-sections" };
  const estatus = decodeGhesEstatus(bytes);
  if (!estatus) return { ...head, defect: "bad-sections", note: "the kernel accepts this block but armras's CPER codec cannot decode it" };
  return { ...head, estatus };
}
