// What ghes.c reads from a source's Generic Error Status Block (ACPI 6.5 §18.3.2.7.1):
// __ghes_peek_estatus() (Block Status), __ghes_check_estatus() (cper_estatus_len() against the
// block and cper_estatus_check_header()), __ghes_read_estatus() (cper_estatus_check() over the
// entries), then the cper_estatus_len() bytes copied into ghes->estatus. The kernel model reads
// those bytes and the CPER codec's decoded tree of them (src/cper Estatus): one model.
import { GESB_SIZE, readGesb } from "../apei/estatus-check.js";
import { ghesCheckEstatus, type EstatusDefect } from "../apei/ghes-runtime.js";
import { decodeEstatus } from "../cper/decode.js";
import type { Estatus as CperEstatus } from "../cper/model.js";

/** ghes->estatus after __ghes_read_estatus(): the block's cper_estatus_len() bytes and their decoded tree. */
export interface GhesEstatus {
  readonly bytes: Uint8Array;
  readonly tree: CperEstatus;
}

export type { EstatusDefect } from "../apei/ghes-runtime.js";

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
  const r = ghesCheckEstatus(g, errorBlockLength, (len) => mem.slice(0, len));
  if ("defect" in r) return { ...head, defect: r.defect };
  const estatus = decodeGhesEstatus(r.block);
  if (!estatus) return { ...head, defect: "bad-sections", note: "the kernel accepts this block but armras's CPER codec cannot decode it" };
  return { ...head, estatus };
}
