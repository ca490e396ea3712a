// --core NAME, --feature FEAT_X[,FEAT_Y] and --no-feature FEAT_X for route and take:
// a core preset (src/arch/features.ts CORES) with features switched on or off.
import { CORES, coreFeatures, type FeatureSet } from "../../arch/features.js";
import { optString, type ParsedArgs } from "../args.js";
import { UsageError } from "../io.js";

export const CORE_VALUED = ["core", "feature", "no-feature"] as const;

export const CORE_HELP = `  --core NAME       core preset: ${Object.keys(CORES).join(", ")} (default neoverse-n1)
  --feature F[,F]   switch features on: FEAT_RAS, FEAT_VHE, FEAT_SEL2, FEAT_PAN, FEAT_IESB, ...
  --no-feature F[,F]  switch features off`;

const list = (v: string | undefined): string[] => (v === undefined ? [] : v.split(",").map((s) => s.trim()).filter((s) => s.length > 0));

/** The core the options name (undefined when none of them is given). */
export function coreFromArgs(p: ParsedArgs): { name: string; features: FeatureSet } | undefined {
  const core = optString(p, "core");
  const on = list(optString(p, "feature"));
  const off = list(optString(p, "no-feature"));
  if (core === undefined && on.length === 0 && off.length === 0) return undefined;
  const both = on.find((f) => off.includes(f));
  if (both !== undefined) throw new UsageError(`--feature and --no-feature both name ${both}`);
  const name = core ?? "neoverse-n1";
  try {
    return { name, features: coreFeatures(name, on, off) };
  } catch (e) {
    const opt = CORES[name] === undefined ? "--core" : "--feature";
    throw new UsageError(`${opt}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

