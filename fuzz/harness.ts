// The fuzz loop for one format: inputs [from, to) of a seeded sequence (input i
// is reproducible alone: its generator is seeded with (seed, i)), recording
// crashes (anything thrown), round-trip failures and slow inputs (over slowMs
// twice in a row, so a garbage-collection pause is not counted).
import { performance } from "node:perf_hooks";
import { Rng } from "./rng.js";
import type { Input, Target } from "./targets.js";

export interface Finding {
  readonly kind: "throw" | "round-trip" | "slow" | "hang";
  /** Groups findings: the error's name and message (digits blanked), or the round-trip message. */
  readonly signature: string;
  readonly index: number;
  readonly ms?: number;
  readonly input: Input;
  readonly detail?: string;
}

export interface Stats {
  readonly format: string;
  inputs: number;
  throws: number;
  roundTrips: number;
  slow: number;
  hangs: number;
  slowestMs: number;
  totalMs: number;
  /** The first finding of each signature (of slow inputs, the slowest), with a count. */
  readonly kinds: Map<string, { count: number; first: Finding }>;
}

export function newStats(format: string): Stats {
  return { format, inputs: 0, throws: 0, roundTrips: 0, slow: 0, hangs: 0, slowestMs: 0, totalMs: 0, kinds: new Map() };
}

export function record(s: Stats, f: Finding): void {
  if (f.kind === "throw") s.throws++;
  else if (f.kind === "round-trip") s.roundTrips++;
  else if (f.kind === "slow") s.slow++;
  else s.hangs++;
  const key = `${f.kind}: ${f.signature}`;
  const k = s.kinds.get(key);
  if (!k) s.kinds.set(key, { count: 1, first: f });
  else {
    k.count++;
    // Of slow inputs the slowest is kept (it is the one worth a look).
    if (f.kind === "slow" && (f.ms ?? 0) > (k.first.ms ?? 0)) k.first = f;
  }
}

/** The generator of input `i` of the sequence `seed`. */
export function inputRng(seed: number, i: number): Rng {
  return new Rng((Math.imul(seed ^ 0x5bd1e995, 0x01000193) + Math.imul(i + 1, 0x9e3779b1)) >>> 0);
}

function signature(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frame = (e.stack ?? "").split("\n").find((l) => l.includes("/src/"))?.trim().replace(/:\d+:\d+\)?$/, "") ?? "";
  return `${e.name}: ${e.message.split("\n")[0]!.replace(/\d+/g, "N").slice(0, 160)} ${frame}`;
}

async function timed(t: Target, input: Input): Promise<{ ms: number; roundTrip?: string; error?: unknown }> {
  const start = performance.now();
  try {
    const o = await t.check(input);
    return { ms: performance.now() - start, ...(o.roundTrip ? { roundTrip: o.roundTrip } : {}) };
  } catch (e) {
    return { ms: performance.now() - start, error: e };
  }
}

/** Runs inputs [from, to); `progress(i)` is called before each (a watchdog can see where a hang is). */
export async function fuzzRange(t: Target, seed: number, from: number, to: number, s: Stats, slowMs = 50, progress?: (i: number) => void): Promise<Stats> {
  for (let i = from; i < to; i++) {
    progress?.(i);
    const input = t.next(inputRng(seed, i));
    const r = await timed(t, input);
    s.inputs++;
    s.totalMs += r.ms;
    if (r.error !== undefined) record(s, { kind: "throw", signature: signature(r.error), index: i, input, detail: r.error instanceof Error ? (r.error.stack ?? r.error.message) : String(r.error) });
    else if (r.roundTrip) record(s, { kind: "round-trip", signature: r.roundTrip, index: i, input });
    if (r.ms > slowMs) {
      // Measured again: slow only if it is slow twice.
      const again = await timed(t, input);
      const ms = Math.min(r.ms, again.ms);
      if (ms > slowMs) record(s, { kind: "slow", signature: `over ${slowMs} ms`, index: i, ms, input });
      s.slowestMs = Math.max(s.slowestMs, ms);
    } else s.slowestMs = Math.max(s.slowestMs, r.ms);
  }
  return s;
}
