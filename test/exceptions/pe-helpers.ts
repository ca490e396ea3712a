// Builds PEs for tests (register values hand-written from the register layouts in arch.md §2).
import { PSTATE_RESET_EL3, type Pstate } from "../../src/arch/pstate.js";
import { DEFAULT_FEATURES, type FeatureSet } from "../../src/arch/features.js";
import { RegisterFile } from "../../src/sysregs/register-file.js";
import { PE } from "../../src/exceptions/pe.js";

/** SCR_EL3: NS[0] | RES1[5:4] | RW[10]. */
export const SCR_NS_RW = 0x431n;
/** HCR_EL2.RW[31]. */
export const HCR_RW = 1n << 31n;
export const HCR_AMO = 1n << 5n;
export const HCR_IMO = 1n << 4n;
export const HCR_VSE = 1n << 8n;
export const HCR_TGE = 1n << 27n;
export const HCR_E2H = 1n << 34n;
export const HCR_TEA = 1n << 37n;
export const SCR_EA = 1n << 3n;
export const VBAR = { 1: 0x1_0000n, 2: 0x2_0000n, 3: 0x3_0000n } as const;

export interface PEOpts {
  features?: FeatureSet;
  scr?: bigint;
  hcr?: bigint;
  pstate?: Partial<Pstate>;
  pc?: bigint;
  trace?: boolean;
}

export function makePE(o: PEOpts = {}): PE {
  const features = o.features ?? DEFAULT_FEATURES;
  const rf = new RegisterFile({ features, reset: "zero" });
  if (features.EL3) rf.set("SCR_EL3", o.scr ?? SCR_NS_RW);
  if (features.EL2) rf.set("HCR_EL2", o.hcr ?? HCR_RW);
  rf.set("VBAR_EL1", VBAR[1]);
  if (features.EL2) rf.set("VBAR_EL2", VBAR[2]);
  if (features.EL3) rf.set("VBAR_EL3", VBAR[3]);
  return new PE(rf, { features, pstate: { ...PSTATE_RESET_EL3, D: 0, A: 0, I: 0, F: 0, ...o.pstate }, pc: o.pc ?? 0x8000n, trace: o.trace ?? true });
}
