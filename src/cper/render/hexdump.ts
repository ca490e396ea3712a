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
