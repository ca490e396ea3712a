// EINJ injection and ERST serialization instruction entries (ACPI 6.5 §18.6.2
// and §18.5.1.1): 32 bytes each, the same layout in both tables (ACPICA
// acpi_whea_header); only the Action and Instruction encodings differ.

import { bitField } from "../arch/bits.js";
import { field, reserved, struct, u64, u8 } from "../layout/index.js";
import { GAS } from "./gas.js";
import { nested } from "./nested.js";

/** Flags bit 0 PRESERVE_REGISTER (ACPI 6.5 Tables 18.31/18.41; ACPICA ACPI_EINJ_PRESERVE, ACPI_ERST_PRESERVE). */
export const ENTRY_FLAGS = { PRESERVE_REGISTER: bitField("PRESERVE_REGISTER", 0) } as const;

/** EINJ actions (ACPI 6.5 §18.6.1 Table 18.35). */
export const EINJ_ACTIONS: Readonly<Record<number, string>> = {
  0: "Begin Operation",
  1: "Get Trigger Table",
  2: "Set Error Type",
  3: "Get Error Type",
  4: "End Operation",
  5: "Execute Operation",
  6: "Check Busy Status",
  7: "Get Command Status",
  8: "Set Error Type With Address",
  9: "Get Execute Timings",
  0xff: "Trigger Error",
};

/** EINJ instructions (ACPI 6.5 §18.6.2 Table 18.36). */
export const EINJ_INSTRUCTIONS: Readonly<Record<number, string>> = {
  0: "Read Register",
  1: "Read Register Value",
  2: "Write Register",
  3: "Write Register Value",
  4: "Noop",
  5: "Flush Cacheline",
};

/** ERST actions (ACPI 6.5 §18.5.1 Table 18.29). */
export const ERST_ACTIONS: Readonly<Record<number, string>> = {
  0: "Begin Write Operation",
  1: "Begin Read Operation",
  2: "Begin Clear Operation",
  3: "End Operation",
  4: "Set Record Offset",
  5: "Execute Operation",
  6: "Check Busy Status",
  7: "Get Command Status",
  8: "Get Record Identifier",
  9: "Set Record Identifier",
  10: "Get Record Count",
  11: "Begin Dummy Write",
  12: "Unused/Unknown Action",
  13: "Get Error Address Range",
  14: "Get Error Address Length",
  15: "Get Error Attributes",
  16: "Execute Timings",
};

/** ERST instructions (ACPI 6.5 §18.5.1.1 Table 18.30). */
export const ERST_INSTRUCTIONS: Readonly<Record<number, string>> = {
  0: "Read Register",
  1: "Read Register Value",
  2: "Write Register",
  3: "Write Register Value",
  4: "Noop",
  5: "Load Var1",
  6: "Load Var2",
  7: "Store Var1",
  8: "Add",
  9: "Subtract",
  10: "Add Value",
  11: "Subtract Value",
  12: "Stall",
  13: "Stall While True",
  14: "Skip Next If True",
  15: "GoTo",
  16: "Set Source Address",
  17: "Set Destination Address",
  18: "Move Data",
};

function entry(name: string, actions: Readonly<Record<number, string>>, instructions: Readonly<Record<number, string>>, spec: string) {
  return struct(
    name,
    32,
    {
      action: field(0, u8, { doc: "Action", values: actions }),
      instruction: field(1, u8, { doc: "Instruction", values: instructions }),
      flags: field(2, u8, { doc: "Flags (decoded below)", bits: ENTRY_FLAGS }),
      reserved: field(3, reserved(1), { doc: "Reserved" }),
      registerRegion: field(4, nested(GAS), { doc: "Register Region" }),
      value: field(16, u64, { doc: "Value" }),
      mask: field(24, u64, { doc: "Mask" }),
    },
    { spec },
  );
}

export const EINJ_ENTRY = entry("InjectionInstructionEntry", EINJ_ACTIONS, EINJ_INSTRUCTIONS, "ACPI 6.5 §18.6.2");
export const ERST_ENTRY = entry("SerializationInstructionEntry", ERST_ACTIONS, ERST_INSTRUCTIONS, "ACPI 6.5 §18.5.1.1");
