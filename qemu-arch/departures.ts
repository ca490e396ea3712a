// QEMU 7.2's known departures from Arm's pseudocode (../shared/reference/exceptions-under-qemu.md),
// as a named list. A case listed here is still run and compared: the suite asserts our value,
// QEMU's value and that the difference is exactly the one described (QEMU's values must equal
// the model run on the transformed scenario, with the listed register differences accepted).
// A listed departure that QEMU no longer shows fails the suite (the list must stay true).

/** A take scenario as JSON (qemu-arch/program.ts scenario()). */
type Scenario = Record<string, unknown> & { registers: Record<string, string>; events: Record<string, unknown>[] };

export interface Departure {
  readonly id: string;
  readonly title: string;
  /** Why QEMU differs (and where it was fixed, if it was). */
  readonly reason: string;
  /** Cases (by name) it applies to, on every CPU the case runs on. */
  readonly cases: readonly string[];
  /** The scenario QEMU behaves like (what it ignores or does instead). */
  readonly transform?: (s: Scenario) => void;
  /** Register differences accepted after the transform: true when QEMU's value is the described departure from ours. */
  readonly accept?: (key: string, ours: bigint, qemu: bigint) => boolean;
  /** QEMU's values built from ours, when QEMU takes the exception somewhere the model cannot (a lower EL). */
  readonly expectAs?: (ours: Map<string, string>) => Map<string, string>;
}

/** The keys of ours recorded at EL `from`, renamed to EL `to` (ESR/ELR/SPSR/FAR), with CURRENTEL = `to`. */
function movedTo(ours: Map<string, string>, from: number, to: number, extra: Record<string, string> = {}): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of ours) {
    const x = new RegExp(`^(ESR|ELR|SPSR|FAR)_EL${from}$`).exec(k);
    if (x) m.set(`${x[1]}_EL${to}`, v);
    else if (k === "CURRENTEL") m.set(k, `0x${(to << 2).toString(16)}`);
    else if (k === "SCR_EL3" && to < 3) continue;
    else m.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
}

const clearBits = (v: string, bits: bigint) => `0x${(BigInt(v) & ~bits).toString(16)}`;
const SCR_EA = 1n << 3n, HCR_TEA = 1n << 37n;
/** ESR ISS bits [24:14]: ISV, SAS, SSE, SRT, SF, AR (the instruction-syndrome group). */
const ISV_GROUP = 0x1ffc000n;

export const DEPARTURES: readonly Departure[] = [
  {
    id: "QEMU-EA-ROUTING",
    title: "External-abort routing by SCR_EL3.EA and HCR_EL2.TEA is not implemented",
    reason:
      "QEMU's fault delivery picks the target from the current EL and HCR_EL2.TGE only; Arm's AArch64.DataAbort routes to EL3 when SCR_EL3.EA=1 and to EL2 when FEAT_RAS and HCR_EL2.TEA=1 (still so in current upstream QEMU)",
    cases: ["sea-ldr-el1-scr-ea", "sea-ldr-el0-scr-ea", "sea-ldr-el1-hcr-tea", "sea-ldr-el2-scr-ea"],
    transform: (s) => {
      s.registers["SCR_EL3"] = clearBits(s.registers["SCR_EL3"]!, SCR_EA);
      s.registers["HCR_EL2"] = clearBits(s.registers["HCR_EL2"]!, HCR_TEA);
    },
    // QEMU still holds the bits it ignores.
    accept: (key, ours, qemu) => (key === "SCR_EL3" && (ours | SCR_EA) === qemu) || (key === "HCR_EL2" && (ours | HCR_TEA) === qemu),
  },
  {
    id: "QEMU-ISV-STAGE1-EL2",
    title: "ESR_EL2 for a stage-1 External abort taken from EL2 to EL2 has ISV=1",
    reason:
      "QEMU 7.2 fills ISV/SAS/SRT/SF for this stage-1 abort; Arm sets the instruction-syndrome group only for stage-2 aborts (fixed upstream in 2023: \"Don't set ISV when reporting stage 1 faults in ESR_EL2\")",
    cases: ["sea-ldr-el2h", "sea-str-el2h", "sea-ldr-el2-scr-ea"],
    accept: (key, ours, qemu) => key === "ESR_EL2" && (qemu & (1n << 24n)) !== 0n && (ours & (1n << 24n)) === 0n && (ours & ~ISV_GROUP) === (qemu & ~ISV_GROUP),
  },
  {
    id: "QEMU-NO-ERROR-RECORDS",
    title: "No RAS error records: ERRSELR_EL1 and ERX*_EL1 are not implemented",
    reason:
      "QEMU implements ERRIDR_EL1 (NUM=0) but not ERRSELR_EL1/ERX*_EL1, so ERXSTATUS_EL1 at EL1 is an unallocated encoding (UNDEFINED, EC 0x00 at EL1) even with HCR_EL2.TERR=1, where Arm traps it to EL2 with EC 0x18 first",
    cases: ["terr-mrs-erxstatus-el1"],
    // QEMU behaves as for an MRS of a register EL1 cannot access (UNDEFINED at EL1, same PC).
    transform: (s) => {
      for (const e of s.events) if (e["op"] === "mrs" && e["reg"] === "ERXSTATUS_EL1") e["reg"] = "ESR_EL2";
    },
  },
];

