// Files of concatenated CPER records (ERST dumps, BMC logs) decoded in constant
// memory. The file is read a chunk at a time; each chunk is cut after its last
// whole record (walking the RecordLength chain) and the rest is carried into the
// next read. Both the sequential decoder below and the CLI's parallel one
// (src/cli/commands/cper-parallel.ts) take their records from recordChunks, so
// they cut the file in the same places.
import { openSync, readSync, closeSync, fstatSync } from "node:fs";
import { decodeError, type DecodeError, type Result } from "../layout/result.js";
import { decodeRecord, hasCperSignature } from "./decode.js";
import type { DecodeOptions, DecodedItem } from "./model.js";

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
  /**
   * Bytes after the chunk's records that were skipped to resynchronise on the next
   * record (a damaged RecordLength, or bytes between records that are not one);
   * the next chunk starts at `skipped.end`.
   */
  readonly skipped?: SkippedBytes;
}

/** A byte range [start, end) of the file that is not a readable record, and why. */
export interface SkippedBytes {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** What a stream yields: a decoded record (or the error that ends the stream), or a skipped byte range (not fatal). */
export type StreamItem = Result<DecodedItem> | SkippedItem;

/** A skipped byte range as a stream item: `ok` false like an error, `skipped` true (the stream goes on). */
export interface SkippedItem {
  readonly ok: false;
  readonly skipped: true;
  readonly error: DecodeError;
  readonly warnings: readonly [];
}

/** Random-access bytes the stream reads: a file, bytes already in memory, or a pipe read ahead into a window. */
export interface ByteSource {
  /** The byte count; Infinity while a pipe has not reached its end (then the count it had). */
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `into` at `at`; the count read. */
  read(into: Uint8Array, at: number, length: number, position: number): number;
  /** Bytes before `position` will not be read again (a pipe drops them from its window). */
  release?(position: number): void;
}

/** Bytes in memory as a ByteSource (hex text and standard input are streamed through this). */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (into, at, length, position) => {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      into.set(bytes.subarray(position, position + n), at);
      return n;
    },
  };
}

function fileSource(fd: number): ByteSource {
  return { size: fstatSync(fd).size, read: (into, at, length, position) => readSync(fd, into, at, length, position) };
}

/** The most bytes a pipe's window holds (a record span, its chain probe and a read ahead). */
export const PIPE_WINDOW = MAX_RECORD_SPAN + 4 * STREAM_CHUNK;

/** Thrown when a stream asks a pipe for bytes its window has already dropped (a damaged stream scanned too far). */
export class PipeWindowError extends Error {}

/** A word to wait on for a millisecond (made on first use: a browser page may have no SharedArrayBuffer). */
let sleepWord: Int32Array | undefined;

/**
 * A pipe or terminal (standard input) as a ByteSource: read in order with readSync into a window
 * of at most `window` bytes that starts at the last released position, so memory stays bounded
 * whatever the stream's length. A non-blocking descriptor that has nothing yet (EAGAIN) is
 * polled every millisecond. Its size is Infinity until the end is read.
 */
export function pipeSource(fd: number, window = PIPE_WINDOW): ByteSource {
  let buf = new Uint8Array(Math.min(STREAM_CHUNK, window));
  let start = 0; // stream offset of buf[0]
  let len = 0;
  let eof = false;
  const pull = (): void => {
    if (len === buf.length) {
      if (buf.length < window) {
        const next = new Uint8Array(Math.min(window, 2 * buf.length));
        next.set(buf.subarray(0, len));
        buf = next;
      } else {
        // Full: drop the older half (a later read there is a PipeWindowError).
        const drop = len >> 1;
        buf.copyWithin(0, drop, len);
        start += drop;
        len -= drop;
      }
    }
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, len, buf.length - len, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
          Atomics.wait((sleepWord ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
          continue;
        }
        if ((e as NodeJS.ErrnoException).code === "EOF") n = 0;
        else throw e;
      }
      if (n === 0) eof = true;
      len += n;
      return;
    }
  };
  return {
    get size() {
      return eof ? start + len : Infinity;
    },
    read(into, at, length, position) {
      if (position < start) throw new PipeWindowError(`standard input: byte ${position} was read ahead and dropped (the stream keeps ${window} bytes); decode it from a file instead`);
      while (!eof && start + len < position + length) pull();
      const off = position - start;
      const n = Math.max(0, Math.min(length, len - off));
      if (n > 0) into.set(buf.subarray(off, off + n), at);
      return n;
    },
    release(position) {
      const d = Math.min(len, position - start);
      if (d <= 0) return;
      buf.copyWithin(0, d, len);
      start += d;
      len -= d;
    },
  };
}

