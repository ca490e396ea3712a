// The conformance cases: each is one bare-metal program under QEMU and one `armras take`
// scenario. A case sets SCR_EL3/HCR_EL2/SCTLR/VSESR at EL3, drops to its EL with ERET (or
// stays at EL3), runs its actions, and the first exception taken is recorded and compared.
import type { EL } from "../src/arch/el.js";

export type Cpu = "max" | "cortex-a57";
/** The armras core preset for each QEMU CPU model. */
export const CORE_OF: Readonly<Record<Cpu, string>> = { max: "max", "cortex-a57": "cortex-a57" };

/** Instructions a case executes at its EL (each is one armras take event). */
export type Action =
  | { readonly op: "ldr" | "str"; readonly addr: bigint }
  | { readonly op: "svc" | "hvc" | "smc"; readonly imm: number }
  | { readonly op: "msr"; readonly reg: string; readonly rt: number; readonly value: bigint }
  | { readonly op: "mrs"; readonly reg: string; readonly rt: number }
  | { readonly op: "esb" }
  | { readonly op: "daifclr"; readonly imm: number }
  /** ERET from the case EL with these SPSR/ELR (ELR "next": the instruction after the ERET's block, where the following actions run). */
  | { readonly op: "eret"; readonly spsr: number };

export interface Case {
  readonly name: string;
  readonly group: "SEA" | "SError/vSError/ESB" | "SVC/HVC/SMC" | "sysreg trap" | "ERET";
  readonly cpus: readonly Cpu[];
  readonly el: EL;
  /** PSTATE.SP at the case EL (default 1 above EL0). */
  readonly sp?: 0 | 1;
  /** PSTATE.DAIF at the case EL, 4 bits D=8 A=4 I=2 F=1 (default 0). */
  readonly daif?: number;
  readonly scr: bigint;
  readonly hcr: bigint;
  readonly vsesr?: bigint;
  /** SCTLR_EL2 (default program.ts SCTLR[2]); with HCR_EL2.E2H=1 it has the SCTLR_EL1 format. */
  readonly sctlrEl2?: bigint;
  /** SPSR_EL3 for the drop (default: the case EL/SP/DAIF); a value here makes the drop itself the tested ERET. */
  readonly dropSpsr?: number;
  readonly actions: readonly Action[];
}

/** The address nothing decodes on `virt`: a load or store there is a synchronous External abort. */
export const ABORT_PA = 0x0b000000n;

const NS_HCE = 0x531n; // SCR_EL3: NS, RES1 [5:4], HCE, RW
const RW = 1n << 31n, TGE = 1n << 27n, AMO = 1n << 5n, VSE = 1n << 8n, TVM = 1n << 26n, TRVM = 1n << 30n, TSC = 1n << 19n, HCD = 1n << 29n;
const TEA = 1n << 37n, TERR = 1n << 36n, E2H = 1n << 34n;
const SCR_EA = 1n << 3n, SCR_SMD = 1n << 7n, SCR_HCE = 1n << 8n;
const BOTH: readonly Cpu[] = ["max", "cortex-a57"];
const MAX: readonly Cpu[] = ["max"];

const M = { EL0t: 0x0, EL1t: 0x4, EL1h: 0x5, EL2t: 0x8, EL2h: 0x9, EL3h: 0xd } as const;
const spsr = (m: number, daif = 0xf) => (daif << 6) | m;

