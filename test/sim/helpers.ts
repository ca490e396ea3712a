// Helpers for the simulator tests: run a built-in (optionally with other kernels).
import { expect } from "chai";
import { builtinText, parseScenario, runScenario, ScenarioError, validateScenario, type SimResult, type ValidateOptions } from "../../src/sim/index.js";

export function runBuiltin(name: string, opts: ValidateOptions = {}): SimResult {
  const text = builtinText(name);
  if (text === undefined) throw new Error(`no built-in ${name}`);
  return runScenario(parseScenario(text, opts));
}

export function state(r: SimResult, actor: string): string | undefined {
  return r.outcome[actor]?.state;
}

/** Steps whose rule is `rule`. */
export function rules(r: SimResult, rule: string): number {
  return r.steps.filter((s) => s.rule === rule).length;
}

export function builtinJson(name: string): Record<string, unknown> {
  return JSON.parse(builtinText(name)!) as Record<string, unknown>;
}

/** validateScenario refuses `json` with a ScenarioError at `path` whose detail matches `message`. */
export function rejects(json: unknown, path: string, message: RegExp): void {
  try {
    validateScenario(json);
  } catch (e) {
    expect(e).to.be.instanceOf(ScenarioError);
    expect((e as ScenarioError).path).to.equal(path);
    expect((e as ScenarioError).detail).to.match(message);
    return;
  }
  expect.fail(`accepted; expected an error at ${path}`);
}
