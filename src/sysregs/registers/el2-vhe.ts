// EL2 registers whose format follows HCR_EL2.E2H (FEAT_VHE), Armv8.2 fields (Arm ARM
// D17 CPTR_EL2, CNTHCTL_EL2, TCR_EL2; TF-A CPTR_EL2_RES1 = bits [13:12] and [9:0]).
// `fields` is the E2H=0 format; `e2hLayout` the E2H=1 one (that of CPACR_EL1,
// CNTKCTL_EL1 plus the EL1 timer controls, TCR_EL1). The register file reads and
// writes with the layout in force.
import { defineRegister } from "../decl.js";
import { enc } from "./enc.js";

const CPTR_EL2_E2H = defineRegister({
  name: "CPTR_EL2",
  width: 64,
  desc: "Architectural Feature Trap Register (EL2), HCR_EL2.E2H=1 layout (the CPACR_EL1 format)",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 1, 1, 2),
  fields: [
    { name: "FPEN", msb: 21, lsb: 20, access: "RW", desc: "trap FP/SIMD at EL0/EL2 (0b11: not trapped)", values: { 0: "EL0 and EL2 trapped", 1: "EL0 trapped (TGE=1)", 2: "EL0 and EL2 trapped", 3: "not trapped" } },
    { name: "TTA", msb: 28, access: "RW", desc: "trap trace register accesses" },
    { name: "TCPAC", msb: 31, access: "RW", desc: "trap CPACR_EL1 accesses from EL1 to EL2" },
  ],
});

export const CPTR_EL2 = defineRegister({
  name: "CPTR_EL2",
  width: 64,
  desc: "Architectural Feature Trap Register (EL2), HCR_EL2.E2H=0 layout (E2H=1: the CPACR_EL1 format)",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 1, 1, 2),
  e2hLayout: CPTR_EL2_E2H,
  fields: [
    { name: "RES1_7_0", msb: 7, lsb: 0, access: "RES1", desc: "RES1" },
    { name: "TZ", msb: 8, access: "RES1", desc: "RES1 without FEAT_SVE (trap SVE)" },
    { name: "RES1_9", msb: 9, access: "RES1", desc: "RES1" },
    { name: "TFP", msb: 10, access: "RW", desc: "trap FP/SIMD accesses to EL2" },
    { name: "RES1_13_12", msb: 13, lsb: 12, access: "RES1", desc: "RES1" },
    { name: "TTA", msb: 20, access: "RW", desc: "trap trace register accesses" },
    { name: "TCPAC", msb: 31, access: "RW", desc: "trap CPACR_EL1 accesses from EL1 to EL2" },
  ],
});

const EVENT_FIELDS = [
  { name: "EVNTEN", msb: 2, access: "RW", desc: "event stream enable" },
  { name: "EVNTDIR", msb: 3, access: "RW", desc: "event stream trigger on a 0->1 (0) or 1->0 (1) transition" },
  { name: "EVNTI", msb: 7, lsb: 4, access: "RW", desc: "counter bit that triggers the event stream" },
] as const;

const CNTHCTL_EL2_E2H = defineRegister({
  name: "CNTHCTL_EL2",
  width: 64,
  desc: "Counter-timer Hypervisor Control (EL2), HCR_EL2.E2H=1 layout",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 14, 1, 0),
  fields: [
    { name: "EL0PCTEN", msb: 0, access: "RW", desc: "EL0 access to the physical counter" },
    { name: "EL0VCTEN", msb: 1, access: "RW", desc: "EL0 access to the virtual counter" },
    ...EVENT_FIELDS,
    { name: "EL0VTEN", msb: 8, access: "RW", desc: "EL0 access to the virtual timer" },
    { name: "EL0PTEN", msb: 9, access: "RW", desc: "EL0 access to the physical timer" },
    { name: "EL1PCTEN", msb: 10, access: "RW", desc: "EL0/EL1 access to the physical counter (TGE=0)" },
    { name: "EL1PCEN", msb: 11, access: "RW", desc: "EL0/EL1 access to the physical timer (TGE=0)" },
  ],
});

export const CNTHCTL_EL2 = defineRegister({
  name: "CNTHCTL_EL2",
  width: 64,
  desc: "Counter-timer Hypervisor Control (EL2), HCR_EL2.E2H=0 layout",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 14, 1, 0),
  e2hLayout: CNTHCTL_EL2_E2H,
  fields: [
    { name: "EL1PCTEN", msb: 0, access: "RW", desc: "EL0/EL1 access to the physical counter" },
    { name: "EL1PCEN", msb: 1, access: "RW", desc: "EL0/EL1 access to the physical timer" },
    ...EVENT_FIELDS,
  ],
});

