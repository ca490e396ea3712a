// The kernel releases the page offers: every release at which a modelled rule or log
// format changes (src/linux/boundaries.ts), plus the newest modelled one. Any other
// release can still be typed in; these are the ones whose behaviour differs.
import { BOUNDARIES } from "../linux/boundaries.js";
import { compareVersions, NEWEST_MODELLED, parseKernelVersion } from "../linux/version.js";

export function kernelChoices(): string[] {
  const set = new Set<string>(["4.14", NEWEST_MODELLED]);
  for (const b of Object.values(BOUNDARIES) as { since: string; stableOnly?: true }[]) if (!b.stableOnly) set.add(b.since);
  return [...set].sort((a, b) => compareVersions(parseKernelVersion(a), parseKernelVersion(b)));
}
