// Simulator: trace steps per second for the seed's scenario (SError → AO → stage-2 fault → AR →
// guest SEA), beside a baseline measured in the same run: the cheapest built-in (one host SError,
// one decision), which shows the per-step cost of the cross-layer orchestration.
import { consume, measure, report } from "./harness.js";
import { builtinText, DEFAULT_SCENARIO, parseScenario, runScenario } from "../src/sim/index.js";

export default async function run(): Promise<void> {
  const seed = parseScenario(builtinText(DEFAULT_SCENARIO)!);
  const small = parseScenario(builtinText("serror-aet-uc")!);
  const seedSteps = runScenario(seed).steps.length;
  const smallSteps = runScenario(small).steps.length;

  const base = measure(`baseline: serror-aet-uc (${smallSteps} steps)`, (n) => {
    for (let i = 0; i < n; i++) consume(runScenario(small));
  });
  const baseSteps = { ...base, opsPerSec: base.opsPerSec * smallSteps, unit: "steps/s" };
  const r = measure(`${DEFAULT_SCENARIO} (${seedSteps} steps)`, (n) => {
    for (let i = 0; i < n; i++) consume(runScenario(seed));
  });
  report("sim", { ...r, opsPerSec: r.opsPerSec * seedSteps, unit: "steps/s" }, baseSteps);
  report("sim", { ...r, unit: "scenarios/s" }, base);
  const text = builtinText(DEFAULT_SCENARIO)!;
  const v = measure("parse + validate the seed scenario", (n) => {
    for (let i = 0; i < n; i++) consume(parseScenario(text));
  });
  report("sim", v, base);
}
