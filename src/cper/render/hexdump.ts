// Linux print_hex_dump(pfx, "", DUMP_PREFIX_OFFSET, 16, 4, buf, len, true):
// offset as %08x, 16 bytes per line, groups of 4 bytes printed as a little-endian
// u32 (%08x), a trailing partial group printed byte by byte (hex_dump_to_buffer
// falls back to groupsize 1 when len is not a multiple of 4), then two spaces and
// the ASCII column ('.' for non-printables).
import { HEX_BYTE } from "../../arch/bits.js";


function printable(c: number): string {
  // isascii(c) && isprint(c)
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
}

/** Lines of print_hex_dump with groupsize 4 and ASCII, without the caller's prefix. */
export function hexDumpLinux(bytes: Uint8Array, withAscii = true): string[] {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const n = Math.min(16, bytes.length - off);
    const groups: string[] = [];
    let hexLen: number;
    if (n % 4 === 0) {
      for (let j = 0; j < n; j += 4) {
        const o = off + j;
        groups.push(HEX_BYTE[bytes[o + 3]!]! + HEX_BYTE[bytes[o + 2]!]! + HEX_BYTE[bytes[o + 1]!]! + HEX_BYTE[bytes[o]!]!);
      }
      hexLen = 16 * 2 + 4; // width of a full line with groupsize 4: "xxxxxxxx " * 4 - 1
      hexLen = 35;
    } else {
      for (let j = 0; j < n; j++) groups.push(HEX_BYTE[bytes[off + j]!]!);
      hexLen = 47; // groupsize 1 full-line width: 16 * 3 - 1
    }
    const hex = groups.join(" ");
    let text = "";
    for (let j = 0; j < n; j++) text += printable(bytes[off + j]!);
    lines.push(withAscii ? `${off.toString(16).padStart(8, "0")}: ${hex.padEnd(hexLen, " ")}  ${text}` : `${off.toString(16).padStart(8, "0")}: ${hex}`);
  }
  return lines;
}

// ---- any group size ----

/**
 * Linux print_hex_dump(pfx, "", DUMP_PREFIX_OFFSET, 16, groupsize, buf, len, ascii)
 * lines without the prefix (lib/hexdump.c hex_dump_to_buffer: groups are
 * little-endian words; a row whose length is not a multiple of the group size
 * falls back to byte groups; the ASCII column starts at 16*2 + 16/groupsize + 1).
 */
export function linuxHexDump(bytes: Uint8Array, ascii = true, groupsize: 1 | 2 | 4 | 8 = 4): string[] {
  if (groupsize === 4) return hexDumpLinux(bytes, ascii);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, Math.min(i + 16, bytes.length));
    const group = row.length % groupsize === 0 ? groupsize : 1;
    const parts: string[] = [];
    for (let j = 0; j < row.length; j += group) {
      let g = "";
      for (let k = group - 1; k >= 0; k--) g += row[j + k]!.toString(16).padStart(2, "0");
      parts.push(g);
    }
    let line = `${i.toString(16).padStart(8, "0")}: ${parts.join(" ")}`;
    if (ascii) {
      const col = 32 + 16 / group + 1;
      line = line.padEnd(10 + col, " ") + Array.from(row, printable).join("");
    }
    lines.push(line);
  }
  return lines;
}
