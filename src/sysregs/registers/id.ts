// MIDR_EL1 and MPIDR_EL1 (Arm ARM D17; read-only identification). Implementer and part
// numbers of common Arm server cores as Linux names them (arch/arm64/include/asm/cputype.h
// ARM_CPU_IMP_* / *_CPU_PART_*). The reset values are those of the default core
// (Neoverse N1 r4p1, MPIDR Aff0=0); RegisterFileConfig.midr/mpidr give another core's.
import { defineRegister, type FieldSpec } from "../decl.js";
import { enc } from "./enc.js";

/** MIDR_EL1.Implementer codes (cputype.h ARM_CPU_IMP_*). */
export const MIDR_IMPLEMENTERS: Readonly<Record<number, string>> = {
  0x00: "reserved for software use (QEMU -cpu max)",
  0x41: "Arm Limited",
  0x42: "Broadcom",
  0x43: "Cavium",
  0x46: "Fujitsu",
  0x48: "HiSilicon",
  0x4e: "NVIDIA",
  0x50: "Applied Micro (APM)",
  0x51: "Qualcomm",
  0x61: "Apple",
  0x6d: "Microsoft",
  0xc0: "Ampere Computing",
};

/** Part numbers by implementer (cputype.h *_CPU_PART_*), for the server and common cores. */
export const MIDR_PARTS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  0x41: {
    0xd03: "Cortex-A53", 0xd04: "Cortex-A35", 0xd05: "Cortex-A55", 0xd07: "Cortex-A57", 0xd08: "Cortex-A72",
    0xd09: "Cortex-A73", 0xd0a: "Cortex-A75", 0xd0b: "Cortex-A76", 0xd0c: "Neoverse N1", 0xd0d: "Cortex-A77",
    0xd40: "Neoverse V1", 0xd41: "Cortex-A78", 0xd44: "Cortex-X1", 0xd46: "Cortex-A510", 0xd47: "Cortex-A710",
    0xd48: "Cortex-X2", 0xd49: "Neoverse N2", 0xd4a: "Neoverse E1", 0xd4f: "Neoverse V2", 0xd81: "Cortex-A720",
    0xd84: "Neoverse V3", 0xd8e: "Neoverse N3",
  },
  0x42: { 0x516: "Vulcan (ThunderX2)" },
  0x43: { 0x0a1: "ThunderX", 0x0a2: "ThunderX 81xx", 0x0a3: "ThunderX 83xx", 0x0af: "ThunderX2" },
  0x46: { 0x001: "A64FX" },
  0x48: { 0xd01: "TSV110 (Kunpeng 920)" },
  0x4e: { 0x000: "Denver", 0x003: "Denver 2", 0x004: "Carmel" },
  0x50: { 0x000: "X-Gene" },
  0x51: { 0x800: "Falkor v1", 0xc00: "Falkor" },
  0xc0: { 0xac3: "AmpereOne", 0xac4: "AmpereOne AC04" },
};

const partViews = Object.entries(MIDR_PARTS).map(([imp, parts]) => ({
  when: { field: "Implementer", equals: Number(imp) },
  fields: [{ name: "Part", msb: 15, lsb: 4, access: "RO", desc: `part of ${MIDR_IMPLEMENTERS[Number(imp)]}`, values: parts }] as FieldSpec[],
}));

export const MIDR_EL1 = defineRegister({
  name: "MIDR_EL1",
  width: 64,
  desc: "Main ID Register (implementer, part, variant, revision)",
  minEL: 1,
  encoding: enc(3, 0, 0, 0, 0),
  readOnly: true,
  fields: [
    { name: "Revision", msb: 3, lsb: 0, access: "RO", reset: 1, desc: "revision (the p in rNpM)" },
    { name: "PartNum", msb: 15, lsb: 4, access: "RO", reset: 0xd0c, desc: "primary part number (implementer-defined)" },
    { name: "Architecture", msb: 19, lsb: 16, access: "RO", reset: 0xf, desc: "architecture", values: { 0xf: "defined by the ID registers" } },
    { name: "Variant", msb: 23, lsb: 20, access: "RO", reset: 4, desc: "variant (the r in rNpM)" },
    { name: "Implementer", msb: 31, lsb: 24, access: "RO", reset: 0x41, desc: "implementer code", values: MIDR_IMPLEMENTERS },
  ],
  views: partViews,
});

export const MPIDR_EL1 = defineRegister({
  name: "MPIDR_EL1",
  width: 64,
  desc: "Multiprocessor Affinity Register",
  minEL: 1,
  encoding: enc(3, 0, 0, 0, 5),
  readOnly: true,
  fields: [
    { name: "Aff0", msb: 7, lsb: 0, access: "RO", reset: 0, desc: "affinity level 0 (thread, or core when MT=0)" },
    { name: "Aff1", msb: 15, lsb: 8, access: "RO", reset: 0, desc: "affinity level 1" },
    { name: "Aff2", msb: 23, lsb: 16, access: "RO", reset: 0, desc: "affinity level 2" },
    { name: "MT", msb: 24, access: "RO", reset: 0, desc: "lowest affinity level is a thread of a multithreaded core", values: { 0: "Aff0 is a core", 1: "Aff0 is a thread (multithreaded)" } },
    { name: "U", msb: 30, access: "RO", reset: 0, desc: "uniprocessor system", values: { 0: "part of a multiprocessor system", 1: "uniprocessor" } },
    { name: "RES1_31", msb: 31, access: "RES1", desc: "RES1" },
    { name: "Aff3", msb: 39, lsb: 32, access: "RO", reset: 0, desc: "affinity level 3" },
  ],
});
