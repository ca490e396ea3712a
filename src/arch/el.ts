// Exception levels, security state and execution state (Arm ARM D1.1).

export type EL = 0 | 1 | 2 | 3;
export const EL0 = 0 as const;
export const EL1 = 1 as const;
export const EL2 = 2 as const;
export const EL3 = 3 as const;
export const ALL_ELS: readonly EL[] = [0, 1, 2, 3];

export type SecurityState = "Secure" | "NonSecure";

/** Execution state of an exception level. */
export type ExecutionState = "AArch64" | "AArch32";

export function isEL(n: unknown): n is EL {
  return n === 0 || n === 1 || n === 2 || n === 3;
}

export function elName(el: EL): string {
  return `EL${el}`;
}
