// Linux kernel versions, for renderers whose output changed between releases.

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The text it was parsed from (normalised). */
  readonly text: string;
}

export class KernelVersionError extends Error {
  override readonly name = "KernelVersionError";
}

/**
 * Parses "4.14", "5.10.2", "6.17.7", "v6.19-rc5", "6.1.29-android" or "latest".
 * A release candidate counts as its release (its format is the release's).
 */
export function parseKernelVersion(text: string): KernelVersion {
  const t = text.trim().toLowerCase();
  if (t === "latest") return LATEST_KERNEL;
  const m = /^v?(\d{1,2})\.(\d{1,3})(?:\.(\d{1,4}))?(?:[-+~_].*)?$/.exec(t);
  if (!m) throw new KernelVersionError(`not a kernel version: '${text}' (expected e.g. 4.14, 5.10.2, 6.17.7, v6.19-rc5 or latest)`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  return Object.freeze({ major, minor, patch, text: `${major}.${minor}${m[3] === undefined ? "" : `.${patch}`}` });
}

/** The newest kernel this model describes (kernel.md's v6.18 tree). */
export const LATEST_KERNEL: KernelVersion = Object.freeze({ major: 6, minor: 18, patch: 0, text: "6.18" });

export function compareKernel(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function atLeast(k: KernelVersion, since: KernelVersion): boolean {
  return compareKernel(k, since) >= 0;
}
