// PSTATE as saved in SPSR_ELx for an exception taken from AArch64
// (Arm ARM C5.2.18 SPSR_EL1; ASL GetPSRFromPSTATE; arch.md §4.2 step 4).
//
// The bit positions are declared here once. src/sysregs/registers/spsr.ts
// builds the SPSR_EL1/2/3 register declarations from PSTATE_FIELDS.
import { bitField, extractWords, toWords, type BitField } from "./bits.js";
import type { EL } from "./el.js";
import type { FeatureDep } from "./features.js";

export interface PstateFieldSpec {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  readonly desc: string;
  /** Feature the bit needs; without it the SPSR bit is RES0. */
  readonly feature?: FeatureDep;
  readonly values?: Readonly<Record<number, string>>;
}

/** AArch64 mode encodings of SPSR.M[3:0] (M[4]=0). */
export const MODE_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0b0000: "EL0t",
  0b0100: "EL1t",
  0b0101: "EL1h",
  0b1000: "EL2t",
  0b1001: "EL2h",
  0b1100: "EL3t",
  0b1101: "EL3h",
});

/** SPSR_ELx fields (exception from AArch64), lsb first. Bits not listed are RES0. */
export const PSTATE_FIELDS: readonly PstateFieldSpec[] = Object.freeze([
  { name: "M", msb: 3, lsb: 0, desc: "mode: EL and stack pointer (M[3:2]=EL, M[0]=SP)", values: MODE_NAMES },
  { name: "nRW", msb: 4, lsb: 4, desc: "M[4]: execution state (0 = AArch64, 1 = AArch32)", values: { 0: "AArch64", 1: "AArch32" } },
  { name: "F", msb: 6, lsb: 6, desc: "FIQ mask" },
  { name: "I", msb: 7, lsb: 7, desc: "IRQ mask" },
  { name: "A", msb: 8, lsb: 8, desc: "SError (asynchronous abort) mask" },
  { name: "D", msb: 9, lsb: 9, desc: "debug exception mask" },
  { name: "BTYPE", msb: 11, lsb: 10, desc: "branch type (FEAT_BTI)", feature: "FEAT_BTI" },
  { name: "SSBS", msb: 12, lsb: 12, desc: "speculative store bypass safe (FEAT_SSBS)", feature: "FEAT_SSBS" },
  { name: "IL", msb: 20, lsb: 20, desc: "illegal execution state" },
  { name: "SS", msb: 21, lsb: 21, desc: "software step" },
  { name: "PAN", msb: 22, lsb: 22, desc: "privileged access never (FEAT_PAN)", feature: "FEAT_PAN" },
  { name: "UAO", msb: 23, lsb: 23, desc: "user access override (FEAT_UAO)", feature: "FEAT_UAO" },
  { name: "DIT", msb: 24, lsb: 24, desc: "data independent timing (FEAT_DIT)", feature: "FEAT_DIT" },
  { name: "TCO", msb: 25, lsb: 25, desc: "tag check override (FEAT_MTE)", feature: "FEAT_MTE" },
  { name: "V", msb: 28, lsb: 28, desc: "overflow condition flag" },
  { name: "C", msb: 29, lsb: 29, desc: "carry condition flag" },
  { name: "Z", msb: 30, lsb: 30, desc: "zero condition flag" },
  { name: "N", msb: 31, lsb: 31, desc: "negative condition flag" },
]);

/** Precomputed BitFields of PSTATE_FIELDS, by name. */
export const PSTATE_BITS: Readonly<Record<string, BitField>> = Object.freeze(
  Object.fromEntries(PSTATE_FIELDS.map((f) => [f.name, bitField(f.name, f.msb, f.lsb)])),
);

/** PSTATE of an AArch64 context, as the pieces the exception path reads and writes. */
export interface Pstate {
  readonly EL: EL;
  /** PSTATE.SP: 0 = SP_EL0 ("t"), 1 = SP_ELx ("h"). */
  readonly SP: 0 | 1;
  readonly nRW: 0 | 1;
  readonly N: 0 | 1;
  readonly Z: 0 | 1;
  readonly C: 0 | 1;
  readonly V: 0 | 1;
  readonly D: 0 | 1;
  readonly A: 0 | 1;
  readonly I: 0 | 1;
  readonly F: 0 | 1;
  readonly IL: 0 | 1;
  readonly SS: 0 | 1;
  readonly PAN: 0 | 1;
  readonly UAO: 0 | 1;
  readonly DIT: 0 | 1;
  readonly SSBS: 0 | 1;
  readonly TCO: 0 | 1;
  readonly BTYPE: 0 | 1 | 2 | 3;
}

export const PSTATE_RESET_EL3: Pstate = Object.freeze({
  EL: 3, SP: 1, nRW: 0, N: 0, Z: 0, C: 0, V: 0, D: 1, A: 1, I: 1, F: 1,
  IL: 0, SS: 0, PAN: 0, UAO: 0, DIT: 0, SSBS: 0, TCO: 0, BTYPE: 0,
});

