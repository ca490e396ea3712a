// Public API of the processing-element model (src/exceptions).
export { PE, type PEOptions, type PERegisters, type ErrRecordAccess, type RasInterrupt } from "./pe.js";
export { route, type RouteDecision, type RouteRequest, type RouteKind } from "./route.js";
export { checkRoutingState, routingControls, RoutingStateError, type RoutingControls, type RoutingState } from "./controls.js";
export {
  physicalTargetEL,
  physicalMaskable,
  virtualTargetEL,
  syncTargetEL,
  isInHost,
  type PhysicalKind,
  type VirtualKind,
  type AsyncKind,
  type SyncClass,
} from "./routing.js";
export { vectorOffset, lowerUsesAArch32, vectorName, VECTOR_BASE, VECTOR_KIND_OFFSET, type VectorKind } from "./vectors.js";
export { takeException, exceptionClass, type ExceptionRecord, type ExceptionType } from "./take.js";
export { exceptionReturn, illegalExceptionReturn, PEStateError } from "./eret.js";
export { executeESB, esbOperation, vesbOperation, deferredSyndrome } from "./esb.js";
export { syncExternalAbort, seaIss, SET_OF, type ErrorType, type ExternalAbortAccess } from "./abort.js";
export { recordError, rasSErrorIss, AET_OF, UET_OF, type RecordedError, type RecordedType } from "./records.js";
export { physicalSErrorSyndrome, takePendingInterrupts } from "./interrupts.js";
export { runScenario, buildPE, ScenarioError, type Scenario, type ScenarioEvent, type ScenarioResult } from "./scenario.js";
export { renderTrace, NO_TRACE, type Trace, type TraceStep } from "./trace.js";
