// IA32/X64 Processor Error Section layouts (UEFI 2.10 N.2.4.2):
// section header (Table N-15), error information structure (N-16) with the
// GUID-typed check information (cache N-17, TLB N-18, bus N-19, MS N-20), and
// the processor context information structure (N-21) with the IA32 (N-22)
// and X64 (N-23) register states.

import { bitField, type BitField } from "../../arch/bits.js";
import { field, struct } from "../../layout/struct.js";
import { guid, reserved, u16, u32, u64 } from "../../layout/types.js";
import { JsonReader } from "../json/reader.js";
import { asForm, asInt, group, lib, type BoundForm } from "./json-forms.js";

export const SPEC = "UEFI 2.10 N.2.4.2";

// libcper's members of the header (cper_section_ia32x64_to_ir); the arrays after it are ia32x64.ts's.

/** "processorErrorInfoNum" / "processorContextInfoNum": ERROR_INFO_NUM (7:2) and CONTEXT_INFO_NUM (13:8) of the validation word; read back in readArrays. */
const COUNTS: BoundForm<bigint> = {
  // w: the validation word's low 32 bits (the contract passes it), so no BigInt per record.
  write: (out, _key, _vb, w) => {
    out.num("processorErrorInfoNum", (w >>> HEADER_BITS.ErrorInfoNum.lsb) & 0x3f);
    out.num("processorContextInfoNum", (w >>> HEADER_BITS.ContextInfoNum.lsb) & 0x3f);
  },
  read: () => 0n,
  text: (vb) => `0x${vb.toString(16)}`,
};

/** "cpuidInfo" {eax, ebx, ecx, edx}: the four CPUID words under validation bit 1. */
const CPUID = group("cpuidInfo", ["CpuidEbx", "CpuidEcx", "CpuidEdx"], {
  write: (out, key, f) => {
    out.begin(key);
    out.int("eax", f.CpuidEax);
    out.int("ebx", f.CpuidEbx);
    out.int("ecx", f.CpuidEcx);
    out.int("edx", f.CpuidEdx);
    out.end();
  },
  read: (j, key, p) => {
    const c = JsonReader.of(j, p).obj(key);
    return { CpuidEax: c.libU64("eax"), CpuidEbx: c.libU64("ebx"), CpuidEcx: c.libU64("ecx"), CpuidEdx: c.libU64("edx") };
  },
  text: (f) => `eax=0x${f.CpuidEax.toString(16)} ebx=0x${f.CpuidEbx.toString(16)} ecx=0x${f.CpuidEcx.toString(16)} edx=0x${f.CpuidEdx.toString(16)}`,
});

export const Ia32x64Header = struct(
  "Ia32x64ProcessorError",
  64,
  {
    ValidationBits: field(0, u64, { doc: "bit 0 LocalAPIC_ID, 1 CPUID info, 7:2 ERROR_INFO_NUM, 13:8 CONTEXT_INFO_NUM", json: lib("processorErrorInfoNum", asForm(COUNTS)) }),
    LocalApicId: field(8, u64, { valid: 0, json: lib("localAPICID", asInt()) }),
    CpuidEax: field(16, u64, { valid: 1, json: CPUID }),
    CpuidEbx: field(24, u64, { valid: 1 }),
    CpuidEcx: field(32, u64, { valid: 1 }),
    CpuidEdx: field(40, u64, { valid: 1 }),
    CpuidReserved: field(48, reserved(16)),
  },
  { validationField: "ValidationBits", spec: `${SPEC} Table N-15` },
);

export const HEADER_BITS = {
  LocalApicIdValid: bitField("LocalAPIC_ID", 0),
  CpuidValid: bitField("CPUID", 1),
  ErrorInfoNum: bitField("ERROR_INFO_NUM", 7, 2),
  ContextInfoNum: bitField("CONTEXT_INFO_NUM", 13, 8),
} as const;
export const HEADER_RESERVED = ~0x3fffn & ((1n << 64n) - 1n);

export const Ia32x64ErrorInfo = struct(
  "ProcessorErrorInfo",
  64,
  {
    ErrorStructureType: field(0, guid),
    ValidationBits: field(16, u64, { doc: "0 check info, 1 target id, 2 requestor id, 3 responder id, 4 instruction pointer" }),
    CheckInfo: field(24, u64, { valid: 0 }),
    TargetId: field(32, u64, { valid: 1 }),
    RequestorId: field(40, u64, { valid: 2 }),
    ResponderId: field(48, u64, { valid: 3 }),
    InstructionPointer: field(56, u64, { valid: 4 }),
  },
  { validationField: "ValidationBits", spec: `${SPEC} Table N-16` },
);

export const Ia32x64ContextHeader = struct(
  "ProcessorContextInfo",
  16,
  {
    RegisterContextType: field(0, u16),
    RegisterArraySize: field(2, u16),
    MsrAddress: field(4, u32),
    MmRegisterAddress: field(8, u64),
  },
  { spec: `${SPEC} Table N-21` },
);

