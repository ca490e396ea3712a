// Reading ../shared/oracles/linux-6.1.192 (README there: format, provenance, undecidable blocks).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { sharedPath } from "../helpers.js";

export const ORACLE = "oracles/linux-6.1.192";

export interface EsrRow {
  readonly esr: string;
  readonly stratum: string;
  readonly path: string;
  readonly lines: readonly string[];
}

export interface CperRow {
  readonly name: string;
  readonly set: string;
  readonly kind: string;
  readonly source_id: number;
  readonly block: string;
  readonly lines: readonly string[];
  readonly rejected?: string;
  readonly ghes_warning?: string;
  readonly reads_past_section?: readonly number[];
  readonly raw_bytes?: boolean;
}

/** One gzip'd JSON-lines file; Latin-1, so each character is one printed byte (README "Bytes"). */
export function oracleRows<T>(file: string): T[] {
  const text = gunzipSync(readFileSync(sharedPath(ORACLE, file))).toString("latin1");
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

/**
 * The undecidable blocks, by name, as the README lists them (the kernel reads past a short
 * section, so the text depends on memory after it). Checked against each row's reads_past_section.
 */
export const UNDECIDABLE: Readonly<Record<"arm64" | "x86_64", readonly string[]>> = {
  arm64: [
    "single-memory-044",
    "single-firmware-001",
    "single-firmware-015",
    "single-firmware-046",
    "single-firmware-056",
    "mixed-0046",
    "mixed-0233",
    "mixed-0320",
    "mixed-0356",
    "mixed-0368",
    "mixed-0640",
  ],
  x86_64: [
    ...["002", "004", "005", "011", "020", "022", "025", "030", "039", "040", "056", "057", "064", "065", "067", "087", "094", "096", "099"].map((n) => `single-ia32x64-${n}`),
    ...["0087", "0115", "0131", "0160", "0256", "0387", "0418", "0526", "0532", "0586", "0654", "0665", "0668", "0674", "0689"].map((n) => `mixed-${n}`),
  ],
};

/** The /dev/kmsg view of the oracle's console lines: continuation lines joined back with their newline byte, then escaped. */
export function kmsgView(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (out.length > 0 && !l.startsWith("{") && !l.startsWith("[Firmware Warn]")) out[out.length - 1] += "\n" + l;
    else out.push(l);
  }
  return out.map((l) => l.replace(/[\x00-\x1f\x7f-\xff\\]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")));
}

/** The README's comparison: whitespace runs collapsed, ends trimmed, "{N}" made "{#}". */
export function normalise(line: string): string {
  return line.replace(/\s+/g, " ").trim().replace(/^\{\d+\}/, "{#}");
}
