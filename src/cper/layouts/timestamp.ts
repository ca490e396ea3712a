// CPER timestamp (UEFI 2.10 N.2.1, Table N-2 "Timestamp"): 8 bytes, BCD:
// Seconds, Minutes, Hours, Flags (bit 0 = Precise), Day, Month, Year, Century.
// Windows (WHEA) writes binary values instead of BCD: decode keeps the raw bytes,
// and bcdProblems() names every byte that is not valid BCD.
import { u8 } from "../../layout/types.js";
import { field, readStruct, struct, writeStruct, type Decoded } from "../../layout/struct.js";
import { nested } from "../../layout/types.js";

export const CperTimestamp = struct(
  "TimeStamp",
  8,
  {
    Seconds: field(0, u8),
    Minutes: field(1, u8),
    Hours: field(2, u8),
    Flags: field(3, u8, { doc: "bit 0: Precise" }),
    Day: field(4, u8),
    Month: field(5, u8),
    Year: field(6, u8),
    Century: field(7, u8),
  },
  { spec: "UEFI 2.10 N.2.1 Table N-2" },
);
export type CperTimestamp = Decoded<typeof CperTimestamp>;

export const timestampField = nested<CperTimestamp>(
  8,
  (b, v, o) => readStruct(CperTimestamp, b, v, o),
  (b, _v, o, x, f) => writeStruct(CperTimestamp, x, b, o, f),
);

const BCD_FIELDS = ["Seconds", "Minutes", "Hours", "Day", "Month", "Year", "Century"] as const;
const BCD_MAX: Record<(typeof BCD_FIELDS)[number], [number, number]> = {
  Seconds: [0, 59],
  Minutes: [0, 59],
  Hours: [0, 23],
  Day: [1, 31],
  Month: [1, 12],
  Year: [0, 99],
  Century: [0, 99],
};

/** BCD byte to its decimal value as libcper computes it ((hi * 10) + lo, no range check). */
export function bcdValue(b: number): number {
  return (b >> 4) * 10 + (b & 0xf);
}

export function toBcd(n: number): number {
  return (Math.floor(n / 10) % 10) * 16 + (n % 10);
}

export function isBcd(b: number): boolean {
  return (b & 0xf) <= 9 && b >> 4 <= 9;
}

/** Fields that are not valid BCD, or out of range as BCD. Empty for an all-zero timestamp. */
export function bcdProblems(t: CperTimestamp): { field: string; offset: number; message: string }[] {
  const out: { field: string; offset: number; message: string }[] = [];
  const allZero = BCD_FIELDS.every((k) => t[k] === 0);
  if (allZero) return out;
  for (const k of BCD_FIELDS) {
    const b = t[k];
    const [lo, hi] = BCD_MAX[k];
    if (!isBcd(b)) out.push({ field: k, offset: CperTimestamp.fields[k].at, message: `0x${b.toString(16).padStart(2, "0")} is not BCD` });
    else if (bcdValue(b) < lo || bcdValue(b) > hi) out.push({ field: k, offset: CperTimestamp.fields[k].at, message: `${bcdValue(b)} is out of range ${lo}..${hi}` });
  }
  return out;
}

/** bcdProblems(t).length === 0 for a timestamp whose bytes are all BCD, without building the list (decode runs it per record). */
function bcdInRange(t: CperTimestamp): boolean {
  if ((t.Seconds | t.Minutes | t.Hours | t.Day | t.Month | t.Year | t.Century) === 0) return true;
  // BCD_MAX's ranges, one test per field (no table walk: decode runs this per record).
  return (
    inRange(t.Seconds, BCD_MAX.Seconds) &&
    inRange(t.Minutes, BCD_MAX.Minutes) &&
    inRange(t.Hours, BCD_MAX.Hours) &&
    inRange(t.Day, BCD_MAX.Day) &&
    inRange(t.Month, BCD_MAX.Month) &&
    inRange(t.Year, BCD_MAX.Year) &&
    inRange(t.Century, BCD_MAX.Century)
  );
}
function inRange(b: number, r: readonly [number, number]): boolean {
  const v = bcdValue(b);
  return v >= r[0] && v <= r[1];
}

