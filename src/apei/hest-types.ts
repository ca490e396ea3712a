// HEST error source structures (ACPI 6.5 §18.3.2, Tables 18.3–18.13), declared
// once as data. Offsets are from the start of the error source structure
// (which begins with its u16 Type and u16 Source Id). `doc` is iasl's field name.

import { bitField } from "../arch/bits.js";
import { field, reserved, struct, u16, u32, u64, u8, type Decoded, type Struct } from "../layout/index.js";
import { GAS } from "./gas.js";
import { nested } from "./nested.js";
import { NOTIFY_STRUCT } from "./notify.js";

/** HEST error source Flags (ACPI 6.5 Table 18.4 ff.; ACPICA ACPI_HEST_FIRMWARE_FIRST/GLOBAL/GHES_ASSIST). */
export const HEST_FLAGS = {
  FIRMWARE_FIRST: bitField("FIRMWARE_FIRST", 0),
  GLOBAL: bitField("GLOBAL", 1),
  GHES_ASSIST: bitField("GHES_ASSIST", 2),
} as const;

/** HEST Type values with iasl's names (ACPICA actbl1.h ACPI_HEST_TYPE_*; 3–5 unused, ≥12 reserved). */
export const SOURCE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "IA-32 Machine Check Exception",
  1: "IA-32 Corrected Machine Check",
  2: "IA-32 Non-Maskable Interrupt",
  6: "PCI Express Root Port AER",
  7: "PCI Express AER (AER Endpoint)",
  8: "PCI Express/PCI-X Bridge AER",
  9: "Generic Hardware Error Source",
  10: "Generic Hardware Error Source V2",
  11: "IA-32 Deferred Machine Check",
};

const type = field(0, u16, { doc: "Subtable Type", values: SOURCE_TYPE_NAMES });
const sourceId = field(2, u16, { doc: "Source Id" });
const flags = field(6, u8, { doc: "Flags (decoded below)", bits: HEST_FLAGS });
const enabled = field(7, u8, { doc: "Enabled" });
const records = field(8, u32, { doc: "Records To Preallocate" });
const maxSections = field(12, u32, { doc: "Max Sections Per Record" });

/** Machine Check Bank Status Data Format values (ACPI 6.5 Table 18.5). */
export const STATUS_FORMAT_NAMES: Readonly<Record<number, string>> = { 0: "IA-32 MCA", 1: "Intel 64 MCA", 2: "AMD64 MCA" };

/** IA-32 Architecture Machine Check Bank Structure (ACPI 6.5 §18.3.2.1.1 Table 18.5), 28 bytes. */
export const MC_BANK = struct(
  "MachineCheckBank",
  28,
  {
    bankNumber: field(0, u8, { doc: "Bank Number" }),
    clearStatusOnInit: field(1, u8, { doc: "Clear Status On Init" }),
    statusDataFormat: field(2, u8, { doc: "Status Format" }),
    reserved: field(3, reserved(1), { doc: "Reserved" }),
    controlRegisterMsrAddress: field(4, u32, { doc: "Control Register" }),
    controlInitData: field(8, u64, { doc: "Control Data" }),
    statusRegisterMsrAddress: field(16, u32, { doc: "Status Register" }),
    addressRegisterMsrAddress: field(20, u32, { doc: "Address Register" }),
    miscRegisterMsrAddress: field(24, u32, { doc: "Misc Register" }),
  },
  { spec: "ACPI 6.5 §18.3.2.1.1 Table 18.5" },
);

export const IA32_MCE = struct(
  "IA32MachineCheckException",
  40,
  {
    type,
    sourceId,
    reserved1: field(4, reserved(2), { doc: "Reserved1" }),
    flags,
    enabled,
    recordsToPreallocate: records,
    maxSectionsPerRecord: maxSections,
    globalCapabilityInitData: field(16, u64, { doc: "Global Capability Data" }),
    globalControlInitData: field(24, u64, { doc: "Global Control Data" }),
    numHardwareBanks: field(32, u8, { doc: "Num Hardware Banks" }),
    reserved2: field(33, reserved(7), { doc: "Reserved2" }),
  },
  { spec: "ACPI 6.5 §18.3.2.1 Table 18.4" },
);

