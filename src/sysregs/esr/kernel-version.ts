// Linux releases, for renderers whose output changed between releases. One parser serves the
// whole project (src/linux/version.ts: "4.14", "6.17.7", "v6.19-rc5", "6.1.29-android",
// "latest"); this module gives the ESR renderers the comparisons they use.
import { compareVersions, KernelVersionError, NEWEST, parseKernelVersion, type KernelVersion } from "../../linux/version.js";

export { KernelVersionError, parseKernelVersion, type KernelVersion };

/** The newest kernel this model describes (kernel.md's v6.18 tree). */
export const LATEST_KERNEL: KernelVersion = NEWEST;

export const compareKernel = compareVersions;

/**
 * Whether build k is at or past `since`: its release line's -rc builds count as the release
 * (changes land in the merge window), so this compares (major, minor, patch) only.
 */
export function atLeast(k: KernelVersion, since: KernelVersion): boolean {
  return (k.major - since.major || k.minor - since.minor || k.patch - since.patch) >= 0;
}
