// Parses iasl disassembly ("[024h 0036   2]  Subtable Type : 000A [...]") into
// comparable field lines, ignoring the header comment block and Raw Table Data
// (parseIasl: the corpus tests), and compares our text with iasl's line by line
// as ../shared/oracles/iasl-20200925/README asks (keyedLines/compareIasl): every
// iasl field line and flag line under one must be in ours with the same offset,
// width, name and value, matched by offset, width, name and occurrence; the
// "Raw Table Data" dump counts too, line by line.
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

export interface IaslField {
  readonly offset: number;
  readonly length: number;
  readonly name: string;
  readonly value: string;
}

const FIELD = /^\[([0-9A-F]+)h (\d+)\s+(\d+)\]\s+(.+?) : (.*)$/;
const FLAG = /^\s+([A-Za-z][A-Za-z ]+?) : (\d)$/;

export function parseIasl(text: string): IaslField[] {
  const out: IaslField[] = [];
  let last: IaslField | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith("Raw Table Data")) break;
    const m = FIELD.exec(raw);
    if (m) {
      if (parseInt(m[1]!, 16) !== Number(m[2])) throw new Error(`hex and decimal offsets disagree: ${raw}`);
      last = { offset: Number(m[2]), length: Number(m[3]), name: m[4]!.trim(), value: m[5]!.trim() };
      out.push(last);
      continue;
    }
    const f = FLAG.exec(raw);
    if (f && last) out.push({ offset: last.offset, length: 0, name: f[1]!.trim(), value: f[2]! });
  }
  return out;
}

export interface OracleTable {
  readonly name: string;
  readonly table: string;
  readonly dsl: string;
}

/** One gzip-compressed JSON Lines file of the oracle, read as Latin-1. */
export function readOracle(path: string): OracleTable[] {
  const text = gunzipSync(readFileSync(path)).toString("latin1");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as OracleTable);
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export interface KeyedLine {
  /** offset/width/name/occurrence (flag lines: the parent's key + flag name). */
  readonly key: string;
  readonly value: string;
  readonly text: string;
}

// Looser than FIELD/FLAG above: any flag value, any flag label (the oracle compares every line).
const ANY_FIELD = /^\[([0-9A-F]+)h (\d+)\s+(\d+)\]\s*(.+?) : (.*)$/;
const ANY_FLAG = /^\s+(\S.*?) : (.*)$/;

/** Field and flag lines, keyed; then the Raw Table Data lines keyed by position. */
export function keyedLines(text: string): KeyedLine[] {
  const out: KeyedLine[] = [];
  const seen = new Map<string, number>();
  let parent: string | undefined;
  let inRaw = false;
  let rawN = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    if (line.startsWith("Raw Table Data")) {
      inRaw = true;
      out.push({ key: "raw:title", value: line, text: line });
      continue;
    }
    if (inRaw) {
      if (/^\s+[0-9A-F]{4}: /.test(line)) out.push({ key: `raw:${rawN++}`, value: line.trim(), text: line });
      continue;
    }
    const m = ANY_FIELD.exec(line);
    if (m) {
      const base = `${Number(m[2])}/${Number(m[3])}/${m[4]!.trim()}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      parent = `${base}#${n}`;
      out.push({ key: parent, value: m[5]!.trim(), text: line });
      continue;
    }
    const f = ANY_FLAG.exec(line);
    if (f && parent !== undefined && !line.trimStart().startsWith("/*")) {
      out.push({ key: `${parent}>${f[1]!.trim()}`, value: f[2]!.trim(), text: line });
      continue;
    }
    if (line.trim() === "") continue;
    parent = undefined;
  }
  return out;
}

export interface Difference {
  readonly key: string;
  readonly iasl: string;
  readonly ours: string | undefined;
}

/** Every iasl line that is missing from ours or has a different value. */
export function compareIasl(iaslText: string, ourText: string): { lines: number; differences: Difference[] } {
  const want = keyedLines(iaslText);
  const got = new Map(keyedLines(ourText).map((l) => [l.key, l]));
  const differences: Difference[] = [];
  for (const w of want) {
    const g = got.get(w.key);
    if (!g || g.value !== w.value) differences.push({ key: w.key, iasl: w.text, ours: g?.text });
  }
  return { lines: want.length, differences };
}
