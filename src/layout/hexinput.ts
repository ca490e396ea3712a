// Input bytes from text: plain hex, hex with 0x/spaces/commas, and the kernel's
// hex dump lines ("[Hardware Error]:  00000000: 00000002 00000000 …", where each
// group is a little-endian 32-bit word as print_hex_dump prints it with groupsize 4).

import { decodeError, fail, ok, type Result } from "./result.js";

/** Whether the bytes look like text (hex) rather than a binary blob. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) continue;
    return false;
  }
  return true;
}

// Both line readers below scan each line once, left to right (no regular
// expression with nested quantifiers: a damaged line of hex digits once made a
// backtracking pattern take seconds per line, growing ~6x per 4 more digits).

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 11 || c === 12;

/** End of the run of hex digits starting at `i`. */
function hexEnd(l: string, i: number): number {
  while (i < l.length && isHex(l.charCodeAt(i))) i++;
  return i;
}

function spaceEnd(l: string, i: number): number {
  while (i < l.length && isSpace(l.charCodeAt(i))) i++;
  return i;
}

/**
 * `hexdump -C` / xxd -g1 / QEMU-script style: offset (6-8 digits, optional ':'),
 * 1-3 blanks, then up to 16 two-digit bytes separated by blanks; whatever follows
 * the first token that is not two hex digits (the |ascii| column) is ignored.
 * The bytes, or undefined when the line is not such a line.
 */
export function byteLineBytes(l: string): number[] | undefined {
  let i = spaceEnd(l, 0);
  const o = hexEnd(l, i);
  if (o - i < 6 || o - i > 8) return undefined;
  i = o;
  if (l.charCodeAt(i) === 58) i++;
  const s = spaceEnd(l, i);
  if (s - i < 1 || s - i > 3) return undefined;
  i = s;
  const out: number[] = [];
  while (out.length < 16 && i < l.length) {
    const e = hexEnd(l, i);
    if (e - i !== 2 || (e < l.length && !isSpace(l.charCodeAt(e)))) break;
    out.push(parseInt(l.slice(i, e), 16));
    i = spaceEnd(l, e);
  }
  return out.length > 0 ? out : undefined;
}

/** Where the dump offset "xxxxxxxx: " starts at `i` (after optional blanks), or -1. */
function offsetAt(l: string, i: number): number {
  i = spaceEnd(l, i);
  return hexEnd(l, i) - i === 8 && l.charCodeAt(i + 8) === 58 && isSpace(l.charCodeAt(i + 9)) ? i : -1;
}

/**
 * The kernel's print_hex_dump line (DUMP_PREFIX_OFFSET), possibly after a log
 * prefix ending in ']' or ']:' ("[Hardware Error]:  00000000: 00000005 ec30000e  ......0."):
 * the groups of hex digits (each at least two), or undefined when the line is not one.
 * The ASCII column follows the last group after two or more blanks.
 */
export function dumpLineGroups(l: string): string[] | undefined {
  let at = offsetAt(l, 0);
  // The log prefix: the first ']' (of any) after which the offset follows.
  for (let b = l.indexOf("]"); at < 0 && b >= 0; b = l.indexOf("]", b + 1)) at = offsetAt(l, l.charCodeAt(b + 1) === 58 ? b + 2 : b + 1);
  if (at < 0) return undefined;
  let i = at + 10;
  const groups: string[] = [];
  let accepted = 0;
  for (;;) {
    const s = spaceEnd(l, i);
    if (s === l.length) return groups.length > 0 ? groups : undefined;
    const e = hexEnd(l, s);
    const tokenEnd = e < l.length && !isSpace(l.charCodeAt(e)) ? -1 : e;
    // Not a group: the ASCII column, which starts after the last group followed by two blanks.
    if (tokenEnd < 0 || e - s < 2) return accepted > 0 ? groups.slice(0, accepted) : undefined;
    groups.push(l.slice(s, e));
    // A place where the groups may end: followed by the end of the line or two or more blanks.
    if (e === l.length || spaceEnd(l, e) - e >= 2) accepted = groups.length;
    i = e;
  }
}

/**
 * Parses hex text. Kernel hex-dump lines (offset + up to four 8-digit groups,
 * optional ASCII column) are read as little-endian 32-bit words; other text is
 * read as a plain byte stream of hex digit pairs.
 */
export function parseHexText(text: string): Result<Uint8Array> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const dumps = lines.map(dumpLineGroups);
  const dumpCount = dumps.filter((g) => g !== undefined).length;
  if (dumpCount > 0 && dumpCount === lines.filter((l) => /[0-9a-f]{8}:/i.test(l)).length) {
    const out: number[] = [];
    for (const groups of dumps) {
      if (groups === undefined) continue;
      for (const g of groups) {
        if (g.length % 2 !== 0) return fail(decodeError("bad-input", "hexdump", out.length, `odd-length group '${g}'`));
        // Groups print the word's most significant byte first: reverse to memory order.
        for (let i = g.length - 2; i >= 0; i -= 2) out.push(parseInt(g.slice(i, i + 2), 16));
      }
    }
    return ok(Uint8Array.from(out));
  }
  const byteLines = lines.map((l, i) => (dumps[i] === undefined ? byteLineBytes(l) : undefined)).filter((b) => b !== undefined);
  if (byteLines.length > 0 && byteLines.length >= dumpCount) {
    // Lines that are not dump lines (titles, shell prompts) are ignored; each dump's bytes follow the previous one.
    return ok(Uint8Array.from(byteLines.flat()));
  }
  const cleaned = text.replace(/0x/gi, "").replace(/[\s,;:]/g, "");
  if (!/^[0-9a-f]*$/i.test(cleaned)) {
    const bad = cleaned.search(/[^0-9a-f]/i);
    return fail(decodeError("bad-input", "hex", bad, `not hex text: '${cleaned.slice(bad, bad + 8)}'`));
  }
  if (cleaned.length % 2 !== 0) return fail(decodeError("bad-input", "hex", cleaned.length / 2, "odd number of hex digits"));
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(cleaned.slice(2 * i, 2 * i + 2), 16);
  return ok(out);
}

/** Binary stays binary; text is parsed as hex. */
export function bytesFromInput(input: Uint8Array): Result<Uint8Array> {
  if (!looksLikeText(input)) return ok(input);
  // A binary record's signature is printable but never hex: a (short) file starting
  // 'CPER' is a record, not hex text, whatever follows.
  if (input.length >= 4 && input[0] === 0x43 && input[1] === 0x50 && input[2] === 0x45 && input[3] === 0x52) return ok(input);
  return parseHexText(new TextDecoder("latin1").decode(input));
}