export const MORE_DEPARTURES: readonly Departure[] = [
  {
    id: "QEMU-HVC-AT-EL3",
    title: "HVC executed at EL3 is taken to EL2",
    reason:
      "found by this suite (not in the reference sheet): QEMU 7.2's translator raises EXCP_HVC with target EL 2 whatever the current EL (target/arm translate-a64.c disas_exc: gen_exception_insn_el(..., EXCP_HVC, syn_aa64_hvc(imm16), 2)), so an HVC at EL3 enters EL2 from above; Arm's AArch64.CallHypervisor takes it to EL3 when PSTATE.EL is EL3 (later QEMU's trans_HVC uses target EL 3 at EL3)",
    cases: ["hvc-el3"],
    expectAs: (ours) => movedTo(ours, 3, 2),
  },
  {
    id: "QEMU-HVC-SECURE-EL1",
    title: "HVC at Secure EL1 (no Secure EL2 enabled) is taken to EL2 instead of UNDEFINED",
    reason:
      "found by this suite (not in the reference sheet): Arm's HVC pseudocode is UNDEFINED when PSTATE.EL is EL1 and EL2 is not enabled (Secure state, SCR_EL3.EEL2=0); QEMU 7.2's pre_hvc has its secure flag hard-wired to false ('FIXME: Use actual secure state') and checks only SCR_EL3.HCE, so the HVC is taken to EL2 (ESR EC 0x16, ELR the next instruction), through the lower-EL AArch32 vector (+0x600)",
    cases: ["hvc-el1-secure-undef"],
    expectAs: (ours) => {
      const elr = BigInt(ours.get("ELR_EL1")!) + 4n;
      return movedTo(ours, 1, 2, { VECTOR: "0x600", ESR_EL2: "0x5a000006", ELR_EL2: `0x${elr.toString(16)}` });
    },
  },
  {
    id: "QEMU-DAIF-TRAP-ISS",
    title: "MSR DAIFSet/DAIFClr trapped at EL0 (SCTLR_EL1.UMA=0) reports Op1 and Op2 swapped in ESR_EL1.ISS",
    reason:
      "found by this suite (not in the reference sheet): QEMU's daif_check builds the syndrome with syn_aa64_sysregtrap(0, extract32(op, 0, 3), extract32(op, 3, 3), ...), passing op2 as Op1 and op1 as Op2; Arm's EC 0x18 ISS has Op2 in [19:17] and Op1 in [16:14] (MSR DAIFClr: op1=0b011, op2=0b111)",
    cases: ["msr-daifset-el0-uma0"],
    accept: (key, ours, qemu) => {
      if (key !== "ESR_EL1") return false;
      const op2 = (ours >> 17n) & 7n, op1 = (ours >> 14n) & 7n;
      return ((ours & ~(0x3fn << 14n)) | (op1 << 17n) | (op2 << 14n)) === qemu;
    },
  },
];

export function departuresOf(caseName: string): Departure[] {
  return [...DEPARTURES, ...MORE_DEPARTURES].filter((d) => d.cases.includes(caseName));
}
