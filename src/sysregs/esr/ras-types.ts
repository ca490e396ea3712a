// RAS error-type tables carried in ESR_ELx (arch.md §1.4; Arm ESR_EL1 XML; TF-A ras_arch.h).

import { AET_ROWS, type ErrorTypeInfo } from "../../arch/ras.js";

export { AET, AET_NAMES, AET_VALUES, type AetName, type ErrorTypeInfo } from "../../arch/ras.js";

export const AET_TABLE: ReadonlyMap<number, ErrorTypeInfo> = new Map(AET_ROWS.map(([value, name, , meaning]) => [value, { value, name, meaning }]));

/**
 * IABT/DABT ISS.SET[12:11], meaningful only with xFSC = 0b010000.
 * 0b11 is "UEO, Restartable, or CE" per the XML; 0b01 is reserved.
 */
export const SET_TABLE: ReadonlyMap<number, ErrorTypeInfo> = new Map(
  (
    [
      [0b00, "UER", "Recoverable"],
      [0b10, "UC", "Uncontainable"],
      [0b11, "UEO", "Restartable (UEO) or Corrected (CE)"],
    ] as const
  ).map(([value, name, meaning]) => [value, { value, name, meaning }]),
);

export const AET_RESERVED_MEANING = "reserved";

function enumOf(table: ReadonlyMap<number, ErrorTypeInfo>): Readonly<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const [v, info] of table) out[v] = `${info.name} (${info.meaning})`;
  return Object.freeze(out);
}

export const AET_ENUM = enumOf(AET_TABLE);
export const SET_ENUM = enumOf(SET_TABLE);
