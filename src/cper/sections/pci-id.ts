// libcper's PCI device-identification objects (PCIe `deviceID`, PCI component `idInfo`, CXL
// component event `deviceID`), declared as rows: each JSON member, the section field it carries,
// its width in JSON, and how the field's bytes map to the number. One group form writes, reads
// and projects all three (UEFI 2.10 N.2.7 Table N-28, N.2.9 Table N-33, N.2.14 Table N-43).
import { hexUpperWidth } from "../json/writer.js";
import { group, type LibField } from "./json-forms.js";
import { getNum, getObj } from "../json/reader.js";

/** How a field is a number: as it is, a 3-byte class code, or a slot number in bits 15:3. */
export type PciIdKind = "int" | "u24" | "slot";

export interface PciIdMember {
  readonly key: string;
  readonly field: string;
  /** The JSON value's width in bits (JSON in refuses wider). */
  readonly bits: number;
  readonly kind?: PciIdKind;
}

/** A "<key>_Hex" member libcper prints before the numbers: 0x%0<digits>X of the member's number (truncated to the digits). */
export interface PciIdHex {
  readonly key: string;
  readonly field: string;
  readonly digits: number;
  readonly kind?: PciIdKind;
}

const u24 = (b: Uint8Array): number => b[0]! | (b[1]! << 8) | (b[2]! << 16);

function numberOf(f: Readonly<Record<string, any>>, field: string, kind: PciIdKind = "int"): number {
  const x = f[field];
  return kind === "u24" ? u24(x as Uint8Array) : kind === "slot" ? (x as number) >> 3 : (x as number);
}

function fieldOf(v: number, kind: PciIdKind = "int"): unknown {
  return kind === "u24" ? Uint8Array.of(v & 0xff, (v >> 8) & 0xff, v >> 16) : kind === "slot" ? v << 3 : v;
}

/**
 * The `json:` of the first member's field: one object `key` holding every member (and the hex
 * members first, when given). A slot number keeps bits 15:3 only; the projection drops bits 2:0.
 */
export function pciIdGroup(key: string, members: readonly PciIdMember[], text: (f: Readonly<Record<string, any>>) => string, hex: readonly PciIdHex[] = []): LibField {
  const slots = members.filter((m) => m.kind === "slot").map((m) => m.field);
  return group(
    key,
    members.slice(1).map((m) => m.field),
    {
      write: (out, k, f) => {
        out.begin(k);
        for (const h of hex) out.ascii(h.key, hexUpperWidth(numberOf(f, h.field, h.kind) % 16 ** h.digits, h.digits));
        for (const m of members) out.num(m.key, numberOf(f, m.field, m.kind));
        out.end();
      },
      read: (j, k, p) => {
        const id = getObj(j, k, p);
        const ip = `${p}.${k}`;
        const r: Record<string, unknown> = {};
        for (const m of members) r[m.field] = fieldOf(getNum(id, m.key, ip, m.bits), m.kind);
        return r;
      },
      ...(slots.length > 0
        ? {
            keep: (f: Readonly<Record<string, any>>) => {
              const r: Record<string, unknown> = {};
              for (const m of members) r[m.field] = m.kind === "slot" ? f[m.field] & ~7 : f[m.field];
              return r;
            },
            keeps: (f: Readonly<Record<string, any>>) => slots.every((s) => (f[s] & 7) === 0),
          }
        : {}),
      text,
    },
  );
}
