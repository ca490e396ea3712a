// GetPSRFromPSTATE on the hot path: the same value as src/arch/pstate.ts
// spsrFromPstate(), built with plain numbers from the field positions that
// pstate.ts declares (PSTATE_BITS). Every AArch64 SPSR field lies in [31:0].
import { PSTATE_BITS, modeBits, type Pstate } from "../arch/pstate.js";

function lsb(name: string): number {
  const f = PSTATE_BITS[name];
  if (!f || f.msb > 31) throw new Error(`src/exceptions: PSTATE field ${name} is not declared below bit 32`);
  return f.lsb;
}

const M = lsb("M"), NRW = lsb("nRW"), F = lsb("F"), I = lsb("I"), A = lsb("A"), D = lsb("D");
const BTYPE = lsb("BTYPE"), SSBS = lsb("SSBS"), IL = lsb("IL"), SS = lsb("SS"), PAN = lsb("PAN"), UAO = lsb("UAO");
const DIT = lsb("DIT"), TCO = lsb("TCO"), V = lsb("V"), C = lsb("C"), Z = lsb("Z"), N = lsb("N");

/** SPSR[31:0] for PSTATE (exception from AArch64); bits [63:32] are RES0. */
export function spsrWord(p: Pstate): number {
  return (
    ((modeBits(p.EL, p.SP) << M) |
      (p.nRW << NRW) |
      (p.F << F) |
      (p.I << I) |
      (p.A << A) |
      (p.D << D) |
      (p.BTYPE << BTYPE) |
      (p.SSBS << SSBS) |
      (p.IL << IL) |
      (p.SS << SS) |
      (p.PAN << PAN) |
      (p.UAO << UAO) |
      (p.DIT << DIT) |
      (p.TCO << TCO) |
      (p.V << V) |
      (p.C << C) |
      (p.Z << Z) |
      (p.N << N)) >>>
    0
  );
}
