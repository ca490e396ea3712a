// Adapter: the Linux / KVM / QEMU decisions the simulator drives, all from
// src/kernel (do_serror, do_sea, GHES, memory_failure, KVM, QEMU). The one piece
// kept here is QEMU's version gate for Arm memory-error handling (T7 needs QEMU ≥5.1).
export { doSerror } from "../../kernel/serror.js";
export { doSea, type SeaInput } from "../../kernel/sea.js";
export { apeiClaimSea, runDeferred, ghesProbe, ghesProc, GhesState, type GhesSource } from "../../kernel/ghes.js";
export { hwpoisonPageFault, type PageInfo, type Mapper } from "../../kernel/memory-failure.js";
export { kvmGuestSerror, kvmGuestSea, kvmHwpoisonFault, vserrorFor, type GuestContext } from "../../kernel/kvm.js";
export { qemuOnSigbus, qemuSeaEsr } from "../../kernel/qemu.js";
export { decodeSyndrome } from "../../kernel/esr-input.js";
export type { GhesEnv } from "../../kernel/ghes-do-proc.js";

/**
 * Whether this QEMU handles BUS_MCEERR_AO/AR on Arm (guest GHES + SEA injection landed in
 * QEMU 5.1, kernel.md §9); older ones re-raise the SIGBUS (T7 Q7).
 */
export function qemuHasGuestRas(version: string): boolean {
  const [maj, min] = version.split(".").map(Number) as [number, number];
  return maj > 5 || (maj === 5 && min >= 1);
}
