// Adapter: architectural exception entries come from the PE model (src/exceptions
// AArch64.TakeException on a src/sysregs RegisterFile): EC/IL, SPSR, ELR, FAR, ESR,
// HPFAR and the vector are the PE's, read back from its registers after the entry.
import { hex } from "../../arch/bits.js";
import type { EL } from "../../arch/el.js";
import type { FeatureSet } from "../../arch/features.js";
import type { Pstate } from "../../arch/pstate.js";
import { PE, takeException as peTakeException, type ExceptionType } from "../../exceptions/index.js";
import { RegisterFile } from "../../sysregs/register-file.js";
import { UNKNOWN } from "../../sysregs/types.js";

export type EntryKind = "sync" | "SError" | "IRQ" | "vSError";

export interface EntryInput {
  readonly from: EL;
  readonly target: EL;
  readonly kind: EntryKind;
  /** ESR value to report (its EC/IL are recomputed by the PE and must agree). */
  readonly esr?: bigint;
  /** FAR value; undefined = UNKNOWN (SError, or ESR.FnV=1). */
  readonly far?: bigint;
  /** IPA for HPFAR_EL2 (stage-2 aborts taken to EL2). */
  readonly ipa?: bigint;
  /** Preferred return address. */
  readonly pc: bigint;
  /** VBAR_<target>. */
  readonly vbar: bigint;
  /** SCR_EL3 / HCR_EL2 in force (decide the vector's "lower EL" form). */
  readonly scr: bigint;
  readonly hcr: bigint;
}

export interface EntryResult {
  /** Registers written, as the PE holds them after the entry. */
  readonly regs: Readonly<Record<string, string>>;
  readonly vector: bigint;
  readonly summary: string;
}

/** The interrupted context's PSTATE: EL0 with everything unmasked, or ELx on SP_ELx with DAIF clear. */
export function contextPstate(el: EL): Pstate {
  return Object.freeze({
    EL: el, SP: el === 0 ? 0 : 1, nRW: 0, N: 0, Z: 0, C: 0, V: 0, D: 0, A: 0, I: 0, F: 0,
    IL: 0, SS: 0, PAN: el === 1 ? 1 : 0, UAO: 0, DIT: 0, SSBS: 0, TCO: 0, BTYPE: 0,
  });
}

const TYPE: Record<EntryKind, ExceptionType> = { sync: "DataAbort", SError: "SError", IRQ: "IRQ", vSError: "vSError" };

/** One PE per feature set, reused across entries (registers are rewritten for each). */
export class EntryModel {
  private readonly rf: RegisterFile;
  private readonly pe: PE;

  constructor(readonly features: FeatureSet) {
    this.rf = new RegisterFile({ features });
    this.pe = new PE(this.rf, { features, trace: false });
  }

  /** ERR<n>STATUS fields as the register file declares them (arch.md §2.7), for a value a node wrote. */
  errStatus(n: number, value: bigint, fields: readonly string[]): Record<string, number> {
    const name = `ERR${n}STATUS`;
    this.rf.set(name, value);
    return Object.fromEntries(fields.map((f) => [f, Number(this.rf.getField(name, f))]));
  }

  take(i: EntryInput): EntryResult {
    const { rf, pe } = this;
    const t = i.target;
    if (this.features.EL3) rf.set("SCR_EL3", i.scr);
    if (this.features.EL2) rf.set("HCR_EL2", i.hcr);
    rf.set(`VBAR_EL${t}`, i.vbar);
    pe.invalidate();
    pe.pstate = contextPstate(i.from);
    pe.pc = i.pc;
    const iss = i.esr === undefined ? 0 : Number(i.esr & 0x1ff_ffffn);
    peTakeException(pe, t, { type: TYPE[i.kind], iss, vaddress: i.far ?? UNKNOWN, preferredReturn: i.pc }, "simulated", () => {});
    const regs: Record<string, string> = {};
    const show = (name: string, digits: number): string => (rf.isUnknown(name) ? "UNKNOWN" : hex(rf.read(name), digits));
    if (i.kind !== "IRQ") {
      regs[`ESR_EL${t}`] = show(`ESR_EL${t}`, 8);
      regs[`FAR_EL${t}`] = i.far === undefined ? "UNKNOWN" : show(`FAR_EL${t}`, 16);
      if (t === 2 && i.ipa !== undefined) regs["HPFAR_EL2"] = hex((i.ipa >> 12n) << 4n, 16);
    }
    regs[`SPSR_EL${t}`] = show(`SPSR_EL${t}`, 8);
    regs[`ELR_EL${t}`] = show(`ELR_EL${t}`, 16);
    regs["PSTATE"] = `EL${pe.pstate.EL}${pe.pstate.SP ? "h" : "t"}, DAIF=${pe.pstate.D}${pe.pstate.A}${pe.pstate.I}${pe.pstate.F}`;
    regs["PC"] = hex(pe.pc, 16);
    const off = pe.pc - (i.vbar & ~0x7ffn);
    const from = i.from === t ? `current EL${i.from}` : `EL${i.from}`;
    return { regs, vector: pe.pc, summary: `${i.kind} exception from ${from} taken to EL${t} at VBAR_EL${t}+0x${off.toString(16)}` };
  }
}

const models = new WeakMap<FeatureSet, EntryModel>();

/** The entry model for a feature set (the register file is rewritten for each entry, so it is shared). */
export function entryModel(features: FeatureSet): EntryModel {
  let m = models.get(features);
  if (!m) {
    m = new EntryModel(features);
    models.set(features, m);
  }
  return m;
}

/** Default vector bases (Linux's vectors in the kernel image, KVM's hyp vectors, TF-A's runtime vectors). */
export const VBAR = { 1: 0xffff_8000_0801_0800n, 2: 0xffff_8000_0940_0000n, 3: 0x0000_0000_0401_7000n } as const;
