// Linux's one ghes_probe(): which GHES sources Linux registers, and which of them a notification
// makes it scan (drivers/acpi/apei/ghes.c ghes_probe() and the per-type handlers; kernel.md §1,
// §4). The kernel model traces it (ghes.ts ghesProbe), `armras acpi build hest` notes with it.

import { match } from "ts-pattern";
import { NOTIFY, notifyTypeName } from "../apei/notify.js";
import type { GenericSource } from "../apei/ghes-runtime.js";
import { has } from "../linux/boundaries.js";
import type { KernelVersion } from "../linux/version.js";

export type Arch = "arm64" | "x86";

/** ghes_probe()'s verdict on one source. */
export interface Probe {
  readonly registered: boolean;
  /** The line Linux prints when it refuses the source (absent when it registers it, or skips a disabled one silently). */
  readonly message?: string;
  /** Why, in words (the kernel model's trace step). */
  readonly why: string;
}

/** The kernel options ghes_probe() depends on. */
export interface GhesConfig {
  readonly apeiSea: boolean; // CONFIG_ACPI_APEI_SEA (arm64)
  readonly apeiNmi: boolean; // HAVE_ACPI_APEI_NMI (x86 only)
  readonly sdei: boolean; // CONFIG_ARM_SDE_INTERFACE (arm64)
}
export const ARM64_GHES_CONFIG: GhesConfig = { apeiSea: true, apeiNmi: false, sdei: true };
export const X86_GHES_CONFIG: GhesConfig = { apeiSea: false, apeiNmi: true, sdei: false };

/**
 * Linux ghes_probe() on one notification type: the one statement of which sources Linux
 * registers (the kernel model's ghesProbe() traces it, the HEST builder warns with it). With
 * `kernel`, the release decides too: GSIV, GPIO and SEA from 4.13 (boundary ghesSeaNotify), SDEI
 * with the APEI in_nmi rework that also brought apei_claim_sea() (boundary apeiClaimSea); before,
 * the default case warns "Unknown notification type". T3 row 1, kernel.md §4.
 */
export function ghesProbeVerdict(type: number, sourceId: number, cfg: GhesConfig = ARM64_GHES_CONFIG, kernel?: KernelVersion): Probe {
  const name = notifyTypeName(type);
  const ok = (why: string): Probe => ({ registered: true, why });
  const no = (message: string, why: string): Probe => ({ registered: false, message, why });
  const unknown = (why: string): Probe => no(`[Firmware Warn]: GHES: Unknown notification type: ${type} for generic hardware error source: ${sourceId}`, why);
  if (kernel !== undefined) {
    if ((type === NOTIFY.SEA || type === NOTIFY.GSIV || type === NOTIFY.GPIO) && !has(kernel, "ghesSeaNotify")) return unknown(`Linux ${kernel.text} has no ${name} notification (added to ghes_probe() in 4.13)`);
    if (type === NOTIFY.SOFTWARE_DELEGATED && !has(kernel, "apeiClaimSea")) return unknown(`Linux ${kernel.text} has no SDEI GHES notification (added with the APEI in_nmi rework, 5.1)`);
  }
  return match(type)
    .with(NOTIFY.POLLED, NOTIFY.EXTERNAL, NOTIFY.SCI, NOTIFY.GSIV, NOTIFY.GPIO, () => ok("supported notification"))
    .with(NOTIFY.SEA, () => (cfg.apeiSea ? ok("CONFIG_ACPI_APEI_SEA") : no(`GHES: Generic hardware error source: ${sourceId} notified via SEA is not supported`, "CONFIG_ACPI_APEI_SEA=n")))
    .with(NOTIFY.NMI, () => (cfg.apeiNmi ? ok("HAVE_ACPI_APEI_NMI") : no(`GHES: Generic hardware error source: ${sourceId} notified via NMI interrupt is not supported!`, "no NMI on arm64")))
    .with(NOTIFY.SOFTWARE_DELEGATED, () => (cfg.sdei ? ok("SDEI") : no(`GHES: Generic hardware error source: ${sourceId} notified via SDE Interface is not supported!`, "CONFIG_ARM_SDE_INTERFACE=n")))
    .with(NOTIFY.LOCAL, () => no(`GHES: Generic hardware error source: ${sourceId} notified via local interrupt is not supported!`, "LOCAL not supported"))
    .otherwise(() => unknown(`${name} is not a notification GHES handles (there is no ghes_notify_sei())`));
}