// Error structure types (Table N-16), in Linux's order (cper_proc_error_type_strs).
export const ERROR_TYPES = [
  { kind: "cache", guid: "a55701f5-e3ef-43de-ac72-249b573fad2c", libcper: "Cache Check Error", linux: "cache error" },
  { kind: "tlb", guid: "fc06b535-5e1f-4562-9f25-0a3b9adb63c3", libcper: "TLB Check Error", linux: "TLB error" },
  { kind: "bus", guid: "1cf3f8b3-c5b1-49a2-aa59-5eef92ffa63c", libcper: "Bus Check Error", linux: "bus error" },
  { kind: "ms", guid: "48ab7f57-dc34-4f6c-a7d3-b0b5b0a74314", libcper: "MS Check Error", linux: "micro-architectural error" },
] as const;
export type CheckKind = (typeof ERROR_TYPES)[number]["kind"];

export function errorKind(g: string): CheckKind | undefined {
  return ERROR_TYPES.find((t) => t.guid === g)?.kind;
}

/** One check-information field: its validation bit (in bits 15:0) and its value bits. */
export interface CheckField {
  readonly json: string;
  readonly linux: string;
  readonly valid: number;
  readonly bits: BitField;
  readonly names?: readonly string[];
  /** Linux prints "name: true|false" (print_bool) rather than "name: n, text". */
  readonly bool?: boolean;
  /** libcper's enumeration names, when they differ from Linux's. */
  readonly libcperNames?: readonly string[];
  /** libcper's name for a value beyond its table (default "Unknown (Reserved)"). */
  readonly libcperUnknown?: string;
}

const TRANSACTION = ["Instruction", "Data Access", "Generic"];
// Linux ia_check_op_strs (cache: all 9; TLB and bus: the first 7). libcper names all 9 for every type
// (its TLB example labels operation 7 "Eviction").
const OPERATIONS_LINUX = ["generic error", "generic read", "generic write", "data read", "data write", "instruction fetch", "prefetch", "eviction", "snoop"];
const OPERATIONS_LIBCPER = ["Generic Error", "Generic Read", "Generic Write", "Data Read", "Data Write", "Instruction Fetch", "Prefetch", "Eviction", "Snoop"];
const PARTICIPATION_LINUX = ["Local Processor originated request", "Local Processor responded to request", "Local Processor observed", "Generic"];
const PARTICIPATION_LIBCPER = ["Local processor originated request", "Local processor responded to request", "Local processor observed", "Generic"];
const ADDRESS_SPACE = ["Memory Access", "Reserved", "I/O", "Other Transaction"];
const MS_ERROR_TYPES = ["No Error", "Unclassified", "Microcode ROM Parity Error", "External Error", "FRC Error", "Internal Unclassified"];

const common = (ops: number): CheckField[] => [
  { json: "transactionType", linux: "Transaction Type", valid: 0, bits: bitField("TransactionType", 17, 16), names: TRANSACTION },
  { json: "operation", linux: "Operation", valid: 1, bits: bitField("Operation", 21, 18), names: OPERATIONS_LINUX.slice(0, ops), libcperNames: OPERATIONS_LIBCPER },
  { json: "level", linux: "Level", valid: 2, bits: bitField("Level", 24, 22) },
  { json: "processorContextCorrupt", linux: "Processor Context Corrupt", valid: 3, bits: bitField("PCC", 25), bool: true },
  { json: "uncorrected", linux: "Uncorrected", valid: 4, bits: bitField("UC", 26), bool: true },
  { json: "preciseIP", linux: "Precise IP", valid: 5, bits: bitField("PreciseIP", 27), bool: true },
  { json: "restartableIP", linux: "Restartable IP", valid: 6, bits: bitField("RestartableIP", 28), bool: true },
  { json: "overflow", linux: "Overflow", valid: 7, bits: bitField("Overflow", 29), bool: true },
];

export const CHECK_FIELDS: Readonly<Record<CheckKind, readonly CheckField[]>> = {
  cache: common(9),
  tlb: common(7),
  bus: [
    ...common(7),
    { json: "participationType", linux: "Participation Type", valid: 8, bits: bitField("ParticipationType", 31, 30), names: PARTICIPATION_LINUX, libcperNames: PARTICIPATION_LIBCPER },
    { json: "timedOut", linux: "Time Out", valid: 9, bits: bitField("TimeOut", 32), bool: true },
    { json: "addressSpace", linux: "Address Space", valid: 10, bits: bitField("AddressSpace", 34, 33), names: ADDRESS_SPACE },
  ],
  ms: [
    { json: "errorType", linux: "Error Type", valid: 0, bits: bitField("ErrorType", 18, 16), names: MS_ERROR_TYPES, libcperUnknown: "Unknown (Processor Specific)" },
    { json: "processorContextCorrupt", linux: "Processor Context Corrupt", valid: 1, bits: bitField("PCC", 19), bool: true },
    { json: "uncorrected", linux: "Uncorrected", valid: 2, bits: bitField("UC", 20), bool: true },
    { json: "preciseIP", linux: "Precise IP", valid: 3, bits: bitField("PreciseIP", 21), bool: true },
    { json: "restartableIP", linux: "Restartable IP", valid: 4, bits: bitField("RestartableIP", 22), bool: true },
    { json: "overflow", linux: "Overflow", valid: 5, bits: bitField("Overflow", 23), bool: true },
  ],
};
export const CHECK_VALID_BITS = bitField("ValidationBits", 15, 0);