function build(): Case[] {
  const out: Case[] = [];
  const add = (c: Case) => out.push(c);

  // ---- SEA: a load/store of the undecoded address, at each EL, with routing variations.
  for (const [el, sp] of [[0, 0], [1, 1], [1, 0], [2, 1], [3, 1]] as const) {
    for (const op of ["ldr", "str"] as const) {
      add({ name: `sea-${op}-el${el}${sp ? "h" : "t"}`, group: "SEA", cpus: BOTH, el, sp, scr: NS_HCE, hcr: RW, actions: [{ op, addr: ABORT_PA }] });
    }
  }
  add({ name: "sea-ldr-el0-tge", group: "SEA", cpus: BOTH, el: 0, sp: 0, scr: NS_HCE, hcr: RW | TGE, actions: [{ op: "ldr", addr: ABORT_PA }] });
  add({ name: "sea-ldr-el1-secure", group: "SEA", cpus: BOTH, el: 1, scr: 0x530n, hcr: RW, actions: [{ op: "ldr", addr: ABORT_PA }] });
  add({ name: "sea-ldr-el1-scr-ea", group: "SEA", cpus: BOTH, el: 1, scr: NS_HCE | SCR_EA, hcr: RW, actions: [{ op: "ldr", addr: ABORT_PA }] });
  add({ name: "sea-ldr-el0-scr-ea", group: "SEA", cpus: BOTH, el: 0, sp: 0, scr: NS_HCE | SCR_EA, hcr: RW, actions: [{ op: "ldr", addr: ABORT_PA }] });
  add({ name: "sea-ldr-el1-hcr-tea", group: "SEA", cpus: MAX, el: 1, scr: NS_HCE, hcr: RW | TEA, actions: [{ op: "ldr", addr: ABORT_PA }] });
  add({ name: "sea-ldr-el2-scr-ea", group: "SEA", cpus: BOTH, el: 2, scr: NS_HCE | SCR_EA, hcr: RW, actions: [{ op: "ldr", addr: ABORT_PA }] });

  // ---- SVC / HVC / SMC
  for (const [el, sp, hcr] of [[0, 0, RW], [0, 0, RW | TGE], [1, 1, RW], [1, 0, RW], [2, 1, RW], [3, 1, RW]] as const) {
    add({ name: `svc-el${el}${sp ? "h" : "t"}${hcr & TGE ? "-tge" : ""}`, group: "SVC/HVC/SMC", cpus: BOTH, el, sp, scr: NS_HCE, hcr, actions: [{ op: "svc", imm: 0x1234 + el }] });
  }
  add({ name: "hvc-el1", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "hvc", imm: 0xbeef }] });
  add({ name: "hvc-el1-hce0-undef", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE & ~SCR_HCE, hcr: RW, actions: [{ op: "hvc", imm: 1 }] });
  add({ name: "hvc-el1-hcd-ignored-with-el3", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW | HCD, actions: [{ op: "hvc", imm: 2 }] });
  add({ name: "hvc-el0-undef", group: "SVC/HVC/SMC", cpus: BOTH, el: 0, sp: 0, scr: NS_HCE, hcr: RW, actions: [{ op: "hvc", imm: 3 }] });
  add({ name: "hvc-el2", group: "SVC/HVC/SMC", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW, actions: [{ op: "hvc", imm: 4 }] });
  add({ name: "hvc-el3", group: "SVC/HVC/SMC", cpus: BOTH, el: 3, scr: NS_HCE, hcr: RW, actions: [{ op: "hvc", imm: 5 }] });
  add({ name: "hvc-el1-secure-undef", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: 0x530n, hcr: RW, actions: [{ op: "hvc", imm: 6 }] });
  add({ name: "smc-el1", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "smc", imm: 0x77 }] });
  add({ name: "smc-el1-tsc", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW | TSC, actions: [{ op: "smc", imm: 0x78 }] });
  add({ name: "smc-el1-tsc-smd", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE | SCR_SMD, hcr: RW | TSC, actions: [{ op: "smc", imm: 0x79 }] });
  add({ name: "smc-el1-smd-undef", group: "SVC/HVC/SMC", cpus: BOTH, el: 1, scr: NS_HCE | SCR_SMD, hcr: RW, actions: [{ op: "smc", imm: 0x7a }] });
  add({ name: "smc-el2-tsc-not-trapped", group: "SVC/HVC/SMC", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW | TSC, actions: [{ op: "smc", imm: 0x7b }] });
  add({ name: "smc-el0-undef", group: "SVC/HVC/SMC", cpus: BOTH, el: 0, sp: 0, scr: NS_HCE, hcr: RW, actions: [{ op: "smc", imm: 0x7c }] });
  add({ name: "smc-el3", group: "SVC/HVC/SMC", cpus: BOTH, el: 3, scr: NS_HCE, hcr: RW, actions: [{ op: "smc", imm: 0x7d }] });

  // ---- system-register traps (TVM / TRVM with a chosen Rt, TERR)
  for (const rt of [3, 7, 19]) {
    add({ name: `tvm-msr-sctlr-el1-x${rt}`, group: "sysreg trap", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW | TVM, actions: [{ op: "msr", reg: "SCTLR_EL1", rt, value: 0x30d00800n }] });
    add({ name: `trvm-mrs-esr-el1-x${rt}`, group: "sysreg trap", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW | TRVM, actions: [{ op: "mrs", reg: "ESR_EL1", rt }] });
  }
  add({ name: "tvm-msr-far-el1-x12", group: "sysreg trap", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW | TVM, actions: [{ op: "msr", reg: "FAR_EL1", rt: 12, value: 0x1234n }] });
  add({ name: "tvm-not-trapped-at-el2", group: "sysreg trap", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW | TVM | TRVM, actions: [{ op: "msr", reg: "SCTLR_EL1", rt: 5, value: 0x30d00800n }, { op: "mrs", reg: "SCTLR_EL1", rt: 6 }, { op: "svc", imm: 9 }] });
  add({ name: "terr-mrs-erridr-el1", group: "sysreg trap", cpus: MAX, el: 1, scr: NS_HCE, hcr: RW | TERR, actions: [{ op: "mrs", reg: "ERRIDR_EL1", rt: 9 }] });
  add({ name: "erridr-el1-reads-num", group: "sysreg trap", cpus: MAX, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "mrs", reg: "ERRIDR_EL1", rt: 5 }, { op: "svc", imm: 1 }] });
  add({ name: "terr-mrs-erxstatus-el1", group: "sysreg trap", cpus: MAX, el: 1, scr: NS_HCE, hcr: RW | TERR, actions: [{ op: "mrs", reg: "ERXSTATUS_EL1", rt: 4 }] });
  add({ name: "mrs-esr-el2-at-el1-undef", group: "sysreg trap", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "mrs", reg: "ESR_EL2", rt: 2 }] });
  add({ name: "msr-daifset-el0-uma0", group: "sysreg trap", cpus: BOTH, el: 0, sp: 0, scr: NS_HCE, hcr: RW, actions: [{ op: "daifclr", imm: 4 }] });

  // ---- virtual SError, ESB, VDISR_EL2 (max has FEAT_RAS; cortex-a57 takes vSError with an IMPDEF syndrome)
  add({ name: "vserror-taken-el1", group: "SError/vSError/ESB", cpus: MAX, el: 1, scr: NS_HCE, hcr: RW | AMO | VSE, vsesr: 0x101d1edn, actions: [] });
  add({ name: "vserror-taken-el0", group: "SError/vSError/ESB", cpus: MAX, el: 0, sp: 0, scr: NS_HCE, hcr: RW | AMO | VSE, vsesr: 0xc11n, actions: [] });
  add({ name: "vserror-taken-el1-a57", group: "SError/vSError/ESB", cpus: ["cortex-a57"], el: 1, scr: NS_HCE, hcr: RW | AMO | VSE, actions: [] });
  add({ name: "vserror-masked-isr", group: "SError/vSError/ESB", cpus: BOTH, el: 1, daif: 4, scr: NS_HCE, hcr: RW | AMO | VSE, actions: [{ op: "mrs", reg: "ISR_EL1", rt: 5 }, { op: "hvc", imm: 0x10 }] });
  add({ name: "vserror-masked-then-unmasked", group: "SError/vSError/ESB", cpus: MAX, el: 1, daif: 4, scr: NS_HCE, hcr: RW | AMO | VSE, vsesr: 0x2an, actions: [{ op: "daifclr", imm: 4 }] });
  add({ name: "vserror-not-taken-at-el2", group: "SError/vSError/ESB", cpus: MAX, el: 2, scr: NS_HCE, hcr: RW | AMO | VSE, vsesr: 0x5n, actions: [{ op: "svc", imm: 2 }] });
  add({ name: "vserror-amo0-not-taken", group: "SError/vSError/ESB", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW | VSE, actions: [{ op: "hvc", imm: 0x11 }] });
  add({ name: "vserror-tge-not-taken", group: "SError/vSError/ESB", cpus: BOTH, el: 0, sp: 0, scr: NS_HCE, hcr: RW | TGE | AMO | VSE, actions: [{ op: "svc", imm: 0x12 }] });
  add({ name: "esb-defers-vserror-to-vdisr", group: "SError/vSError/ESB", cpus: MAX, el: 1, daif: 4, scr: NS_HCE, hcr: RW | AMO | VSE, vsesr: 0x1d1edn, actions: [{ op: "esb" }, { op: "mrs", reg: "DISR_EL1", rt: 5 }, { op: "mrs", reg: "ISR_EL1", rt: 6 }, { op: "hvc", imm: 0x13 }] });
  add({ name: "esb-defers-vserror-ids", group: "SError/vSError/ESB", cpus: MAX, el: 1, daif: 4, scr: NS_HCE, hcr: RW | AMO | VSE, vsesr: 0x1000002n, actions: [{ op: "esb" }, { op: "hvc", imm: 0x14 }] });
  add({ name: "esb-unmasked-takes-vserror", group: "SError/vSError/ESB", cpus: MAX, el: 1, daif: 0, scr: NS_HCE, hcr: RW | AMO, vsesr: 0x7n, actions: [{ op: "esb" }, { op: "hvc", imm: 0x15 }] });
  add({ name: "esb-nothing-pending", group: "SError/vSError/ESB", cpus: MAX, el: 1, daif: 4, scr: NS_HCE, hcr: RW | AMO, actions: [{ op: "esb" }, { op: "mrs", reg: "DISR_EL1", rt: 7 }, { op: "hvc", imm: 0x16 }] });
  add({ name: "esb-a57-is-nop", group: "SError/vSError/ESB", cpus: ["cortex-a57"], el: 1, daif: 4, scr: NS_HCE, hcr: RW | AMO | VSE, actions: [{ op: "esb" }, { op: "hvc", imm: 0x17 }] });
  add({ name: "disr-el1-at-el2", group: "SError/vSError/ESB", cpus: MAX, el: 2, scr: NS_HCE, hcr: RW | AMO, actions: [{ op: "mrs", reg: "DISR_EL1", rt: 8 }, { op: "mrs", reg: "VDISR_EL2", rt: 9 }, { op: "svc", imm: 3 }] });

  // ---- ERET: legal and illegal returns (the next instruction records the state)
  add({ name: "eret-el2-to-el1h", group: "ERET", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW, actions: [{ op: "eret", spsr: spsr(M.EL1h, 0x5) }, { op: "svc", imm: 0x21 }] });
  add({ name: "eret-el2-to-el0", group: "ERET", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW, actions: [{ op: "eret", spsr: spsr(M.EL0t, 0x0) }, { op: "svc", imm: 0x22 }] });
  add({ name: "eret-el1-to-el0", group: "ERET", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "eret", spsr: spsr(M.EL0t, 0x2) }, { op: "svc", imm: 0x23 }] });
  add({ name: "eret-illegal-el2-to-el1-tge", group: "ERET", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW | TGE, actions: [{ op: "eret", spsr: spsr(M.EL1h, 0x5) }, { op: "svc", imm: 0x24 }] });
  add({ name: "eret-illegal-el1-to-el2", group: "ERET", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "eret", spsr: spsr(M.EL2h, 0xf) }, { op: "svc", imm: 0x25 }] });
  add({ name: "eret-illegal-el0h", group: "ERET", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, actions: [{ op: "eret", spsr: spsr(0x1, 0xf) }, { op: "svc", imm: 0x26 }] });
  add({ name: "eret-illegal-aarch32-el1-hcr-rw1", group: "ERET", cpus: BOTH, el: 2, scr: NS_HCE, hcr: RW, actions: [{ op: "eret", spsr: spsr(0x13 | 0x10, 0xf) }, { op: "svc", imm: 0x27 }] });
  add({ name: "eret-el3-to-secure-el2-illegal", group: "ERET", cpus: BOTH, el: 2, scr: 0x530n, hcr: RW, dropSpsr: spsr(M.EL2h, 0xf), actions: [{ op: "svc", imm: 0x28 }] });
  add({ name: "eret-el3-to-el1-unmasked", group: "ERET", cpus: BOTH, el: 1, scr: NS_HCE, hcr: RW, dropSpsr: spsr(M.EL1t, 0x0), actions: [{ op: "svc", imm: 0x29 }] });
  // VHE host: SCTLR_EL2 in the E2H=1 (SCTLR_EL1) format; SPAN decides PSTATE.PAN on entry from EL0.
  add({ name: "vhe-svc-el0-span0-sets-pan", group: "SVC/HVC/SMC", cpus: MAX, el: 0, sp: 0, scr: NS_HCE, hcr: RW | TGE | E2H, sctlrEl2: 0x30500800n, actions: [{ op: "svc", imm: 0x30 }] });
  add({ name: "vhe-svc-el0-span1-keeps-pan", group: "SVC/HVC/SMC", cpus: MAX, el: 0, sp: 0, scr: NS_HCE, hcr: RW | TGE | E2H, sctlrEl2: 0x30d00800n, actions: [{ op: "svc", imm: 0x31 }] });
  add({ name: "vhe-sea-el0-span0-sets-pan", group: "SEA", cpus: MAX, el: 0, sp: 0, scr: NS_HCE, hcr: RW | TGE | E2H, sctlrEl2: 0x30500800n, actions: [{ op: "ldr", addr: ABORT_PA }] });
  add({ name: "eret-illegal-el1-tge-vhe", group: "ERET", cpus: MAX, el: 2, scr: NS_HCE, hcr: RW | TGE | E2H, actions: [{ op: "eret", spsr: spsr(M.EL1h, 0xf) }, { op: "svc", imm: 0x2a }] });
  return out;
}

export const CASES: readonly Case[] = build();
