// arch/arm64/mm/fault.c fault_info[] for the SEA-class fault status codes: handler, signal,
// si_code and name. kernel.md §3.1 (v6.18 l.857; v4.19; v4.14 column).
import { has } from "../linux/boundaries.js";
import { linuxFaultName } from "../sysregs/esr/index.js";
import type { SiCode, SignalName } from "./decision.js";
import type { KernelVersion } from "../linux/version.js";

export interface FaultInfo {
  readonly fsc: number;
  readonly name: string;
  readonly sig: SignalName;
  readonly code: SiCode;
  /** The fault_info handler: do_sea() from 4.11 (boundary doSea), do_bad() before. */
  readonly fn: "do_sea" | "do_bad";
}

interface Row {
  readonly fsc: number;
  /** ≥4.16 (v4.19 and v6.18 agree). */
  readonly sig: SignalName;
  readonly code: SiCode;
  /** Only with LPA2 (FSC 0x13, 0x1B). */
  readonly lpa2?: true;
}

// The SEA-class rows of fault_info[]: handler do_sea, signal and si_code. The names are the ESR
// codec's (linuxFaultName(), by release), not restated here.
const walk = (fsc: number, lpa2?: true): Row => ({ fsc, sig: "SIGKILL", code: "SI_KERNEL", ...(lpa2 ? { lpa2 } : {}) });

export const SEA_FAULT_INFO: readonly Row[] = [
  { fsc: 0x10, sig: "SIGBUS", code: "BUS_OBJERR" },
  walk(0x13, true),
  walk(0x14),
  walk(0x15),
  walk(0x16),
  walk(0x17),
  { fsc: 0x18, sig: "SIGBUS", code: "BUS_OBJERR" },
  walk(0x1b, true),
  walk(0x1c),
  walk(0x1d),
  walk(0x1e),
  walk(0x1f),
];

/** The fault_info entry of an SEA-class FSC in this release (fn says do_sea or, before 4.11, do_bad); undefined when not SEA-class. */
export function seaFaultInfo(kernel: KernelVersion, fsc: number): FaultInfo | undefined {
  const row = SEA_FAULT_INFO.find((r) => r.fsc === fsc);
  if (!row) return undefined;
  if (row.lpa2 && !has(kernel, "lpa2Fsc")) return undefined;
  // 4.4-4.10: { do_bad, SIGBUS, 0, <old name> } for every SEA-class FSC.
  // The name is Linux's fault_info[].name for this release (the ESR codec's linuxFaultName()).
  const name = linuxFaultName(fsc, kernel);
  if (!has(kernel, "doSea")) return { fsc, name, sig: "SIGBUS", code: 0, fn: "do_bad" };
  // v4.14: every SEA-class entry is SIGBUS with si_code 0 (kernel.md §3.1 v4.14 column).
  if (!has(kernel, "rasSerror")) return { fsc, name, sig: "SIGBUS", code: 0, fn: "do_sea" };
  return { fsc, name, sig: row.sig, code: row.code, fn: "do_sea" };
}

/** kvm_vcpu_abt_issea(): FSC ∈ {0x10, 0x13–0x17, 0x18, 0x1B–0x1F} (kernel.md §7.4). */
export function isSeaFsc(fsc: number): boolean {
  return SEA_FAULT_INFO.some((r) => r.fsc === fsc);
}
