// ghes.c estatus cache (ghes_estatus_cached(), ghes_estatus_cache_add()) and the two print
// ratelimits of ghes_print_estatus(). kernel.md §5.5. Time is explicit (milliseconds).
import type { GhesEstatus } from "./ghes-read.js";

/** Identity for the estatus cache: "same length + memcmp" of the record's bytes (ghes_estatus_cached()). */
function estatusKey(e: GhesEstatus): string {
  return Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength).toString("latin1");
}

/** GHES_ESTATUS_CACHES_SIZE. */
export const CACHE_SLOTS = 4;
/** GHES_ESTATUS_IN_CACHE_MAX_NSEC = 10 s. */
export const CACHE_MAX_MS = 10_000;
/** "Not more than 2 messages every 5 seconds" (DEFINE_RATELIMIT_STATE(…, 5*HZ, 2)). */
export const RATELIMIT_INTERVAL_MS = 5_000;
export const RATELIMIT_BURST = 2;

interface Slot {
  key: string;
  timeIn: number;
  count: number;
}

export class EstatusCache {
  private readonly slots: (Slot | undefined)[] = new Array<Slot | undefined>(CACHE_SLOTS).fill(undefined);

  /** ghes_estatus_cached(): a byte-identical record added less than 10 s ago (counts a hit). */
  cached(e: GhesEstatus, now: number): boolean {
    const key = estatusKey(e);
    for (const s of this.slots) {
      if (!s || s.key !== key) continue;
      if (now - s.timeIn < CACHE_MAX_MS) {
        s.count++;
        return true;
      }
      return false;
    }
    return false;
  }

  /** ghes_estatus_cache_add(): victim = empty/expired slot, else the largest age/(hits+1). */
  add(e: GhesEstatus, now: number): number {
    let slot = -1;
    let maxPeriod = -1;
    for (let i = 0; i < CACHE_SLOTS; i++) {
      const s = this.slots[i];
      if (!s) {
        slot = i;
        break;
      }
      const duration = now - s.timeIn;
      if (duration >= CACHE_MAX_MS) {
        slot = i;
        break;
      }
      const period = Math.floor(duration / (s.count + 1));
      if (period > maxPeriod) {
        maxPeriod = period;
        slot = i;
      }
    }
    this.slots[slot] = { key: estatusKey(e), timeIn: now, count: 0 };
    return slot;
  }

  occupied(): number {
    return this.slots.filter((s) => s !== undefined).length;
  }
}

/** lib/ratelimit.c ___ratelimit() with one state. */
export class RateLimit {
  private begin: number | undefined;
  private printed = 0;
  missed = 0;

  constructor(
    readonly intervalMs = RATELIMIT_INTERVAL_MS,
    readonly burst = RATELIMIT_BURST,
  ) {}

  allow(now: number): boolean {
    if (this.begin === undefined) this.begin = now;
    if (now > this.begin + this.intervalMs) {
      this.begin = now;
      this.printed = 0;
    }
    if (this.printed < this.burst) {
      this.printed++;
      return true;
    }
    this.missed++;
    return false;
  }
}
