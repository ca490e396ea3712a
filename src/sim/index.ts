// Public API of the end-to-end simulator.
export { parseScenario, validateScenario, ScenarioError, type ValidateOptions } from "./scenario/validate.js";
export type { Scenario, SimEvent } from "./scenario/types.js";
export { runScenario, type SimResult } from "./run.js";
export { renderText, toJson } from "./render.js";
export { builtins, builtin, builtinText, DEFAULT_SCENARIO } from "./builtins.js";
export type { SimStep, ActorOutcome, OutcomeState, Layer } from "./trace.js";
export { serrorScenario, seaScenario, runQuestion, asDecision, defaultRecord, answerSea, answerSerror, type SeaQuestion, type SerrorQuestion, type From } from "./question.js";