/** Whether the bytes look like a binary (WHEA-style) timestamp: not BCD, but sane as binary. */
export function looksBinary(t: CperTimestamp): boolean {
  if (isBcd(t.Seconds) && isBcd(t.Minutes) && isBcd(t.Hours) && isBcd(t.Day) && isBcd(t.Month) && isBcd(t.Year) && isBcd(t.Century) && bcdInRange(t)) return false;
  return t.Seconds < 60 && t.Minutes < 60 && t.Hours < 24 && t.Day >= 1 && t.Day <= 31 && t.Month >= 1 && t.Month <= 12 && t.Year < 100 && t.Century < 100;
}

/** Two-digit text of 0..165 (the largest bcdValue), built once: the ISO text is printed per record. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 256 }, (_, n) => String(n).padStart(2, "0"));
const p2 = (n: number): string => TWO_DIGITS[n] ?? String(n).padStart(2, "0");

/** libcper's ISO-8601 rendering: every byte read as BCD. */
export function timestampIso(t: CperTimestamp): string {
  const c = bcdValue(t.Century);
  const y = bcdValue(t.Year);
  const mo = bcdValue(t.Month);
  const d = bcdValue(t.Day);
  const h = bcdValue(t.Hours);
  const mi = bcdValue(t.Minutes);
  const s = bcdValue(t.Seconds);
  // Two digits each (every byte BCD-shaped or close): the text in one String.fromCharCode call, one
  // flat string instead of fifteen joined pieces; wider values (bytes above 0x99) take the template.
  if (c < 100 && y < 100 && mo < 100 && d < 100 && h < 100 && mi < 100 && s < 100) {
    const t10 = (n: number): number => 48 + ((n / 10) | 0);
    const t1 = (n: number): number => 48 + (n % 10);
    // CCYY-MM-DDThh:mm:ss+00:00
    return String.fromCharCode(t10(c), t1(c), t10(y), t1(y), 45, t10(mo), t1(mo), 45, t10(d), t1(d), 84, t10(h), t1(h), 58, t10(mi), t1(mi), 58, t10(s), t1(s), 43, 48, 48, 58, 48, 48);
  }
  return `${p2(c)}${p2(y)}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}+00:00`;
}

/** The same timestamp read as binary (what WHEA meant). */
export function timestampIsoBinary(t: CperTimestamp): string {
  return `${p2(t.Century)}${p2(t.Year)}-${p2(t.Month)}-${p2(t.Day)}T${p2(t.Hours)}:${p2(t.Minutes)}:${p2(t.Seconds)}+00:00`;
}

/** Linux's "%02d%02d-%02d-%02d %02d:%02d:%02d" (cper_print_tstamp: bcd2bin of each byte). */
export function timestampLinux(t: CperTimestamp): string {
  return `${p2(bcdValue(t.Century))}${p2(bcdValue(t.Year))}-${p2(bcdValue(t.Month))}-${p2(bcdValue(t.Day))} ${p2(bcdValue(t.Hours))}:${p2(bcdValue(t.Minutes))}:${p2(bcdValue(t.Seconds))}`;
}

/** Parses libcper's "CCYY-MM-DDThh:mm:ss(+00:00|Z)?" into BCD bytes; undefined when it is not that shape. */
export function timestampFromIso(s: string, precise: boolean): CperTimestamp | undefined {
  const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\+00:00|Z)?$/.exec(s);
  if (!m) return undefined;
  const n = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  return {
    Century: toBcd(n[0]),
    Year: toBcd(n[1]),
    Month: toBcd(n[2]),
    Day: toBcd(n[3]),
    Hours: toBcd(n[4]),
    Minutes: toBcd(n[5]),
    Seconds: toBcd(n[6]),
    Flags: precise ? 1 : 0,
  };
}
