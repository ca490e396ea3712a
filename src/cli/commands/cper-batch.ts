// The stdout of `armras cper decode` written in batches of about 1 MiB: one write per
// record cost more than decoding a small one. Each record's text is encoded into the
// batch as soon as it is printed (it dies young; a batch-long string built by
// concatenation survived collections and cost a second copy to flatten and encode).
// A full batch is handed to the writer and, when the writer says so (a slow reader),
// awaited before more is printed: memory stays flat whatever reads the pipe.
import type { CliIO } from "../io.js";

/** Bytes per batch. */
export const BATCH_BYTES = 1 << 20;

export interface OutBatch {
  /** Adds a record's text; a promise when a batch was written and must be awaited before more. */
  add(text: string): void | Promise<void>;
  /** Writes what is held (before anything goes to stderr, so the two streams keep their order). */
  flush(): void | Promise<void>;
}

/**
 * A batch writer on `io`: UTF-8 bytes when the I/O takes bytes (the installed binary),
 * else text (in-process tests; --console, whose io.stdout writes Latin-1 bytes itself).
 */
export function outBatch(io: CliIO, text = false): OutBatch {
  const bytes = text ? undefined : io.stdoutBytes;
  if (bytes === undefined) {
    let pending = "";
    const flush = () => {
      if (pending === "") return;
      const t = pending;
      pending = "";
      return io.stdout(t);
    };
    return {
      add(t) {
        pending += t;
        if (pending.length >= BATCH_BYTES) return flush();
      },
      flush,
    };
  }
  // A fresh buffer per batch: the writer may hold the last one until the reader takes it.
  let buf = Buffer.allocUnsafeSlow(BATCH_BYTES);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    const full = buf.subarray(0, used);
    buf = Buffer.allocUnsafeSlow(BATCH_BYTES);
    used = 0;
    return bytes(full);
  };
  return {
    add(t) {
      if (t === "") return;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const most = t.length * 3;
      let w: void | Promise<void> = undefined;
      if (most > buf.length - used) {
        w = flush();
        if (most > buf.length) buf = Buffer.allocUnsafeSlow(most);
      }
      used += buf.write(t, used, "utf8");
      return w;
    },
    flush,
  };
}
