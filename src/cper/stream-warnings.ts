// The warnings of a streamed file, summarised: a file of a million records with the
// same quirk says so once (how many times, and the first few byte offsets) instead
// of a million times. One kind is one warning code on one field.
import type { Warning } from "../layout/result.js";

/** File offsets kept per kind. */
export const FIRST_OFFSETS = 3;

/** One kind of warning in a stream: its code and field, how many times, the first message and offsets. */
export interface WarningKind {
  readonly code: string;
  readonly field: string;
  count: number;
  /** The first occurrence's message (the others may differ in the values they name). */
  readonly message: string;
  /** File offsets of the first FIRST_OFFSETS occurrences, in stream order. */
  readonly offsets: number[];
}

/** Counts warnings per kind in stream order; memory grows with the kinds seen, not the warnings. */
export class WarningTally {
  /** Code, then field (two lookups: no key string built per warning). */
  private readonly byCode = new Map<string, Map<string, WarningKind>>();
  private readonly order: WarningKind[] = [];
  total = 0;

  add(w: Warning): void {
    this.take(w.code, w.field, 1, w.message, [w.offset]);
  }

  /** Adds another tally's kinds (taken later in the stream: a worker's chunk). */
  merge(kinds: readonly WarningKind[]): void {
    for (const k of kinds) this.take(k.code, k.field, k.count, k.message, k.offsets);
  }

  /** The kinds in the order they first appeared (plain data: it can be sent between threads). */
  kinds(): WarningKind[] {
    return [...this.order];
  }

  private take(code: string, field: string, count: number, message: string, offsets: readonly number[]): void {
    let fields = this.byCode.get(code);
    if (fields === undefined) this.byCode.set(code, (fields = new Map()));
    let k = fields.get(field);
    if (k === undefined) {
      fields.set(field, (k = { code, field, count: 0, message, offsets: [] }));
      this.order.push(k);
    }
    k.count += count;
    this.total += count;
    for (const o of offsets) if (k.offsets.length < FIRST_OFFSETS) k.offsets.push(o);
  }
}

const at = (o: number) => `${o} (0x${o.toString(16)})`;

/**
 * The summary's stderr lines (`prefix` is "armras cper: " plus the file label): a kind seen
 * once reads as the per-warning line does; a repeated one gives its count and first offsets;
 * a last line says how to see every one when any was folded.
 */
export function summaryLines(kinds: readonly WarningKind[], prefix: string, flag: string): string {
  let text = "";
  let folded = 0;
  for (const k of kinds) {
    if (k.count === 1) {
      text += `${prefix}warning: ${k.message} (field ${k.field}, byte offset ${k.offsets[0]} = 0x${k.offsets[0]!.toString(16)})\n`;
      continue;
    }
    folded += k.count;
    const more = k.count > k.offsets.length ? ", ..." : "";
    text += `${prefix}warning ${k.code} on ${k.field}, ${k.count} times, first: ${k.message} (byte offsets ${k.offsets.map(at).join(", ")}${more})\n`;
  }
  if (folded > 0) text += `${prefix}${kinds.reduce((n, k) => n + k.count, 0)} warning(s) of ${kinds.length} kind(s) summarised; ${flag} prints each one\n`;
  return text;
}
