// Standard output for the installed binary: writes that wait for a slow reader,
// and a reader that goes away (`armras sim --list | head -1`) ends the run quietly.
import type { Writable } from "node:stream";

/**
 * A write function for `stream`: undefined when the stream took the data below its
 * high-water mark, else a promise that settles once the stream has drained (or
 * closed, or failed). Callers that await it hold at most one buffer's worth.
 */
export function awaitingWriter(stream: Writable): (data: string | Uint8Array) => void | Promise<void> {
  return (data) => {
    if (stream.destroyed) return;
    if (stream.write(data)) return;
    return new Promise<void>((resolve) => {
      const done = () => {
        stream.off("drain", done);
        stream.off("close", done);
        stream.off("error", done);
        resolve();
      };
      stream.on("drain", done);
      stream.on("close", done);
      stream.on("error", done);
    });
  };
}

/**
 * EPIPE on `stream` (the reader closed the pipe) ends the process quietly with
 * `exit()`; other errors go to `other`.
 */
export function quietEpipe(stream: Writable, exit: () => void, other: (e: Error) => void): void {
  stream.on("error", (e: Error & { code?: string }) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") exit();
    else other(e);
  });
}
