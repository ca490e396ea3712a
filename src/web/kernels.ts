// The kernel releases the page offers: every release at which a modelled rule or log
// format changes (src/linux/boundaries.ts), plus the newest modelled one. Any other
// release can still be typed in; these are the ones whose behaviour differs.
import { BOUNDARIES } from "../linux/boundaries.js";
import { compareVersions, NEWEST, NEWEST_MODELLED, parseKernelVersion } from "../linux/version.js";

export function kernelChoices(): string[] {
  const set = new Set<string>(["4.14", NEWEST_MODELLED]);
  // Rows past the newest modelled release (approximate 7.0 changes, stable-only placeholders) are
  // reached by typing the release; the menu stops at NEWEST_MODELLED.
  for (const b of Object.values(BOUNDARIES) as { since: string; stableOnly?: true }[]) if (!b.stableOnly && compareVersions(parseKernelVersion(b.since), NEWEST) <= 0) set.add(b.since);
  return [...set].sort((a, b) => compareVersions(parseKernelVersion(a), parseKernelVersion(b)));
}
