// Which GHES sources a notification makes Linux scan (drivers/acpi/apei/ghes.c
// ghes_probe() and the per-type handlers; kernel.md §1, §4). For the kernel model.

import { match } from "ts-pattern";
import { NOTIFY, notifyTypeName } from "./notify.js";
import type { GenericSource } from "./ghes-runtime.js";

export type Arch = "arm64" | "x86";

/** ghes_probe()'s verdict on one source. */
export interface Probe {
  readonly registered: boolean;
  readonly message?: string;
}

/** Linux ghes_probe() (v6.18; same cases since v4.14) and hest_parse_ghes() (disabled sources are skipped). */
export function probeSource(s: GenericSource, arch: Arch = "arm64"): Probe {
  if (!s.enabled) return { registered: false, message: `source ${s.sourceId} is disabled (Enabled = 0): hest_parse_ghes() skips it` };
  const t = s.notify.type;
  const unknown = { registered: false, message: `[Firmware Warn]: GHES: Unknown notification type: ${t} for generic hardware error source: ${s.sourceId}` };
  return match(t)
    .with(NOTIFY.POLLED, NOTIFY.EXTERNAL, NOTIFY.SCI, NOTIFY.GPIO, NOTIFY.GSIV, NOTIFY.SOFTWARE_DELEGATED, () => ({ registered: true }))
    .with(NOTIFY.SEA, () => (arch === "arm64" ? { registered: true } : { registered: false, message: `GHES: Generic hardware error source: ${s.sourceId} notified via SEA is not supported` }))
    .with(NOTIFY.NMI, () => (arch === "x86" ? { registered: true } : { registered: false, message: `GHES: Generic hardware error source: ${s.sourceId} notified via NMI interrupt is not supported!` }))
    .with(NOTIFY.LOCAL, () => ({ registered: false, message: `GHES: Generic hardware error source: ${s.sourceId} notified via local interrupt is not supported!` }))
    .otherwise(() => unknown);
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
  const live = sources.filter((s) => probeSource(s, arch).registered);
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

export { notifyTypeName };
