// From a node of the decoded JSON tree (libcper's keys) to the bytes it came from:
// a best-effort match between the JSON path and the field spans of cper-spans.ts.
// libcper's keys are camelCase forms of the spec names (rawDataOffset ~ RawDataOffset,
// midrEl1 ~ MIDR_EL1), and arrays line up with the numbered structures
// (errorDataEntries[0] ~ GenericErrorDataEntry[0], errorInfo[1] ~ ErrorInformation[1]).
// The path is read from the root down and the first key that names a field wins: what
// libcper nests under a field (BlockStatus's bits, a value/name pair, the bit fields of
// ErrorInformation) is that field's bytes. Keys followed by an index name arrays of
// structures, not fields. No match means no highlight; structures with other indices
// are never candidates.
import type { ByteSpan } from "./cper-spans.js";

export type JsonPath = readonly (string | number)[];

/** Lowercase letters and digits, with "error" read as "err" (libcper: errorInfoNum, UEFI: ErrInfoNum). */
export function normName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, "").replace(/error/g, "err");
}

interface SpanKey {
  readonly span: ByteSpan;
  readonly indices: readonly number[];
  readonly last: string;
  /** The normalised names of the structures on the path ("genericerrdataentry", "section", …). */
  readonly segs: readonly string[];
}

function keyOf(span: ByteSpan): SpanKey {
  const indices: number[] = [];
  const m = /^#(\d+) /.exec(span.path);
  if (m) indices.push(Number(m[1]) - 1);
  for (const x of span.path.matchAll(/\[(\d+)\]/g)) indices.push(Number(x[1]));
  const segs = span.path.replace(/^#\d+ /, "").split(".");
  const names = segs.map((x) => normName(x.replace(/\[\d+\]$/, "")));
  return { span, indices, last: names[names.length - 1]!, segs: names.slice(0, -1) };
}

/** libcper's container keys → the structure (normalised) each one's members are fields of. */
const CONTAINERS: Readonly<Record<string, string>> = {
  header: "recordheader",
  sectionDescriptors: "sectiondescriptor",
  sections: "section",
  genericErrorStatus: "genericerrstatus",
  errorDataEntries: "genericerrdataentry",
  errorInfo: "errinformation",
  contextInfo: "contextinformation",
};

function sameIndices(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function matchOne(keys: readonly SpanKey[], path: JsonPath): ByteSpan | undefined {
  const indices = path.filter((k): k is number => typeof k === "number");
  const names = path.filter((k): k is string => typeof k === "string");
  const last = names[names.length - 1];
  if (last === undefined || typeof path[path.length - 1] === "number") return undefined;
  const want = normName(last);
  // The structures the JSON path goes through must be on the span's path.
  const required = names.slice(0, -1).flatMap((n) => (Object.hasOwn(CONTAINERS, n) ? [CONTAINERS[n]!] : []));
  const pool = keys.filter((k) => sameIndices(k.indices, indices) && required.every((r) => k.segs.includes(r)));
  const tiers = [
    pool.filter((k) => k.last === want),
    pool.filter((k) => k.last.startsWith(want) || want.startsWith(k.last)),
    pool.filter((k) => want.endsWith(k.last) || k.last.endsWith(want)),
  ];
  for (const t of tiers) {
    // Fewest structures beyond the required ones: GenericErrorDataEntry[0].ValidationBits
    // before GenericErrorDataEntry[0].Section.ValidationBits for errorDataEntries[0].validationBits.
    if (t.length > 0) return t.reduce((best, k) => (k.segs.length < best.segs.length ? k : best)).span;
  }
  return undefined;
}

/** The bytes of the JSON node at `path`: those of the outermost key on it that names a field. */
export function spanForJsonPath(spans: readonly ByteSpan[], path: JsonPath): ByteSpan | undefined {
  const keys = spans.map(keyOf);
  for (let n = 1; n <= path.length; n++) {
    if (typeof path[n] === "number") continue;
    const s = matchOne(keys, path.slice(0, n));
    if (s) return s;
  }
  return undefined;
}
