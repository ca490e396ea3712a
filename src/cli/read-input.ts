// The installed binary's whole-input reader (files and standard input), bounded: a command that
// reads its input whole (everything but a streamed `cper decode`) refuses more than
// MAX_WHOLE_INPUT bytes with one line naming the input, instead of running out of memory.
import { stat, readFile } from "node:fs/promises";
import { UsageError, fileErrorMessage } from "./io.js";

/** The most bytes a command reads whole (512 MiB); `cper decode --stream FILE` reads any size in constant memory. */
export const MAX_WHOLE_INPUT = 512 * 1024 * 1024;

function tooBig(name: string, limit: number): UsageError {
  return new UsageError(`${name}: more than ${limit} bytes; commands read their input whole up to that size (cper decode --stream FILE reads a file of any size in constant memory)`);
}

/** The bytes of `path`, or of `stdin` for "-", refused past `limit` bytes. */
export async function readWholeInput(path: string, stdin: AsyncIterable<unknown>, limit = MAX_WHOLE_INPUT): Promise<Uint8Array> {
  const name = path === "-" ? "standard input" : path;
  try {
    if (path !== "-") {
      const s = await stat(path);
      if (s.isFile() && s.size > limit) throw tooBig(name, limit);
      return new Uint8Array(await readFile(path));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stdin) {
      const b = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      total += b.length;
      if (total > limit) throw tooBig(name, limit);
      chunks.push(b);
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(fileErrorMessage(e, "read", name));
  }
}
