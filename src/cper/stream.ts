// Files of concatenated CPER records (ERST dumps, BMC logs) decoded in constant
// memory. The file is read a chunk at a time; each chunk is cut after its last
// whole record (walking the RecordLength chain) and the rest is carried into the
// next read. Both the sequential decoder below and the CLI's parallel one
// (src/cli/commands/cper-parallel.ts) take their records from recordChunks, so
// they cut the file in the same places.
import { openSync, readSync, closeSync, fstatSync } from "node:fs";
import { decodeError, type DecodeError } from "../layout/result.js";
import { decodeRecord, hasCperSignature } from "./decode.js";
import type { DecodeOptions } from "./model.js";

/** Bytes read from the file at a time. */
export const STREAM_CHUNK = 1024 * 1024;
/** The largest record span read whole (a corrupt RecordLength cannot pull a huge file into memory). */
export const MAX_RECORD_SPAN = 64 * 1024 * 1024;

/** A run of whole records: `bytes` starts at file offset `base`; record i spans `spans[i]` bytes. */
export interface RecordChunk {
  readonly bytes: Uint8Array;
  readonly base: number;
  readonly spans: readonly number[];
  /** Set on the last chunk when the bytes after its records are not a CPER record (file offset of the first such byte). */
  readonly error?: DecodeError;
}

/**
 * The bytes a record at `at` in `bytes` covers: RecordLength, at least the 128-byte
 * header, at most MAX_RECORD_SPAN and what is left of the file (`remaining`).
 */
export function recordSpan(bytes: Uint8Array, at: number, remaining: number): number {
  const declared = (bytes[at + 20]! | (bytes[at + 21]! << 8) | (bytes[at + 22]! << 16) | (bytes[at + 23]! << 24)) >>> 0;
  return Math.min(Math.max(128, declared), MAX_RECORD_SPAN, remaining);
}

export interface ChunkOptions {
  /** Bytes per read (default STREAM_CHUNK). */
  readonly chunk?: number;
  /**
   * Reuse one buffer for every chunk (the consumer is done with a chunk before it
   * asks for the next; decoded trees keep no view of their input). Off: each chunk
   * is a fresh array (it can be transferred to a worker).
   */
  readonly reuse?: boolean;
}

/** The file's records, a chunk of whole records at a time. */
export function* recordChunks(path: string, o: ChunkOptions = {}): Generator<RecordChunk, void, void> {
  const chunk = Math.max(128, o.chunk ?? STREAM_CHUNK);
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    let store = new Uint8Array(0);
    /** Unconsumed bytes carried from the last read: file offset `base`, `carry` bytes at the start of `store`. */
    let base = 0;
    let carry = 0;
    while (base < size) {
      // Read up to `chunk` more bytes (more when one record needs it) after the carried bytes.
      const need = carry >= 128 ? recordSpan(store, 0, size - base) : 128;
      const want = Math.min(size - base, Math.max(need, carry + chunk));
      if (!o.reuse || want > store.length) {
        const next = new Uint8Array(o.reuse ? Math.max(want, chunk) : want);
        next.set(store.subarray(0, carry));
        store = next;
      }
      let have = carry;
      while (have < want) {
        const n = readSync(fd, store, have, want - have, base + have);
        if (n <= 0) break;
        have += n;
      }
      if (have === carry) {
        // Nothing more could be read although the file is longer (it shrank while being read).
        yield { bytes: store.subarray(0, 0), base, spans: [], error: decodeError("truncated", "stream", base + have, `the file ended at byte ${base + have} while ${size} were expected`) };
        return;
      }
      const bytes = store.subarray(0, have);
      // Cut after the last whole record.
      const spans: number[] = [];
      let at = 0;
      let error: DecodeError | undefined;
      for (;;) {
        if (at === have) break;
        if (have - at < 128 && base + have < size) break; // header continues in the next read
        if (have - at < 128 || !hasCperSignature(bytes, at)) {
          error = decodeError("bad-input", "stream", base + at, `${size - base - at} trailing byte(s) are not a CPER record`);
          break;
        }
        const span = recordSpan(bytes, at, size - base - at);
        if (at + span > have) break; // record continues in the next read
        spans.push(span);
        at += span;
      }
      // The unconsumed tail, copied out first when not reusing: the consumer may transfer (detach) the chunk.
      const tail = o.reuse ? undefined : store.slice(at, have);
      if (spans.length > 0 || error) yield error ? { bytes: bytes.subarray(0, at), base, spans, error } : { bytes: bytes.subarray(0, at), base, spans };
      if (error) return;
      if (tail) store = tail;
      else store.copyWithin(0, at, have);
      carry = have - at;
      base += at;
    }
  } finally {
    closeSync(fd);
  }
}

/** Decodes the records of one chunk in order; offsets in results, warnings and errors are file offsets. */
export function* decodeChunk(c: RecordChunk, opts: DecodeOptions): Generator<ReturnType<typeof decodeRecord>, void, void> {
  let at = 0;
  const shift = c.base;
  for (const span of c.spans) {
    // The record sees exactly its span (as if read alone): a RecordLength below 128 cannot swallow the chunk.
    const r = decodeRecord(c.bytes.subarray(0, at + span), at, opts);
    const warnings = shift === 0 ? r.warnings : r.warnings.map((w) => ({ ...w, offset: w.offset + shift }));
    if (!r.ok) {
      yield { ...r, error: { ...r.error, offset: r.error.offset + shift }, warnings };
      return;
    }
    yield { ...r, value: { ...r.value, offset: r.value.offset + shift, warnings }, warnings };
    at += span;
  }
  if (c.error) yield { ok: false, error: c.error, warnings: [] };
}

/**
 * Decodes a file of concatenated records in constant memory (one reused buffer,
 * a chunk at a time). Offsets are file offsets, as when the whole file is decoded
 * at once; bytes after the last record that are not a record end the stream with
 * an error naming their offset.
 */
export function* streamRecords(path: string, opts: DecodeOptions, o: ChunkOptions = {}): Generator<ReturnType<typeof decodeRecord>, void, void> {
  for (const c of recordChunks(path, { ...o, reuse: o.reuse ?? true })) yield* decodeChunk(c, opts);
}
