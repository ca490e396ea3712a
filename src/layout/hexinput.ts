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

// `hexdump -C` / xxd -g1 / QEMU-script style: offset, then up to 16 two-digit bytes, optional |ascii|.
const BYTE_LINE = /^\s*[0-9a-f]{6,8}:?\s{1,3}((?:[0-9a-f]{2}\s){1,16}|(?:[0-9a-f]{2}\s){0,15}[0-9a-f]{2}$)/i;

const DUMP_LINE = /^(?:.*?\]:?\s*)?(?:\s*[0-9a-f]{8}:\s)((?:\s*[0-9a-f]{2,8})+)(?:\s{2,}.*)?$/i;

/**
 * Parses hex text. Kernel hex-dump lines (offset + up to four 8-digit groups,
 * optional ASCII column) are read as little-endian 32-bit words; other text is
 * read as a plain byte stream of hex digit pairs.
 */
export function parseHexText(text: string): Result<Uint8Array> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const dumpLines = lines.filter((l) => DUMP_LINE.test(l));
  if (dumpLines.length > 0 && dumpLines.length === lines.filter((l) => /[0-9a-f]{8}:/i.test(l)).length) {
    const out: number[] = [];
    for (const l of dumpLines) {
      const groups = DUMP_LINE.exec(l)![1]!.trim().split(/\s+/);
      for (const g of groups) {
        if (g.length % 2 !== 0) return fail(decodeError("bad-input", "hexdump", out.length, `odd-length group '${g}'`));
        // Groups print the word's most significant byte first: reverse to memory order.
        for (let i = g.length - 2; i >= 0; i -= 2) out.push(parseInt(g.slice(i, i + 2), 16));
      }
    }
    return ok(Uint8Array.from(out));
  }
  const byteLines = lines.filter((l) => BYTE_LINE.test(l) && !DUMP_LINE.test(l));
  if (byteLines.length > 0 && byteLines.length >= dumpLines.length) {
    // Lines that are not dump lines (titles, shell prompts) are ignored; each dump's bytes follow the previous one.
    const out: number[] = [];
    for (const l of byteLines) for (const g of BYTE_LINE.exec(l)![1]!.trim().split(/\s+/)) out.push(parseInt(g, 16));
    return ok(Uint8Array.from(out));
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
  return parseHexText(new TextDecoder("latin1").decode(input));
}
