// Version-dependent printf formats shared by several decisions.
import { has } from "./boundaries.js";
import type { KernelVersion } from "./version.js";

/** ESR as printed by "%016lx" (≥5.19) or "%08x" (u32 esr before 5.19), without "0x". */
export function esrDigits(v: KernelVersion, esr: bigint): string {
  return esr.toString(16).padStart(has(v, "esr64") ? 16 : 8, "0");
}

/** "%#lx" / "%#llx": 0x-prefixed lowercase, no padding (0 prints as "0"). */
export function hashx(n: bigint): string {
  return n === 0n ? "0" : "0x" + n.toString(16);
}

/** "Kernel panic - not syncing: <msg>" (kernel/panic.c panic()). */
export function panicLine(msg: string): string {
  return `Kernel panic - not syncing: ${msg}`;
}
