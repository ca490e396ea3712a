// Kernel build options that change what the kernel model prints or decides, declared once:
// their defaults (an arm64 distribution kernel), what each changes, and a parser for
// "PREEMPT=y,ACPI_APEI_SEA=n". Shared by `armras kernel` (--config) and scenarios (software.*.config).
import type { GhesConfig } from "./ghes-probe.js";

export const CONFIG_OPTIONS = {
  PREEMPT: { default: false, what: "die() header '[#1] PREEMPT SMP' (before 6.15: the S_PREEMPT string; 6.15+: preempt_model_str() of a non-dynamic full-preemption kernel) instead of '[#1] SMP' (before 6.15) / '[#1]  SMP' (6.15+)" },
  ACPI_APEI_GHES: { default: true, what: "GHES at all: without it no source is probed and apei_claim_sea() returns -ENOENT" },
  ACPI_APEI_SEA: { default: true, what: "ghes_probe() registers SEA-notified sources (4.13+; the option does not exist before)" },
  ARM_SDE_INTERFACE: { default: true, what: "ghes_probe() registers SDEI-notified sources (5.1+)" },
  MEMORY_FAILURE: { default: true, what: "ghes_do_proc() hands memory errors to memory_failure()" },
} as const;

export type ConfigName = keyof typeof CONFIG_OPTIONS;
export type KernelConfig = { readonly [K in ConfigName]: boolean };

export const CONFIG_NAMES = Object.keys(CONFIG_OPTIONS) as ConfigName[];

export const DEFAULT_CONFIG: KernelConfig = Object.freeze(Object.fromEntries(CONFIG_NAMES.map((k) => [k, CONFIG_OPTIONS[k].default])) as KernelConfig);

export class KernelConfigError extends Error {
  override readonly name = "KernelConfigError";
}

/** A config with some options set; `set` lists the options given (the rest are defaults). */
export interface ConfigChoice {
  readonly config: KernelConfig;
  readonly set: readonly ConfigName[];
}

function optionName(raw: string): ConfigName {
  const n = raw.trim().replace(/^CONFIG_/, "");
  if (!(CONFIG_NAMES as readonly string[]).includes(n)) throw new KernelConfigError(`unknown kernel option '${raw.trim()}' (modelled: ${CONFIG_NAMES.join(", ")})`);
  return n as ConfigName;
}

/** "PREEMPT", "PREEMPT=y", "CONFIG_ACPI_APEI_SEA=n", comma-separated. */
export function parseConfig(text: string): ConfigChoice {
  const out: Record<string, boolean> = { ...DEFAULT_CONFIG };
  const set: ConfigName[] = [];
  for (const item of text.split(",")) {
    if (item.trim() === "") continue;
    const [k, v] = item.split("=");
    const name = optionName(k!);
    const val = v === undefined ? "y" : v.trim().toLowerCase();
    if (val !== "y" && val !== "n") throw new KernelConfigError(`${name}: '${v}' is not y or n`);
    out[name] = val === "y";
    if (!set.includes(name)) set.push(name);
  }
  return { config: Object.freeze(out as KernelConfig), set };
}

/** From a scenario object { "PREEMPT": true, … }. */
export function configFromObject(o: Readonly<Record<string, unknown>>): ConfigChoice {
  const out: Record<string, boolean> = { ...DEFAULT_CONFIG };
  const set: ConfigName[] = [];
  for (const [k, v] of Object.entries(o)) {
    const name = optionName(k);
    if (typeof v !== "boolean") throw new KernelConfigError(`${k}: must be true or false`);
    out[name] = v;
    set.push(name);
  }
  return { config: Object.freeze(out as KernelConfig), set };
}

/** The probe's view (drivers/acpi/apei/ghes.c ghes_probe()). */
export function ghesConfigOf(c: KernelConfig): GhesConfig {
  return { apeiSea: c.ACPI_APEI_SEA, apeiNmi: false, sdei: c.ARM_SDE_INTERFACE };
}

/** "PREEMPT=y, ACPI_APEI_SEA=n" for the options that differ from the defaults ("defaults" when none). */
export function configText(c: KernelConfig): string {
  const diff = CONFIG_NAMES.filter((k) => c[k] !== DEFAULT_CONFIG[k]).map((k) => `${k}=${c[k] ? "y" : "n"}`);
  return diff.length ? diff.join(", ") : "defaults";
}
