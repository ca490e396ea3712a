// Linux releases, for renderers whose output changed between releases. One parser serves the
// whole project (src/kernel/version.ts: "4.14", "6.17.7", "v6.19-rc5", "6.1.29-android",
// "latest"); this module gives the ESR renderers the comparisons they use.
import { compareVersions, KernelVersionError, NEWEST, parseKernelVersion, type KernelVersion } from "../../kernel/version.js";

export { KernelVersionError, parseKernelVersion, type KernelVersion };

/** The newest kernel this model describes (kernel.md's v6.18 tree). */
export const LATEST_KERNEL: KernelVersion = NEWEST;

export const compareKernel = compareVersions;

export function atLeast(k: KernelVersion, since: KernelVersion): boolean {
  return compareVersions(k, since) >= 0;
}