const probe = new Uint8Array(10);

/** Whether 'CPER' is at file offset `pos` (the RecordLength chain's test, as hasCperSignature). */
function cperAt(src: ByteSource, pos: number): boolean {
  return pos + 4 <= src.size && src.read(probe, 0, 4, pos) === 4 && hasCperSignature(probe, 0);
}

/** Bytes scanned at a time when resynchronising. */
const SCAN_BLOCK = 1024 * 1024;

/**
 * The file offset of the next record start in [from, to): 'CPER' followed, at
 * byte 6, by SignatureEnd 0xFFFFFFFF (UEFI N.2.1), so data that happens to
 * spell 'CPER' is not taken for a record; -1 when there is none. Reads a block
 * at a time (constant memory).
 */
export function nextRecordStart(src: ByteSource, from: number, to = src.size): number {
  const block = new Uint8Array(Math.min(SCAN_BLOCK, Math.max(0, src.size - from)) + 10);
  for (let pos = from; pos < to; pos += SCAN_BLOCK) {
    const n = src.read(block, 0, Math.min(block.length, src.size - pos), pos);
    for (let i = block.indexOf(0x43, 0); i >= 0 && i + 10 <= n && pos + i < to; i = block.indexOf(0x43, i + 1)) {
      if (i >= SCAN_BLOCK) break;
      if (block[i + 1] === 0x50 && block[i + 2] === 0x45 && block[i + 3] === 0x52 && block[i + 6] === 0xff && block[i + 7] === 0xff && block[i + 8] === 0xff && block[i + 9] === 0xff) return pos + i;
    }
    if (n < block.length) break;
  }
  return -1;
}

const hex = (n: number) => `0x${n.toString(16)}`;

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

/** The file's records, a chunk of whole records at a time ("-": standard input, read as a pipe). */
export function* recordChunks(path: string, o: ChunkOptions = {}): Generator<RecordChunk, void, void> {
  if (path === "-") {
    yield* sourceChunks(pipeSource(0), o);
    return;
  }
  const fd = openSync(path, "r");
  try {
    yield* sourceChunks(fileSource(fd), o);
  } finally {
    closeSync(fd);
  }
}

/**
 * The records of `src` (a file or bytes in memory), a chunk of whole records at a
 * time. A RecordLength that does not lead to the next record (nor to the end)
 * while a record start ('CPER', SignatureEnd 0xFFFFFFFF) lies inside what it
 * claims is taken as damaged: its bytes up to that record are reported skipped
 * and reading resumes there. Bytes between records that are not one are skipped
 * up to the next record start the same way; only when none follows do they end
 * the stream with an error.
 */
