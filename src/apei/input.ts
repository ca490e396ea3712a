// Table bytes from a file: binary, acpidump text ("HEST @ 0x…" then
// "  0000: 48 45 53 54 …  HEST…" rows), iasl's "Raw Table Data" rows, or plain hex.

import { bytesFromInput, decodeError, fail, looksLikeText, ok, type Result } from "../layout/index.js";

const ROW = /^\s*([0-9A-Fa-f]{4,8}):((?:[ \t][0-9A-Fa-f]{2}){1,16})(?=\s|$)/;
const TITLE = /^\s*([A-Z0-9_!]{4})\s+@\s+0x[0-9A-Fa-f]+\s*$/;

export interface DumpTable {
  /** Signature from the "XXXX @ 0x…" title line, when present. */
  readonly title?: string;
  readonly bytes: Uint8Array;
}

/** Tables in acpidump-style text; an empty list when no offset-prefixed rows are found. */
export function parseAcpidump(text: string): Result<DumpTable[]> {
  const tables: DumpTable[] = [];
  let title: string | undefined;
  let cur: number[] | undefined;
  const flush = () => {
    if (cur && cur.length) tables.push(title === undefined ? { bytes: Uint8Array.from(cur) } : { title, bytes: Uint8Array.from(cur) });
    cur = undefined;
    title = undefined;
  };
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!;
    const t = TITLE.exec(l);
    if (t) {
      flush();
      title = t[1]!;
      continue;
    }
    const m = ROW.exec(l);
    if (!m) continue;
    const at = parseInt(m[1]!, 16);
    if (at === 0 && cur && cur.length) flush();
    cur ??= [];
    if (at !== cur.length) return fail(decodeError("bad-input", `line ${n + 1}`, cur.length, `row offset 0x${m[1]} does not follow the previous row (expected 0x${cur.length.toString(16)})`));
    for (const h of m[2]!.trim().split(/\s+/)) cur.push(parseInt(h, 16));
  }
  flush();
  return ok(tables);
}

const SUPPORTED = ["HEST", "BERT", "EINJ", "ERST"];

function signatureOf(t: DumpTable): string {
  return t.bytes.length >= 4 ? String.fromCharCode(...t.bytes.subarray(0, 4)) : (t.title ?? "");
}

/**
 * The table to decode: binary as is; from acpidump/iasl text, the table whose
 * signature is `want`, else the first HEST/BERT/EINJ/ERST, else the first; plain hex otherwise.
 */
export function tableBytes(input: Uint8Array, want?: string): Result<Uint8Array> {
  if (!looksLikeText(input)) return ok(input);
  const text = new TextDecoder("latin1").decode(input);
  const dump = parseAcpidump(text);
  if (!dump.ok) return fail(dump.error);
  const tables = dump.value;
  if (tables.length === 0) return bytesFromInput(input);
  const pick = want !== undefined ? tables.find((t) => signatureOf(t) === want) : (tables.find((t) => SUPPORTED.includes(signatureOf(t))) ?? tables[0]);
  if (!pick) return fail(decodeError("bad-input", "input", 0, `no ${want} table among the ${tables.length} in the input (${tables.map(signatureOf).join(", ")})`));
  const notes = tables.length > 1 ? [{ code: "more-tables", field: "input", offset: 0, message: `${tables.length} tables in the input (${tables.map(signatureOf).join(", ")}); decoding ${signatureOf(pick)}` }] : [];
  return ok(pick.bytes, notes);
}
