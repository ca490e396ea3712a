// The names iasl 20200925 prints where they differ from ours (the spec's), as
// data: used only by the `--flags iasl` text (render.ts). JSON and the default
// text keep the spec's names. docs/apei.md lists each difference and its reason.
//
// Sources: acpica source/common/dmtbinfo.c (AcpiDmGasAccessWidth,
// AcpiDmHestNotifySubnames, AcpiDmEinjActions/Instructions,
// AcpiDmErstActions/Instructions), utdecode.c AcpiUtGetRegionName, dmtable.c
// AcpiDmDumpTable (the "Unknown …" fallbacks).

import { ACCESS_WIDTH_NAMES, ADDRESS_SPACE_NAMES } from "./gas.js";
import { NOTIFY_TYPES } from "./notify.js";
import { EINJ_ACTIONS, EINJ_INSTRUCTIONS, ERST_ACTIONS, ERST_INSTRUCTIONS } from "./instructions.js";

type Names = Readonly<Record<number, string>>;

/** How iasl names a value of one enumeration: its own table, then a fallback by value. */
export interface IaslReading {
  readonly names: Names;
  readonly unknown: (v: number) => string;
}

/** AcpiUtGetRegionName(): 0x7E DataTable, 0x7F FunctionalFixedHW, ≥ 0x80 UserDefinedRegion, other unknown InvalidSpaceId. */
const IASL_SPACE_IDS: IaslReading = {
  names: { ...ADDRESS_SPACE_NAMES, 6: "PCIBARTarget", 0x7e: "DataTable", 0x7f: "FunctionalFixedHW" },
  unknown: (v) => (v >= 0x80 ? "UserDefinedRegion" : "InvalidSpaceId"),
};

/**
 * Notification types: iasl spells 11 out; it stops at 11, so 12 (SSE, ACPI 6.6)
 * is an iasl 20200925 defect: we keep the spec's name there (the oracle test names it).
 */
const IASL_NOTIFY: IaslReading = {
  names: { ...NOTIFY_TYPES, 11: "Software Delegated Exception" },
  unknown: () => "Unknown Notify Type",
};

/** EINJ 0xFF Trigger Error is kept (iasl 20200925's lookup stops before it: a defect, named in the oracle test). */
const IASL_EINJ_ACTIONS: IaslReading = { names: EINJ_ACTIONS, unknown: () => "Unknown Action" };
const IASL_ERST_ACTIONS: IaslReading = { names: ERST_ACTIONS, unknown: () => "Unknown Action" };
const IASL_EINJ_INSTRUCTIONS: IaslReading = { names: EINJ_INSTRUCTIONS, unknown: () => "Unknown Instruction" };
const IASL_ERST_INSTRUCTIONS: IaslReading = { names: ERST_INSTRUCTIONS, unknown: () => "Unknown Instruction" };
const IASL_ACCESS_WIDTH: IaslReading = { names: ACCESS_WIDTH_NAMES, unknown: () => "Unknown Width Encoding" };

/** By the spec's value table a field declares (`values`), iasl's reading of it. */
export const IASL_READINGS: ReadonlyMap<Names, IaslReading> = new Map<Names, IaslReading>([
  [ADDRESS_SPACE_NAMES, IASL_SPACE_IDS],
  [ACCESS_WIDTH_NAMES, IASL_ACCESS_WIDTH],
  [NOTIFY_TYPES, IASL_NOTIFY],
  [EINJ_ACTIONS, IASL_EINJ_ACTIONS],
  [ERST_ACTIONS, IASL_ERST_ACTIONS],
  [EINJ_INSTRUCTIONS, IASL_EINJ_INSTRUCTIONS],
  [ERST_INSTRUCTIONS, IASL_ERST_INSTRUCTIONS],
]);

/** Field and flag labels iasl prints differently from the spec (ACPI 6.5 Table 18.34 "Injection Header Size"; Table 18.31/18.41 PRESERVE_REGISTER). */
export const IASL_LABELS: Readonly<Record<string, string>> = {
  "Injection Header Size": "Injection Header Length",
  "Preserve Register": "Preserve Register Bits",
};

export type NameReading = "spec" | "iasl";

/** The spec's name for a value no table entry names, where it is not just "Reserved" (ACPI 6.5 Table 5.1: 0x80–0xFF OEM Defined). */
const SPEC_UNKNOWN: ReadonlyMap<Names, (v: number) => string> = new Map([[ADDRESS_SPACE_NAMES, (v: number) => (v >= 0x80 ? "OEM Defined" : "Reserved")]]);

/** The bracketed name of value `v` of an enumeration declared by `values`. */
export function valueName(values: Names, v: number, reading: NameReading): string {
  if (reading === "iasl") {
    const r = IASL_READINGS.get(values);
    if (r) return r.names[v] ?? r.unknown(v);
  }
  return values[v] ?? SPEC_UNKNOWN.get(values)?.(v) ?? "Reserved";
}

export function labelFor(label: string, reading: NameReading): string {
  return reading === "iasl" ? (IASL_LABELS[label] ?? label) : label;
}
