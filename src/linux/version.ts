// Linux release strings ("4.4", "5.10", "6.17.7", "v6.1-rc3", "6.8.0-45-generic") and their ordering.

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  /** Stable/patch level (0 when absent or for an -rc). */
  readonly patch: number;
  /**
   * -rcN (0 when not a release candidate). An -rc sorts before its release (compareVersions), but
   * has the behaviour of its release line's boundaries (has(): features land in the merge window).
   */
  readonly rc: number;
  /** Anything after the version that we ignore (distribution suffix, "+"). */
  readonly extra: string;
  /** The text as given. */
  readonly text: string;
}

export class KernelVersionError extends Error {
  override readonly name = "KernelVersionError";
}

/** The newest release whose behaviour is modelled (kernel.md §0: v6.18 tree). */
export const NEWEST_MODELLED = "6.18";
/**
 * The oldest release whose behaviour is modelled (docs/kernel.md boundary table: the 4.4 fault_info[],
 * do_mem_abort() and GHES probe are the oldest rows with evidence). Older releases are refused by
 * the kernel model's callers (assertModelled), never answered as if they were 4.4.
 */
export const OLDEST_MODELLED = "4.4";
/** arm64 first appeared in Linux 3.7. */
const OLDEST_ARM64 = { major: 3, minor: 7 };

const VERSION_RE = /^v?(\d{1,2})\.(\d{1,3})(?:\.(\d{1,4}))?(?:-rc(\d{1,2}))?([-+~_.][\w.+~-]*)?$/i;

/** Parses a release string ("latest" = the newest modelled); throws KernelVersionError naming the problem. */
export function parseKernelVersion(text: string): KernelVersion {
  const t = text.trim();
  if (t.toLowerCase() === "latest") return parseKernelVersion(NEWEST_MODELLED);
  const m = VERSION_RE.exec(t);
  if (!m) throw new KernelVersionError(`not a Linux release: '${text}' (expected e.g. 5.10, 6.17.7, v6.1-rc3 or latest)`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  const rc = m[4] === undefined ? 0 : Number(m[4]);
  // "6.6.0-rc3" (Makefile SUBLEVEL 0 with an -rc EXTRAVERSION, as uname -r prints it) is 6.6-rc3.
  if (rc !== 0 && patch !== 0) throw new KernelVersionError(`not a Linux release: '${text}' (an -rc has no patch level)`);
  if (major < OLDEST_ARM64.major || (major === OLDEST_ARM64.major && minor < OLDEST_ARM64.minor)) {
    throw new KernelVersionError(`Linux ${major}.${minor} predates arm64 (first in 3.7)`);
  }
  return Object.freeze({ major, minor, patch, rc, extra: m[5] ?? "", text: t });
}

/** Compares releases by (major, minor, patch), an -rc before its release (6.6-rc3 < 6.6 < 6.6.1). */
export function compareVersions(a: KernelVersion, b: KernelVersion): number {
  const rcRank = (v: KernelVersion) => (v.rc === 0 ? 100 : v.rc);
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || rcRank(a) - rcRank(b);
}

/** a ≥ major.minor (release line comparison; patch ignored). */
export function atLeast(v: KernelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function versionString(v: KernelVersion): string {
  const base = `${v.major}.${v.minor}`;
  if (v.rc) return `${base}-rc${v.rc}`;
  return v.patch ? `${base}.${v.patch}` : base;
}

export const NEWEST: KernelVersion = parseKernelVersion(NEWEST_MODELLED);

/** Whether v is newer than the newest modelled release (its behaviour is then that of 6.18). */
export function beyondModelled(v: KernelVersion): boolean {
  return !atLeast(NEWEST, v.major, v.minor);
}

/** Whether v is older than the oldest modelled release (OLDEST_MODELLED). */
export function beforeModelled(v: KernelVersion): boolean {
  const [maj, min] = OLDEST_MODELLED.split(".").map(Number) as [number, number];
  return !atLeast(v, maj, min);
}

/** Throws KernelVersionError when v is older than anything modelled (the kernel model's callers refuse it: exit 2). */
export function assertModelled(v: KernelVersion): KernelVersion {
  if (beforeModelled(v)) {
    throw new KernelVersionError(`Linux ${v.text} is older than the oldest modelled release (${OLDEST_MODELLED}): its fault handling, GHES and log formats are not modelled, so no answer is given`);
  }
  return v;
}
