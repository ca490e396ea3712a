// printf helpers shared by several decisions.

/** "%#lx" / "%#llx": 0x-prefixed lowercase, no padding (0 prints as "0"). */
export function hashx(n: bigint): string {
  return n === 0n ? "0" : "0x" + n.toString(16);
}

/** "Kernel panic - not syncing: <msg>" (kernel/panic.c panic()). */
export function panicLine(msg: string): string {
  return `Kernel panic - not syncing: ${msg}`;
}
