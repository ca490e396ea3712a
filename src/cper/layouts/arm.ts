// ARM Processor Error Section (UEFI 2.10 N.2.4.4): 40-byte header (Table N-16),
// 32-byte error information entries (Table N-17), context information
// structures (8-byte header + register array, Table N-21), then vendor bytes.
import { bitField } from "../../arch/bits.js";
import { reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { field, struct, type Decoded } from "../../layout/struct.js";

export const ArmProcessorHeader = struct(
  "ArmProcessorError",
  40,
  {
    ValidationBits: field(0, u32, { doc: "0 MPIDR, 1 ErrorAffinityLevel, 2 RunningState, 3 VendorSpecificInfo" }),
    ErrInfoNum: field(4, u16),
    ContextInfoNum: field(6, u16),
    SectionLength: field(8, u32),
    ErrorAffinityLevel: field(12, u8, { valid: 1 }),
    Reserved: field(13, reserved(3)),
    MPIDR_EL1: field(16, u64, { valid: 0 }),
    MIDR_EL1: field(24, u64),
    RunningState: field(32, u32, { valid: 2, doc: "bit 0: processor running" }),
    PSCIState: field(36, u32, { valid: 2 }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.4.4 Table N-16" },
);
export type ArmProcessorHeader = Decoded<typeof ArmProcessorHeader>;

export const ArmErrorInfo = struct(
  "ErrorInformation",
  32,
  {
    Version: field(0, u8),
    Length: field(1, u8, { doc: "32" }),
    ValidationBits: field(2, u16, { doc: "0 MultipleError, 1 Flags, 2 ErrorInformation, 3 VirtualFaultAddress, 4 PhysicalFaultAddress" }),
    Type: field(4, u8, { doc: "UEFI 2.9A+: bit 1 cache, 2 TLB, 3 bus, 4 micro-architectural" }),
    MultipleError: field(5, u16, { valid: 0 }),
    Flags: field(7, u8, { valid: 1, doc: "0 first error captured, 1 last error captured, 2 propagated, 3 overflow" }),
    ErrorInformation: field(8, u64, { valid: 2 }),
    VirtualFaultAddress: field(16, u64, { valid: 3 }),
    PhysicalFaultAddress: field(24, u64, { valid: 4 }),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.4.4.1 Table N-17" },
);
export type ArmErrorInfo = Decoded<typeof ArmErrorInfo>;

export const ArmContextHeader = struct(
  "ContextInformation",
  8,
  {
    Version: field(0, u16),
    RegisterContextType: field(2, u16),
    RegisterArraySize: field(4, u32),
  },
  { spec: "UEFI 2.10 N.2.4.4.2 Table N-21" },
);
export type ArmContextHeader = Decoded<typeof ArmContextHeader>;

/** Cache/TLB/bus error information bit fields (Tables N-18..N-20). Bits 0..11 say which are valid. */
export const ARM_ERROR_INFO = {
  TransactionType: bitField("TransactionType", 17, 16),
  Operation: bitField("Operation", 21, 18),
  Level: bitField("Level", 24, 22),
  ProcessorContextCorrupt: bitField("ProcessorContextCorrupt", 25),
  Corrected: bitField("Corrected", 26),
  PrecisePC: bitField("PrecisePC", 27),
  RestartablePC: bitField("RestartablePC", 28),
  ParticipationType: bitField("ParticipationType", 30, 29),
  TimeOut: bitField("TimeOut", 31),
  AddressSpace: bitField("AddressSpace", 33, 32),
  MemoryAttributes: bitField("MemoryAttributes", 42, 34),
  AccessMode: bitField("AccessMode", 43),
} as const;
/** The validity bit (0..11) of each field above, in the same order. */
export const ARM_ERROR_INFO_VALID: Readonly<Record<keyof typeof ARM_ERROR_INFO, number>> = {
  TransactionType: 0,
  Operation: 1,
  Level: 2,
  ProcessorContextCorrupt: 3,
  Corrected: 4,
  PrecisePC: 5,
  RestartablePC: 6,
  ParticipationType: 7,
  TimeOut: 8,
  AddressSpace: 9,
  MemoryAttributes: 10,
  AccessMode: 11,
};

/** Register array sizes per context type (Table N-21 and N.2.4.4.2.x); type 8 is variable. */
export const CONTEXT_SIZES: Readonly<Record<number, number>> = { 0: 64, 1: 96, 2: 64, 3: 8, 4: 256, 5: 136, 6: 120, 7: 80 };

/**
 * Context type 8, the miscellaneous system register structure (UEFI 2.10 N.2.4.4, Table N-26):
 * a 16-bit MRS encoding (fields below, bit 15 reserved) then the 64-bit register value: 10 bytes.
 */
export const MISC_CONTEXT_SIZE = 10;
export const MRS_ENCODING: readonly (readonly [name: string, lsb: number, width: number])[] = [
  ["op2", 0, 3],
  ["crm", 3, 4],
  ["crn", 7, 4],
  ["op1", 11, 3],
  ["o0", 14, 1],
];

/** Register names per context type, in structure order, with their width in bytes. */
export const CONTEXT_REGISTERS: Readonly<Record<number, readonly (readonly [string, 4 | 8])[]>> = {
  0: [...Array.from({ length: 13 }, (_, i) => [`r${i}`, 4] as const), ["r13_sp", 4], ["r14_lr", 4], ["r15_pc", 4]],
  1: (
    ["dfar", "dfsr", "ifar", "isr", "mair0", "mair1", "midr", "mpidr", "nmrr", "prrr", "sctlr_ns", "spsr", "spsr_abt", "spsr_fiq", "spsr_irq", "spsr_svc", "spsr_und", "tpidrprw", "tpidruro", "tpidrurw", "ttbcr", "ttbr0", "ttbr1", "dacr"] as const
  ).map((n) => [n, 4] as const),
  2: (["elr_hyp", "hamair0", "hamair1", "hcr", "hcr2", "hdfar", "hifar", "hpfar", "hsr", "htcr", "htpidr", "httbr", "spsr_hyp", "vtcr", "vttbr", "dacr32_el2"] as const).map((n) => [n, 4] as const),
  3: [
    ["sctlr_s", 4],
    ["spsr_mon", 4],
  ],
  4: [...Array.from({ length: 31 }, (_, i) => [`x${i}`, 8] as const), ["sp", 8]],
  5: (
    ["elr_el1", "esr_el1", "far_el1", "isr_el1", "mair_el1", "midr_el1", "mpidr_el1", "sctlr_el1", "sp_el0", "sp_el1", "spsr_el1", "tcr_el1", "tpidr_el0", "tpidr_el1", "tpidrro_el0", "ttbr0_el1", "ttbr1_el1"] as const
  ).map((n) => [n, 8] as const),
  6: (["elr_el2", "esr_el2", "far_el2", "hacr_el2", "hcr_el2", "hpfar_el2", "mair_el2", "sctlr_el2", "sp_el2", "spsr_el2", "tcr_el2", "tpidr_el2", "ttbr0_el2", "vtcr_el2", "vttbr_el2"] as const).map((n) => [n, 8] as const),
  7: (["elr_el3", "esr_el3", "far_el3", "mair_el3", "sctlr_el3", "sp_el3", "spsr_el3", "tcr_el3", "tpidr_el3", "ttbr0_el3"] as const).map((n) => [n, 8] as const),
};
