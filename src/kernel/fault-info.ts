// arch/arm64/mm/fault.c fault_info[] for the SEA-class fault status codes: handler, signal,
// si_code and name. kernel.md §3.1 (v6.18 l.857; v4.19; v4.14 column).
import { has } from "./boundaries.js";
import type { SiCode, SignalName } from "./decision.js";
import type { KernelVersion } from "./version.js";

export interface FaultInfo {
  readonly fsc: number;
  readonly name: string;
  readonly sig: SignalName;
  readonly code: SiCode;
}

interface Row {
  readonly fsc: number;
  readonly name: string;
  /** ≥4.16 (v4.19 and v6.18 agree). */
  readonly sig: SignalName;
  readonly code: SiCode;
  /** Only with LPA2 (FSC 0x13, 0x1B). */
  readonly lpa2?: true;
}

const ttw = (fsc: number, level: number, lpa2?: true): Row => ({ fsc, name: `level ${level} (translation table walk)`, sig: "SIGKILL", code: "SI_KERNEL", ...(lpa2 ? { lpa2 } : {}) });
const ecc = (fsc: number, level: number, lpa2?: true): Row => ({
  fsc,
  name: `level ${level} synchronous parity error (translation table walk)`,
  sig: "SIGKILL",
  code: "SI_KERNEL",
  ...(lpa2 ? { lpa2 } : {}),
});

export const SEA_FAULT_INFO: readonly Row[] = [
  { fsc: 0x10, name: "synchronous external abort", sig: "SIGBUS", code: "BUS_OBJERR" },
  ttw(0x13, -1, true),
  ttw(0x14, 0),
  ttw(0x15, 1),
  ttw(0x16, 2),
  ttw(0x17, 3),
  { fsc: 0x18, name: "synchronous parity or ECC error", sig: "SIGBUS", code: "BUS_OBJERR" },
  ecc(0x1b, -1, true),
  ecc(0x1c, 0),
  ecc(0x1d, 1),
  ecc(0x1e, 2),
  ecc(0x1f, 3),
];

/** The fault_info entry when FSC dispatches to do_sea() in this release; undefined otherwise. */
export function seaFaultInfo(kernel: KernelVersion, fsc: number): FaultInfo | undefined {
  const row = SEA_FAULT_INFO.find((r) => r.fsc === fsc);
  if (!row) return undefined;
  if (row.lpa2 && !has(kernel, "lpa2Fsc")) return undefined;
  // v4.14: every SEA-class entry is SIGBUS with si_code 0 (kernel.md §3.1 v4.14 column).
  if (!has(kernel, "rasSerror")) return { fsc, name: row.name, sig: "SIGBUS", code: 0 };
  return { fsc, name: row.name, sig: row.sig, code: row.code };
}

/** kvm_vcpu_abt_issea(): FSC ∈ {0x10, 0x13–0x17, 0x18, 0x1B–0x1F} (kernel.md §7.4). */
export function isSeaFsc(fsc: number): boolean {
  return SEA_FAULT_INFO.some((r) => r.fsc === fsc);
}