function cmcLike(name: string, spec: string) {
  return struct(
    name,
    48,
    {
      type,
      sourceId,
      reserved1: field(4, reserved(2), { doc: "Reserved1" }),
      flags,
      enabled,
      recordsToPreallocate: records,
      maxSectionsPerRecord: maxSections,
      notify: field(16, nested(NOTIFY_STRUCT), { doc: "Notify" }),
      numHardwareBanks: field(44, u8, { doc: "Num Hardware Banks" }),
      reserved2: field(45, reserved(3), { doc: "Reserved2" }),
    },
    { spec },
  );
}

export const IA32_CMC = cmcLike("IA32CorrectedMachineCheck", "ACPI 6.5 §18.3.2.2 Table 18.6");
export const IA32_DEFERRED = cmcLike("IA32DeferredMachineCheck", "ACPI 6.5 §18.3.2.9 Table 18.19");

export const IA32_NMI = struct(
  "IA32NonMaskableInterrupt",
  20,
  {
    type,
    sourceId,
    reserved: field(4, reserved(4), { doc: "Reserved" }),
    recordsToPreallocate: records,
    maxSectionsPerRecord: maxSections,
    maxRawDataLength: field(16, u32, { doc: "Max Raw Data Length" }),
  },
  { spec: "ACPI 6.5 §18.3.2.3 Table 18.7" },
);

const aerCommon = {
  type,
  sourceId,
  reserved1: field(4, reserved(2), { doc: "Reserved" }),
  flags,
  enabled,
  recordsToPreallocate: records,
  maxSectionsPerRecord: maxSections,
  bus: field(16, u32, { doc: "Bus" }),
  device: field(20, u16, { doc: "Device" }),
  function: field(22, u16, { doc: "Function" }),
  deviceControl: field(24, u16, { doc: "DeviceControl" }),
  reserved2: field(26, reserved(2), { doc: "Reserved" }),
  uncorrectableErrorMask: field(28, u32, { doc: "Uncorrectable Mask" }),
  uncorrectableErrorSeverity: field(32, u32, { doc: "Uncorrectable Severity" }),
  correctableErrorMask: field(36, u32, { doc: "Correctable Mask" }),
  advancedErrorCapabilities: field(40, u32, { doc: "Advanced Capabilities" }),
} as const;

export const AER_ROOT_PORT = struct(
  "PcieRootPortAer",
  48,
  { ...aerCommon, rootErrorCommand: field(44, u32, { doc: "Root Error Command" }) },
  { spec: "ACPI 6.5 §18.3.2.4 Table 18.8" },
);

export const AER_ENDPOINT = struct("PcieDeviceAer", 44, aerCommon, { spec: "ACPI 6.5 §18.3.2.5 Table 18.9" });

export const AER_BRIDGE = struct(
  "PcieBridgeAer",
  56,
  {
    ...aerCommon,
    secondaryUncorrectableErrorMask: field(44, u32, { doc: "2nd Uncorrectable Mask" }),
    secondaryUncorrectableErrorSeverity: field(48, u32, { doc: "2nd Uncorrectable Severity" }),
    secondaryAdvancedCapabilities: field(52, u32, { doc: "2nd Advanced Capabilities" }),
  },
  { spec: "ACPI 6.5 §18.3.2.6 Table 18.10" },
);

const ghesFields = {
  type,
  sourceId,
  relatedSourceId: field(4, u16, { doc: "Related Source Id" }),
  reserved: field(6, reserved(1), { doc: "Reserved" }),
  enabled,
  recordsToPreallocate: records,
  maxSectionsPerRecord: maxSections,
  maxRawDataLength: field(16, u32, { doc: "Max Raw Data Length" }),
  errorStatusAddress: field(20, nested(GAS), { doc: "Error Status Address" }),
  notify: field(32, nested(NOTIFY_STRUCT), { doc: "Notify" }),
  errorStatusBlockLength: field(60, u32, { doc: "Error Status Block Length" }),
} as const;

