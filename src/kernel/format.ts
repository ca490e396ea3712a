// printf helpers shared by several decisions.

/**
 * "%#lx" / "%#llx": 0x-prefixed lowercase, no padding. The kernel's vsprintf number() prefixes
 * hex even for 0 ("0x0", unlike C libraries' "0"): real Debian 6.1.192 printed
 * "Memory failure: 0x0: memory outside kernel control" (issue 12).
 */
export function hashx(n: bigint): string {
  return "0x" + n.toString(16);
}

/** "Kernel panic - not syncing: <msg>" (kernel/panic.c panic()). */
export function panicLine(msg: string): string {
  return `Kernel panic - not syncing: ${msg}`;
}