// Register context types (Table N-21); Linux ia_reg_ctx_strs spells type 4 "FXSAVE".
export const CONTEXT_TYPES: Readonly<Record<number, string>> = {
  0: "Unclassified Data",
  1: "MSR Registers",
  2: "32-bit Mode Execution Context",
  3: "64-bit Mode Execution Context",
  4: "FXSave Context",
  5: "32-bit Debug Registers (DR0-DR7)",
  6: "64-bit Debug Registers (DR0-DR7)",
  7: "Memory Mapped Registers",
};
// libcper's IA32X64_REGISTER_CONTEXT_TYPES_VALUES: its own spelling of types 5-7.
export const LIBCPER_CONTEXT_TYPES: Readonly<Record<number, string>> = {
  ...CONTEXT_TYPES,
  5: "32-bit Mode Debug Registers",
  6: "64-bit Mode Debug Registers",
  7: "Memory Mapper Registers",
};
// Linux: ia_reg_ctx_strs[] (arch/x86 build only: drivers/firmware/efi/cper-x86.c).
export const LINUX_CONTEXT_TYPES = [
  "Unclassified Data",
  "MSR Registers (Machine Check and other MSRs)",
  "32-bit Mode Execution Context",
  "64-bit Mode Execution Context",
  "FXSAVE Context",
  "32-bit Mode Debug Registers (DR0-DR7)",
  "64-bit Mode Debug Registers (DR0-DR7)",
  "Memory Mapped Registers",
];

// Table N-22: IA32 register state (type 2), 92 bytes. JSON names are libcper's.
export const Ia32RegisterState = struct(
  "Ia32RegisterState",
  92,
  {
    eax: field(0, u32),
    ebx: field(4, u32),
    ecx: field(8, u32),
    edx: field(12, u32),
    esi: field(16, u32),
    edi: field(20, u32),
    ebp: field(24, u32),
    esp: field(28, u32),
    cs: field(32, u16),
    ds: field(34, u16),
    ss: field(36, u16),
    es: field(38, u16),
    fs: field(40, u16),
    gs: field(42, u16),
    eflags: field(44, u32),
    eip: field(48, u32),
    cr0: field(52, u32),
    cr1: field(56, u32),
    cr2: field(60, u32),
    cr3: field(64, u32),
    cr4: field(68, u32),
    // Table N-22 gives GDTR and IDTR as two UINT32 each; libcper reads each pair as one UINT64.
    gdtr: field(72, u64),
    idtr: field(80, u64),
    ldtr: field(88, u16),
    tr: field(90, u16),
  },
  { spec: `${SPEC} Table N-22` },
);

// Table N-23: X64 register state (type 3), 244 bytes. libcper prints Rip as "eip".
export const X64RegisterState = struct(
  "X64RegisterState",
  244,
  {
    rax: field(0, u64),
    rbx: field(8, u64),
    rcx: field(16, u64),
    rdx: field(24, u64),
    rsi: field(32, u64),
    rdi: field(40, u64),
    rbp: field(48, u64),
    rsp: field(56, u64),
    r8: field(64, u64),
    r9: field(72, u64),
    r10: field(80, u64),
    r11: field(88, u64),
    r12: field(96, u64),
    r13: field(104, u64),
    r14: field(112, u64),
    r15: field(120, u64),
    cs: field(128, u16),
    ds: field(130, u16),
    ss: field(132, u16),
    es: field(134, u16),
    fs: field(136, u16),
    gs: field(138, u16),
    Reserved: field(140, reserved(4)),
    rflags: field(144, u64),
    eip: field(152, u64, { doc: "RIP" }),
    cr0: field(160, u64),
    cr1: field(168, u64),
    cr2: field(176, u64),
    cr3: field(184, u64),
    cr4: field(192, u64),
    cr8: field(200, u64),
    gdtr_0: field(208, u64),
    gdtr_1: field(216, u64),
    idtr_0: field(224, u64),
    idtr_1: field(232, u64),
    ldtr: field(240, u16),
    tr: field(242, u16),
  },
  { spec: `${SPEC} Table N-23` },
);

