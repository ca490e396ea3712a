// The progress line of a long `armras cper decode` stream (stderr, terminals only).
import type { CliIO } from "../io.js";

/**
 * A progress reporter for a streamed file of `total` bytes: a line on stderr at
 * most every io.progress.everyMs (only when stderr is a terminal, so only long
 * decodes show one); (-1) clears it.
 */
export function progressLine(io: CliIO, file: string, total: number): ((done: number, records: number) => void) | undefined {
  const p = io.progress;
  if (!p || total <= 0) return undefined;
  const start = Date.now();
  let last = start;
  let shown = false;
  const mib = (n: number) => (n / (1 << 20)).toFixed(1);
  return (done, records) => {
    if (done < 0) {
      if (shown) p.write("");
      return;
    }
    const now = Date.now();
    if (now - last < p.everyMs) return;
    last = now;
    shown = true;
    p.write(`armras cper: ${file}: ${mib(done)} of ${mib(total)} MiB (${Math.floor((100 * done) / total)}%), ${records} record(s), ${((now - start) / 1000).toFixed(0)} s`);
  };
}
