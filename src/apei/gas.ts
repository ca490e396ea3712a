// Generic Address Structure (ACPI 6.5 §5.2.3.2, Table 5.1), 12 bytes.

import { field, struct, u64, u8 } from "../layout/index.js";

export const ADDRESS_SPACE_NAMES: Readonly<Record<number, string>> = {
  0: "SystemMemory",
  1: "SystemIO",
  2: "PCI_Config",
  3: "EmbeddedControl",
  4: "SMBus",
  5: "SystemCMOS",
  6: "PciBarTarget",
  7: "IPMI",
  8: "GeneralPurposeIo",
  9: "GenericSerialBus",
  10: "PCC",
  11: "PlatformRtMechanism",
  0x7f: "FunctionalFixedHw",
};

// iasl's names for Access Size (ACPI 6.5 Table 5.1: 0 undefined (legacy), 1 byte ... 4 QWord).
export const ACCESS_WIDTH_NAMES: Readonly<Record<number, string>> = {
  0: "Undefined/Legacy",
  1: "Byte Access:8",
  2: "Word Access:16",
  3: "DWord Access:32",
  4: "QWord Access:64",
};

export const GAS = struct(
  "GenericAddress",
  12,
  {
    spaceId: field(0, u8, { doc: "Space ID", values: ADDRESS_SPACE_NAMES }),
    bitWidth: field(1, u8, { doc: "Bit Width" }),
    bitOffset: field(2, u8, { doc: "Bit Offset" }),
    accessWidth: field(3, u8, { doc: "Encoded Access Width", values: ACCESS_WIDTH_NAMES }),
    address: field(4, u64, { doc: "Address" }),
  },
  { spec: "ACPI 6.5 §5.2.3.2 Table 5.1" },
);