export function* sourceChunks(src: ByteSource, o: ChunkOptions = {}): Generator<RecordChunk, void, void> {
  const chunk = Math.max(128, o.chunk ?? STREAM_CHUNK);
  {
    // A pipe's size is Infinity until its end is read: it is read again after every read.
    let size = src.size;
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
        const n = src.read(store, have, want - have, base + have);
        if (n <= 0) break;
        have += n;
      }
      size = src.size;
      if (have === carry && base + have < size) {
        // Nothing more could be read although the file is longer (it shrank while being read).
        yield { bytes: store.subarray(0, 0), base, spans: [], error: decodeError("truncated", "stream", base + have, `the file ended at byte ${base + have} while ${size} were expected`) };
        return;
      }
      if (have === 0) return; // a pipe that ended where a record did
      const bytes = store.subarray(0, have);
      // Cut after the last whole record.
      const spans: number[] = [];
      let at = 0;
      let error: DecodeError | undefined;
      let skipped: SkippedBytes | undefined;
      for (;;) {
        if (at === have) break;
        if (have - at < 128 && base + have < size) break; // header continues in the next read
        const pos = base + at;
        // (A record cut short by the end of the file is still read: its decode says what is missing.)
        if (!hasCperSignature(bytes, at)) {
          const next = nextRecordStart(src, pos + 1);
          if (next >= 0) skipped = { start: pos, end: next, message: `${next - pos} byte(s) at ${pos} (${hex(pos)}) are not a CPER record: skipped up to the next record signature at ${next} (${hex(next)})` };
          else error = decodeError("bad-input", "stream", pos, `${src.size - pos} trailing byte(s) are not a CPER record`);
          break;
        }
        const declared = (bytes[at + 20]! | (bytes[at + 21]! << 8) | (bytes[at + 22]! << 16) | (bytes[at + 23]! << 24)) >>> 0;
        const end = pos + Math.max(128, declared);
        if (end !== size && !(end < size && (end + 4 <= base + have ? hasCperSignature(bytes, end - base) : cperAt(src, end)))) {
          // The RecordLength chain breaks here: damaged if a record starts inside what it claims.
          const next = nextRecordStart(src, pos + 4, Math.min(end, size));
          size = src.size; // (a pipe may have reached its end while probing)
          if (next >= 0) {
            const why = end > size ? `past the end of the file (${size} bytes)` : declared > MAX_RECORD_SPAN ? `over ${MAX_RECORD_SPAN} bytes` : `not to a record at ${end} (${hex(end)})`;
            skipped = { start: pos, end: next, message: `bytes ${pos}..${next - 1} (${hex(pos)}..${hex(next - 1)}, ${next - pos} bytes) skipped: the record at ${pos} declares RecordLength ${declared} (${hex(declared)}), which leads ${why}; resynchronised on the record signature at ${next} (${hex(next)})` };
            break;
          }
        }
        const span = recordSpan(bytes, at, size - pos);
        if (at + span > have) break; // record continues in the next read
        spans.push(span);
        at += span;
      }
      // The unconsumed tail, copied out first when not reusing: the consumer may transfer (detach) the chunk.
      const tail = o.reuse || skipped ? undefined : store.slice(at, have);
      if (spans.length > 0 || error || skipped) yield { bytes: bytes.subarray(0, at), base, spans, ...(error ? { error } : {}), ...(skipped ? { skipped } : {}) };
      if (error) return;
      if (skipped) {
        // Resume at the record after the skipped bytes, with nothing carried.
        if (!o.reuse) store = new Uint8Array(0);
        carry = 0;
        base = skipped.end;
        src.release?.(base);
        continue;
      }
      if (tail) store = tail;
      else store.copyWithin(0, at, have);
      carry = have - at;
      base += at;
      // Nothing before the chunk's start is read again (a resync scan starts at or after it).
      src.release?.(base);
    }
  }
}

/** Decodes the records of one chunk in order; offsets in results, warnings and errors are file offsets. */
export function* decodeChunk(c: RecordChunk, opts: DecodeOptions): Generator<StreamItem, void, void> {
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
  if (c.skipped) yield { ok: false, skipped: true, error: decodeError("bad-length", "RecordHeader.RecordLength", c.skipped.start, c.skipped.message), warnings: [] };
}

/**
 * Decodes a file of concatenated records in constant memory (one reused buffer,
 * a chunk at a time). Offsets are file offsets, as when the whole file is decoded
 * at once; bytes after the last record that are not a record end the stream with
 * an error naming their offset.
 */
export function* streamRecords(path: string, opts: DecodeOptions, o: ChunkOptions = {}): Generator<StreamItem, void, void> {
  for (const c of recordChunks(path, { ...o, reuse: o.reuse ?? true })) yield* decodeChunk(c, opts);
}

/** streamRecords over bytes already in memory (the same cuts, resynchronisation and offsets). */
export function* streamBytes(bytes: Uint8Array, opts: DecodeOptions, o: ChunkOptions = {}): Generator<StreamItem, void, void> {
  for (const c of sourceChunks(bufferSource(bytes), { ...o, reuse: o.reuse ?? true })) yield* decodeChunk(c, opts);
}
