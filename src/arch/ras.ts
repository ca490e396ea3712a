// RAS error types as the architecture encodes them (Arm ARM: ESR_ELx ISS for SError, AET[12:10];
// DISR_EL1 / VDISR_EL2 / VSESR_EL2 carry the same field). Declared once; the ESR codec, the
// register views, the exception engine and the kernel model derive their tables from here.

export interface ErrorTypeInfo {
  readonly value: number;
  /** Short RAS name (UC, UEU, UEO, UER, CE). */
  readonly name: string;
  readonly meaning: string;
}

/**
 * SError ISS.AET[12:10] (also DISR_EL1/VDISR_EL2/VSESR_EL2.AET): the one declaration of the
 * encodings; the tables below, the register views and the kernel's AET rules derive from it.
 * Other values are reserved. [value, name, short meaning, meaning].
 */
export const AET_ROWS = [
  [0b000, "UC", "Uncontainable", "Uncontainable"],
  [0b001, "UEU", "Unrecoverable", "Unrecoverable (unrecoverable state, not consumed yet)"],
  [0b010, "UEO", "Restartable", "Restartable (not yet consumed)"],
  [0b011, "UER", "Recoverable", "Recoverable"],
  [0b110, "CE", "Corrected", "Corrected"],
] as const;

export type AetName = (typeof AET_ROWS)[number][1];

/** AET value by name (asm/esr.h ESR_ELx_AET_*). */
export const AET: Readonly<Record<AetName, number>> = Object.freeze(Object.fromEntries(AET_ROWS.map(([v, n]) => [n, v])) as Record<AetName, number>);

/** AET name by value. */
export const AET_NAMES: Readonly<Record<number, AetName>> = Object.freeze(Object.fromEntries(AET_ROWS.map(([v, n]) => [v, n])));

/** "UEO (Restartable)" by value: the register-view enumeration. */
export const AET_VALUES: Readonly<Record<number, string>> = Object.freeze(Object.fromEntries(AET_ROWS.map(([v, n, short]) => [v, `${n} (${short})`])));