/** SPSR.M[3:0] for an EL and stack-pointer selection (EL1h = 0b0101). */
export function modeBits(el: EL, sp: 0 | 1): number {
  return (el << 2) | (el === 0 ? 0 : sp);
}

/** Name of an AArch64 SPSR.M[3:0] value ("EL1h"), or undefined when reserved (e.g. 0b0001). */
export function modeName(m: number): string | undefined {
  return MODE_NAMES[m & 0xf];
}

const B = PSTATE_BITS as Record<string, BitField>;
function bit(name: string): BitField {
  return B[name]!;
}

/** Position (lsb) and in-place mask of a PSTATE field that lies in SPSR[31:0]. */
function low(name: string): readonly [number, number] {
  const f = bit(name);
  if (f.msb > 31) throw new Error(`PSTATE field ${name} is not declared below bit 32`);
  return [f.lsb, f.loMask];
}
const [M_L, M_M] = low("M"), [NRW_L, NRW_M] = low("nRW"), [F_L, F_M] = low("F"), [I_L, I_M] = low("I");
const [A_L, A_M] = low("A"), [D_L, D_M] = low("D"), [BT_L, BT_M] = low("BTYPE"), [SSBS_L, SSBS_M] = low("SSBS");
const [IL_L, IL_M] = low("IL"), [SS_L, SS_M] = low("SS"), [PAN_L, PAN_M] = low("PAN"), [UAO_L, UAO_M] = low("UAO");
const [DIT_L, DIT_M] = low("DIT"), [TCO_L, TCO_M] = low("TCO"), [V_L, V_M] = low("V"), [C_L, C_M] = low("C");
const [Z_L, Z_M] = low("Z"), [N_L, N_M] = low("N");

/**
 * SPSR[31:0] for a PSTATE (ASL GetPSRFromPSTATE, AArch64 source), as a uint32; bits
 * [63:32] are RES0. Each value is placed like insertLo() does: shifted to the
 * field's lsb and masked to its width.
 */
export function spsrWord(p: Pstate): number {
  return (
    (((modeBits(p.EL, p.SP) << M_L) & M_M) |
      ((p.nRW << NRW_L) & NRW_M) |
      ((p.F << F_L) & F_M) |
      ((p.I << I_L) & I_M) |
      ((p.A << A_L) & A_M) |
      ((p.D << D_L) & D_M) |
      ((p.BTYPE << BT_L) & BT_M) |
      ((p.SSBS << SSBS_L) & SSBS_M) |
      ((p.IL << IL_L) & IL_M) |
      ((p.SS << SS_L) & SS_M) |
      ((p.PAN << PAN_L) & PAN_M) |
      ((p.UAO << UAO_L) & UAO_M) |
      ((p.DIT << DIT_L) & DIT_M) |
      ((p.TCO << TCO_L) & TCO_M) |
      ((p.V << V_L) & V_M) |
      ((p.C << C_L) & C_M) |
      ((p.Z << Z_L) & Z_M) |
      ((p.N << N_L) & N_M)) >>>
    0
  );
}

/** SPSR value for a PSTATE (ASL GetPSRFromPSTATE, AArch64 source): spsrWord() as a 64-bit value. */
export function spsrFromPstate(p: Pstate): bigint {
  return BigInt(spsrWord(p));
}

export type ParsedSpsr =
  | { readonly ok: true; readonly pstate: Pstate }
  | { readonly ok: false; readonly error: string };

/**
 * PSTATE restored from an SPSR value by an exception return to AArch64.
 * Returns an error (never throws) for values an ERET treats as an illegal
 * return: M[4]=1 (AArch32, not modelled here) or a reserved M encoding.
 */
export function pstateFromSpsr(spsr: bigint): ParsedSpsr {
  const [lo] = toWords(spsr);
  const g = (name: string): number => extractWords(lo, 0, bit(name));
  if (g("nRW") !== 0) return { ok: false, error: "SPSR.M[4]=1: AArch32 state is not modelled" };
  const m = g("M");
  if (modeName(m) === undefined) return { ok: false, error: `SPSR.M[3:0]=0b${m.toString(2).padStart(4, "0")} is a reserved mode` };
  const b = (name: string): 0 | 1 => (g(name) & 1) as 0 | 1;
  return {
    ok: true,
    pstate: Object.freeze({
      EL: (m >> 2) as EL,
      SP: (m & 1) as 0 | 1,
      nRW: 0,
      N: b("N"), Z: b("Z"), C: b("C"), V: b("V"),
      D: b("D"), A: b("A"), I: b("I"), F: b("F"),
      IL: b("IL"), SS: b("SS"), PAN: b("PAN"), UAO: b("UAO"),
      DIT: b("DIT"), SSBS: b("SSBS"), TCO: b("TCO"),
      BTYPE: g("BTYPE") as 0 | 1 | 2 | 3,
    }),
  };
}
