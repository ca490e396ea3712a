// The JSON form of a decoded ESR: the `armras esr --format json` contract.
import { hex } from "../../arch/bits.js";
import type { EsrDecoded } from "./codec.js";
import { sysRegName } from "./sysreg-name.js";

export interface EsrJson {
  /** 0x-prefixed, 16 hex digits. */
  readonly esr: string;
  readonly ec: number;
  /** Linux's esr_class_str[] string. */
  readonly class: string;
  /** Arm's description of the exception class. */
  readonly armClass: string;
  readonly linuxMacro: string | null;
  readonly il: 0 | 1;
  readonly iss: number;
  readonly iss2: number;
  /** ISS layout family (DABT, IABT, SERROR, SYS64, ...). */
  readonly layout: string;
  readonly fields: Readonly<Record<string, number>>;
  /** Meanings of enumerated field values (e.g. SET: "UC (Uncontainable)"). */
  readonly meanings: Readonly<Record<string, string>>;
  readonly fsc?: { readonly code: number; readonly name: string; readonly meaning: string };
  /** EC 0x18: the trapped register's name. */
  readonly register?: string;
  readonly el?: number;
  readonly problems: readonly string[];
}

export function esrHex16(d: Pick<EsrDecoded, "lo" | "hi">): string {
  return "0x" + d.hi.toString(16).padStart(8, "0") + d.lo.toString(16).padStart(8, "0");
}

/** Enumerated field meanings; SET and AET only where they are meaningful (xFSC 0x10 / DFSC 0x11). */
export function fieldMeanings(d: EsrDecoded): Record<string, string> {
  const out: Record<string, string> = {};
  const code = d.iss & 0x3f;
  for (const f of d.issCase.fields) {
    if (f.name === "SET" && code !== 0x10) continue;
    if (f.name === "AET" && code !== 0x11) continue;
    const m = f.values?.[d.fields[f.name] ?? 0];
    if (m !== undefined) out[f.name] = m;
  }
  return out;
}

export function toJson(d: EsrDecoded, problems: readonly string[], el?: number): EsrJson {
  const fields = d.fields;
  return {
    esr: esrHex16(d),
    ec: d.ec,
    class: d.className,
    armClass: d.info.armName,
    linuxMacro: d.info.linuxMacro,
    il: d.il,
    iss: d.iss,
    iss2: d.iss2,
    layout: d.layout.id,
    fields,
    meanings: fieldMeanings(d),
    ...(d.fsc ? { fsc: { code: d.fsc.code, name: d.fsc.name, meaning: d.fsc.meaning } } : {}),
    ...(d.layout.id === "SYS64"
      ? { register: sysRegName({ Op0: fields["Op0"] ?? 0, Op1: fields["Op1"] ?? 0, CRn: fields["CRn"] ?? 0, CRm: fields["CRm"] ?? 0, Op2: fields["Op2"] ?? 0 }) }
      : {}),
    ...(el !== undefined ? { el } : {}),
    problems: [...problems],
  };
}

/** Hex form used in text output for an ISS-sized number. */
export function issHex(n: number): string {
  return hex(n, 7);
}