/** hest_parse_ghes() then ghes_probe() on a HEST source: a disabled source is skipped before the probe. */
export function hestParseGhes(s: GenericSource, arch: Arch = "arm64", kernel?: KernelVersion): Probe {
  if (!s.enabled) return { registered: false, why: `source ${s.sourceId} is disabled (Enabled = 0): hest_parse_ghes() skips it`, message: `source ${s.sourceId} is disabled (Enabled = 0): hest_parse_ghes() skips it` };
  return ghesProbeVerdict(s.notify.type, s.sourceId, arch === "arm64" ? ARM64_GHES_CONFIG : X86_GHES_CONFIG, kernel);
}

/** A notification arriving at the OS. */
export type Notification =
  | { readonly kind: "SEA" }
  | { readonly kind: "SEI" }
  /** An SDEI event; without `event`, every SDEI-notified source. */
  | { readonly kind: "SDEI"; readonly event?: number }
  /** An interrupt (GSIV / external interrupt) on `gsiv`. */
  | { readonly kind: "interrupt"; readonly gsiv: number }
  /** The hardware error device notification (SCI or GPIO → ghes_notify_hed). */
  | { readonly kind: "HED" }
  | { readonly kind: "NMI" }
  | { readonly kind: "poll"; readonly sourceId: number };

export interface Dispatch {
  /** Sources the handler scans, in HEST order. */
  readonly sources: GenericSource[];
  /** The handler Linux runs, e.g. "ghes_notify_sea()". */
  readonly handler: string;
  readonly note?: string;
}

/** The sources Linux scans for a notification (only sources ghes_probe() registered). */
export function dispatch(sources: readonly GenericSource[], n: Notification, arch: Arch = "arm64"): Dispatch {
  const live = sources.filter((s) => hestParseGhes(s, arch).registered);
  const of = (...types: number[]) => live.filter((s) => types.includes(s.notify.type));
  return match(n)
    .with({ kind: "SEA" }, () => ({ sources: of(NOTIFY.SEA), handler: "ghes_notify_sea()" }))
    .with({ kind: "SEI" }, () => ({
      sources: [],
      handler: "none",
      note: "mainline Linux registers no SEI handler: SEI-notified GHES sources are never read, the SError is judged by its ESR alone (kernel.md §4)",
    }))
    .with({ kind: "SDEI" }, (e) => ({
      sources: of(NOTIFY.SOFTWARE_DELEGATED).filter((s) => e.event === undefined || s.notify.vector === e.event),
      handler: "ghes_sdei_normal_callback()/ghes_sdei_critical_callback()",
    }))
    .with({ kind: "interrupt" }, (e) => ({ sources: of(NOTIFY.EXTERNAL, NOTIFY.GSIV).filter((s) => s.notify.vector === e.gsiv), handler: "ghes_irq_func()" }))
    .with({ kind: "HED" }, () => ({ sources: of(NOTIFY.SCI, NOTIFY.GPIO), handler: "ghes_notify_hed()" }))
    .with({ kind: "NMI" }, () => ({ sources: of(NOTIFY.NMI), handler: "ghes_notify_nmi()" }))
    .with({ kind: "poll" }, (e) => ({ sources: of(NOTIFY.POLLED).filter((s) => s.sourceId === e.sourceId), handler: "ghes_poll_func()" }))
    .exhaustive();
}

/** The notification a firmware post raises, as the OS receives it. */
export function notificationFor(s: GenericSource): Notification | undefined {
  return match(s.notify.type)
    .with(NOTIFY.SEA, () => ({ kind: "SEA" }) as const)
    .with(NOTIFY.SEI, () => ({ kind: "SEI" }) as const)
    .with(NOTIFY.SOFTWARE_DELEGATED, () => ({ kind: "SDEI", event: s.notify.vector }) as const)
    .with(NOTIFY.EXTERNAL, NOTIFY.GSIV, () => ({ kind: "interrupt", gsiv: s.notify.vector }) as const)
    .with(NOTIFY.SCI, NOTIFY.GPIO, () => ({ kind: "HED" }) as const)
    .with(NOTIFY.NMI, () => ({ kind: "NMI" }) as const)
    .with(NOTIFY.POLLED, () => ({ kind: "poll", sourceId: s.sourceId }) as const)
    .otherwise(() => undefined);
}
