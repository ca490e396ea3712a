// Hardware Error Notification Structure (ACPI 6.5 §18.3.2.7, Table 18.14), 28 bytes.

import { bitField } from "../arch/bits.js";
import { field, struct, u16, u32, u8 } from "../layout/index.js";

/** Notification types (ACPI 6.5 Table 18.14 "Type"; ACPICA ACPI_HEST_NOTIFY_*), with iasl's names. */
export const NOTIFY_TYPES = {
  0: "Polled",
  1: "External Interrupt",
  2: "Local Interrupt",
  3: "SCI",
  4: "NMI",
  5: "CMCI",
  6: "MCE",
  7: "GPIO",
  8: "SEA",
  9: "SEI",
  10: "GSIV",
  11: "SDEI",
  12: "SSE",
} as const satisfies Record<number, string>;

export type NotifyTypeName = (typeof NOTIFY_TYPES)[keyof typeof NOTIFY_TYPES];

export const NOTIFY = {
  POLLED: 0,
  EXTERNAL: 1,
  LOCAL: 2,
  SCI: 3,
  NMI: 4,
  CMCI: 5,
  MCE: 6,
  GPIO: 7,
  SEA: 8,
  SEI: 9,
  GSIV: 10,
  SOFTWARE_DELEGATED: 11,
  SSE: 12,
} as const;

/** Aliases accepted by the builder (case-insensitive). */
export const NOTIFY_ALIASES: Readonly<Record<string, number>> = {
  polled: 0,
  external: 1,
  "external interrupt": 1,
  local: 2,
  "local interrupt": 2,
  sci: 3,
  nmi: 4,
  cmci: 5,
  mce: 6,
  gpio: 7,
  sea: 8,
  sei: 9,
  gsiv: 10,
  sdei: 11,
  "software delegated": 11,
  sse: 12,
};

export function notifyTypeName(t: number): string {
  return (NOTIFY_TYPES as Record<number, string>)[t] ?? "Reserved";
}

/** Configuration Write Enable bits (ACPI 6.5 Table 18.14): which fields OSPM may rewrite. */
export const CONFIG_WRITE_ENABLE_BITS = {
  Type: bitField("Type", 0),
  PollInterval: bitField("PollInterval", 1),
  SwitchToPollingThresholdValue: bitField("SwitchToPollingThresholdValue", 2),
  SwitchToPollingThresholdWindow: bitField("SwitchToPollingThresholdWindow", 3),
  ErrorThresholdValue: bitField("ErrorThresholdValue", 4),
  ErrorThresholdWindow: bitField("ErrorThresholdWindow", 5),
} as const;

export const NOTIFY_STRUCT = struct(
  "HardwareErrorNotification",
  28,
  {
    type: field(0, u8, { doc: "Notify Type", values: NOTIFY_TYPES }),
    length: field(1, u8, { doc: "Notify Length" }),
    configWriteEnable: field(2, u16, { doc: "Configuration Write Enable", bits: CONFIG_WRITE_ENABLE_BITS }),
    pollInterval: field(4, u32, { doc: "PollInterval" }),
    vector: field(8, u32, { doc: "Vector" }),
    pollingThresholdValue: field(12, u32, { doc: "Polling Threshold Value" }),
    pollingThresholdWindow: field(16, u32, { doc: "Polling Threshold Window" }),
    errorThresholdValue: field(20, u32, { doc: "Error Threshold Value" }),
    errorThresholdWindow: field(24, u32, { doc: "Error Threshold Window" }),
  },
  { spec: "ACPI 6.5 §18.3.2.7 Table 18.14" },
);

/** Decoded Configuration Write Enable flags, by spec name. */
export function configWriteEnable(v: number): Record<keyof typeof CONFIG_WRITE_ENABLE_BITS, boolean> {
  const out = {} as Record<keyof typeof CONFIG_WRITE_ENABLE_BITS, boolean>;
  for (const [k, f] of Object.entries(CONFIG_WRITE_ENABLE_BITS)) out[k as keyof typeof CONFIG_WRITE_ENABLE_BITS] = ((v >>> f.lsb) & 1) === 1;
  return out;
}
