// Runs a validated scenario: boot-time GHES probe, then each timeline event in
// order, until the host panics. The result is the trace, the exact log lines and
// every actor's final outcome with its reason.
import { ghesConfigOf } from "../kernel/config.js";
import { versionString } from "../linux/version.js";
import { ghesProbe } from "./adapters/kernel.js";
import { corrected, errorRecord, ghesRecord, pcie, serror } from "./flows/other.js";
import { kernel } from "./flows/common.js";
import { poison } from "./flows/poison.js";
import type { Scenario, SimEvent } from "./scenario/types.js";
import type { ActorOutcome, SimStep } from "./trace.js";
import { World } from "./world.js";

export interface SimResult {
  readonly scenario: string;
  readonly description: string;
  readonly kernel: { readonly host: string; readonly guest?: string };
  readonly vmm?: string;
  /** Per actor: "host", "guest", "vmm", "host:<process>", "guest:<process>". */
  readonly outcome: Readonly<Record<string, ActorOutcome>>;
  /** Exact kernel log lines in order; guest kernel lines start "guest: " (as src/kernel prints them). */
  readonly log: readonly string[];
  /** QEMU's own messages (stderr), in order. */
  readonly vmmLog: readonly string[];
  /** Scenario notes (e.g. where the 2017 proposal differed). */
  readonly notes: readonly string[];
  /** Inputs the scenario left to their defaults that can change the outcome (key → value). */
  readonly assumed: readonly { readonly key: string; readonly value: string }[];
  readonly steps: readonly SimStep[];
  /** Every kernel decision of the run in order (World.decisions; read by sim/question.ts, not rendered). */
  readonly decisions: World["decisions"];
}

function runEvent(w: World, ev: SimEvent): void {
  switch (ev.kind) {
    case "poison-consumed":
      return poison(w, ev);
    case "serror":
      return serror(w, ev);
    case "corrected-error":
      return corrected(w, ev);
    case "pcie-error":
      return pcie(w, ev);
    case "error-record":
      return errorRecord(w, ev);
    case "ghes-record":
      return ghesRecord(w, ev);
  }
}

export function runScenario(s: Scenario): SimResult {
  const w = new World(s);
  if (s.machine.hest.length > 0 && s.host.config.ACPI_APEI_GHES) {
    kernel(w, "host", (t) => {
      for (const h of s.machine.hest) if (ghesProbe(t, w.ghesSource(h), ghesConfigOf(s.host.config), s.host.kernel).registered) w.registered.add(h.id);
    });
  }
  if (s.guest?.ghes && s.guest.config.ACPI_APEI_GHES && w.vmmApei) {
    const g = s.guest;
    kernel(w, "guest", (t) => {
      w.guestSeaRegistered = ghesProbe(t, w.vmmSource(), ghesConfigOf(g.config), g.kernel).registered;
    });
  }
  for (const ev of s.timeline) {
    w.tr.now = ev.at;
    if (!w.alive("host")) {
      w.tr.add("host", `event '${ev.kind}' at ${ev.at} ms not run: the host has already panicked`);
      continue;
    }
    runEvent(w, ev);
  }
  finalReasons(w);
  return {
    scenario: s.name,
    description: s.description,
    kernel: { host: versionString(s.host.kernel), ...(s.guest ? { guest: versionString(s.guest.kernel) } : {}) },
    ...(s.vmm ? { vmm: `QEMU ${s.vmm.version}` } : {}),
    outcome: Object.fromEntries(w.tr.outcome),
    log: w.tr.log,
    vmmLog: w.tr.vmmLog,
    notes: [...s.notes, ...w.tr.notes],
    assumed: s.assumed,
    steps: w.tr.steps,
    decisions: w.decisions,
  };
}

/** A kernel that acted but kept running gets a reason naming what it did (not "nothing happened"). */
function finalReasons(w: World): void {
  for (const [actor, layer] of [["host", "host"], ["guest", "guest"]] as const) {
    const o = w.tr.outcome.get(actor);
    if (!o || o.state !== "running") continue;
    // Boot probes (§4) and entry dispatch (§1) are not decisions.
    const acted = w.tr.steps.filter((st) => st.layer === layer && st.rule !== undefined && st.rule !== "§4" && st.rule !== "§1");
    if (acted.length === 0 || !o.reason.startsWith("no error")) continue;
    const rules = [...new Set(acted.map((st) => st.rule!))];
    w.tr.settle(actor, "running", `kept running (rules applied: ${rules.slice(0, 6).join(", ")}${rules.length > 6 ? ", …" : ""})`);
  }
}
