// How Linux prints a declared field (drivers/firmware/efi/cper.c): the line forms a
// field's `json: lib(key, form, label, linux)` may carry, so a section whose Linux
// printer walks its fields (cper_print_proc_generic(), cper_print_fw_err()'s header
// lines) is stated per field and contract.ts derives renderLinux from it. A printer
// that is not a field walk (cper_print_mem()'s location line, the ARM error-info
// walk) stays written by hand beside its section.
import { hex } from "../../arch/bits.js";

/** The lines Linux prints for one valid field; pfxLen: the printk prefix width cper_print_bits() wraps against. */
export interface LinuxLine<X = any> {
  lines(x: X, pfxLen: number): string[];
}

/** "label: N, name" (names by value; "unknown" past the table, as cper.c's bounds checks print). */
export function linuxEnum(label: string, names: readonly string[]): LinuxLine<number> {
  return { lines: (x) => [`${label}: ${x}, ${names[x] ?? "unknown"}`] };
}

/** "label: 0x" + `digits` lowercase hex digits ("%#0<n>llx"-style, zero-padded). */
export function linuxHex(label: string, digits: number): LinuxLine<number | bigint> {
  return { lines: (x) => [`${label}: ${hex(x, digits)}`] };
}

/** "label: N" in decimal. */
export function linuxDec(label: string): LinuxLine<number | bigint> {
  return { lines: (x) => [`${label}: ${x}`] };
}

/** "label: 0x" + `digits` hex digits, then the names of the set bits as cper_print_bits() wraps them. */
export function linuxFlags(label: string, digits: number, names: readonly string[]): LinuxLine<number> {
  return { lines: (x, pfxLen) => [`${label}: ${hex(x, digits)}`, ...linuxBits(pfxLen, x, names)] };
}

/** cper_print_bits(): names of the set bits, comma-separated, lines wrapped at 80 columns (prefix included). */
export function linuxBits(pfxLen: number, bits: number, strs: readonly string[]): string[] {
  const out: string[] = [];
  let line = "";
  for (let i = 0; i < strs.length; i++) {
    if (!(bits & (1 << i))) continue;
    const s = strs[i]!;
    if (line && pfxLen + line.length + s.length + 2 > 80) {
      out.push(line);
      line = "";
    }
    line = line ? `${line}, ${s}` : s;
  }
  if (line) out.push(line);
  return out;
}