const TCR_EL2_E2H = defineRegister({
  name: "TCR_EL2",
  width: 64,
  desc: "Translation Control Register (EL2), HCR_EL2.E2H=1 layout (the TCR_EL1 format, two VA ranges)",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 2, 0, 2),
  fields: [
    { name: "T0SZ", msb: 5, lsb: 0, access: "RW", desc: "size offset of the TTBR0_EL2 region" },
    { name: "EPD0", msb: 7, access: "RW", desc: "no TTBR0_EL2 walks" },
    { name: "IRGN0", msb: 9, lsb: 8, access: "RW", desc: "inner cacheability (TTBR0 walks)" },
    { name: "ORGN0", msb: 11, lsb: 10, access: "RW", desc: "outer cacheability (TTBR0 walks)" },
    { name: "SH0", msb: 13, lsb: 12, access: "RW", desc: "shareability (TTBR0 walks)" },
    { name: "TG0", msb: 15, lsb: 14, access: "RW", desc: "TTBR0 granule size" },
    { name: "T1SZ", msb: 21, lsb: 16, access: "RW", desc: "size offset of the TTBR1_EL2 region" },
    { name: "A1", msb: 22, access: "RW", desc: "ASID from TTBR1 (1) or TTBR0 (0)" },
    { name: "EPD1", msb: 23, access: "RW", desc: "no TTBR1_EL2 walks" },
    { name: "IRGN1", msb: 25, lsb: 24, access: "RW", desc: "inner cacheability (TTBR1 walks)" },
    { name: "ORGN1", msb: 27, lsb: 26, access: "RW", desc: "outer cacheability (TTBR1 walks)" },
    { name: "SH1", msb: 29, lsb: 28, access: "RW", desc: "shareability (TTBR1 walks)" },
    { name: "TG1", msb: 31, lsb: 30, access: "RW", desc: "TTBR1 granule size" },
    { name: "IPS", msb: 34, lsb: 32, access: "RW", desc: "intermediate physical address size" },
    { name: "AS", msb: 36, access: "RW", desc: "ASID size (16 bits when 1)" },
    { name: "TBI0", msb: 37, access: "RW", desc: "top byte ignored (TTBR0 region)" },
    { name: "TBI1", msb: 38, access: "RW", desc: "top byte ignored (TTBR1 region)" },
    { name: "HA", msb: 39, access: "RW", desc: "hardware Access flag update" },
    { name: "HD", msb: 40, access: "RW", desc: "hardware dirty state management" },
    { name: "HPD0", msb: 41, access: "RW", desc: "hierarchical permissions disabled (TTBR0)" },
    { name: "HPD1", msb: 42, access: "RW", desc: "hierarchical permissions disabled (TTBR1)" },
    { name: "HWU", msb: 50, lsb: 43, access: "RW", desc: "hardware use of descriptor bits 59..62 (TTBR0, TTBR1)" },
  ],
});

export const TCR_EL2 = defineRegister({
  name: "TCR_EL2",
  width: 64,
  desc: "Translation Control Register (EL2), HCR_EL2.E2H=0 layout (one VA range)",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 2, 0, 2),
  e2hLayout: TCR_EL2_E2H,
  fields: [
    { name: "T0SZ", msb: 5, lsb: 0, access: "RW", desc: "size offset of the TTBR0_EL2 region" },
    { name: "IRGN0", msb: 9, lsb: 8, access: "RW", desc: "inner cacheability (walks)" },
    { name: "ORGN0", msb: 11, lsb: 10, access: "RW", desc: "outer cacheability (walks)" },
    { name: "SH0", msb: 13, lsb: 12, access: "RW", desc: "shareability (walks)" },
    { name: "TG0", msb: 15, lsb: 14, access: "RW", desc: "granule size" },
    { name: "PS", msb: 18, lsb: 16, access: "RW", desc: "physical address size" },
    { name: "TBI", msb: 20, access: "RW", desc: "top byte ignored" },
    { name: "HA", msb: 21, access: "RW", desc: "hardware Access flag update" },
    { name: "HD", msb: 22, access: "RW", desc: "hardware dirty state management" },
    { name: "RES1_23", msb: 23, access: "RES1", desc: "RES1" },
    { name: "HPD", msb: 24, access: "RW", desc: "hierarchical permissions disabled" },
    { name: "HWU", msb: 28, lsb: 25, access: "RW", desc: "hardware use of descriptor bits 59..62" },
    { name: "RES1_31", msb: 31, access: "RES1", desc: "RES1" },
  ],
});