export const GHES = struct("GenericHardwareErrorSource", 64, ghesFields, { spec: "ACPI 6.5 §18.3.2.7 Table 18.11" });

export const GHES_V2 = struct(
  "GenericHardwareErrorSourceV2",
  92,
  {
    ...ghesFields,
    readAckRegister: field(64, nested(GAS), { doc: "Read Ack Register" }),
    readAckPreserve: field(76, u64, { doc: "Read Ack Preserve" }),
    readAckWrite: field(84, u64, { doc: "Read Ack Write" }),
  },
  { spec: "ACPI 6.5 §18.3.2.8 Table 18.13" },
);

/** Every known error source type, keyed by the HEST Type value. */
export const SOURCE_KINDS = {
  0: { key: "ia32-mce", name: "IA-32 Machine Check Exception", struct: IA32_MCE, banks: true, flagBits: ["FIRMWARE_FIRST", "GHES_ASSIST"] },
  1: { key: "ia32-cmc", name: "IA-32 Corrected Machine Check", struct: IA32_CMC, banks: true, flagBits: ["FIRMWARE_FIRST", "GHES_ASSIST"] },
  2: { key: "ia32-nmi", name: "IA-32 Non-Maskable Interrupt", struct: IA32_NMI, banks: false, flagBits: [] },
  6: { key: "aer-root-port", name: "PCI Express Root Port AER", struct: AER_ROOT_PORT, banks: false, flagBits: ["FIRMWARE_FIRST", "GLOBAL"] },
  7: { key: "aer-endpoint", name: "PCI Express AER (AER Endpoint)", struct: AER_ENDPOINT, banks: false, flagBits: ["FIRMWARE_FIRST", "GLOBAL"] },
  8: { key: "aer-bridge", name: "PCI Express/PCI-X Bridge AER", struct: AER_BRIDGE, banks: false, flagBits: ["FIRMWARE_FIRST", "GLOBAL"] },
  9: { key: "ghes", name: "Generic Hardware Error Source", struct: GHES, banks: false, flagBits: [] },
  10: { key: "ghesv2", name: "Generic Hardware Error Source V2", struct: GHES_V2, banks: false, flagBits: [] },
  11: { key: "ia32-deferred", name: "IA-32 Deferred Machine Check", struct: IA32_DEFERRED, banks: true, flagBits: ["FIRMWARE_FIRST", "GHES_ASSIST"] },
} as const satisfies Record<number, SourceKind>;

export interface SourceKind {
  readonly key: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogenous table of structs
  readonly struct: Struct<any>;
  /** Whether Machine Check Bank structures follow (count in numHardwareBanks). */
  readonly banks: boolean;
  readonly flagBits: readonly (keyof typeof HEST_FLAGS)[];
}

export type SourceType = keyof typeof SOURCE_KINDS;

/** iasl's flag labels. */
/**
 * iasl 20200925 decodes the AER "Global" flag from bit 0 (the same bit as
 * "Firmware First"; corpus fwts_hest-0001: Flags 02 shows Global : 0). The spec
 * (ACPI 6.5 Table 18.8, ACPICA ACPI_HEST_GLOBAL) puts GLOBAL at bit 1. Our text
 * shows the spec's bit unless the "iasl" flag reading is asked for.
 */
export type FlagReading = "spec" | "iasl";

export const FLAG_LABELS: Record<keyof typeof HEST_FLAGS, string> = {
  FIRMWARE_FIRST: "Firmware First",
  GLOBAL: "Global",
  GHES_ASSIST: "GHES Assist",
};

export function sourceKind(t: number): SourceKind | undefined {
  return (SOURCE_KINDS as Record<number, SourceKind>)[t];
}

export function sourceTypeFromKey(key: string): number | undefined {
  for (const [t, k] of Object.entries(SOURCE_KINDS)) if (k.key === key) return Number(t);
  return undefined;
}

export type McBank = Decoded<typeof MC_BANK>;
export type GhesValue = Decoded<typeof GHES>;
export type GhesV2Value = Decoded<typeof GHES_V2>;
