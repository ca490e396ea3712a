// One complete routing decision with its reasons: the library behind `armras route`.
import type { EL } from "../arch/el.js";
import { hex } from "../arch/bits.js";
import { checkRoutingState, controlReasons, routingControls, type RoutingState } from "./controls.js";
import {
  DAIF_BIT,
  MASK_BIT,
  physicalMaskable,
  physicalTargetEL,
  syncTargetEL,
  virtualTargetEL,
  type AsyncKind,
  type SyncClass,
} from "./routing.js";
import { vectorOffset, vectorName } from "./vectors.js";

export type RouteKind = "sync" | AsyncKind;

export interface RouteRequest {
  readonly kind: RouteKind;
  /** For kind "sync" (default "sea"). */
  readonly syncClass?: SyncClass;
  /** PSTATE.{D,A,I,F} as SPSR[9:6] >> 6 (D=8, A=4, I=2, F=1). */
  readonly daif: number;
  /** PSTATE.SP (default 1: SP_ELx). */
  readonly sp?: number;
  /** PSTATE.nRW (default 0: AArch64). */
  readonly nRW?: number;
}

export interface RouteDecision {
  readonly kind: RouteKind;
  readonly fromEL: EL;
  /** Routing target, or null when the target is below the current EL (not taken here; stays pending). */
  readonly targetEL: EL | null;
  /** PSTATE can mask it (false for sync and for exceptions routed to a higher EL). */
  readonly maskable: boolean;
  /** Not taken now: masked by PSTATE, or targetEL is null. */
  readonly masked: boolean;
  /** Taken now (targetEL set and not masked). */
  readonly taken: boolean;
  /** Offset from VBAR_<targetEL>, when taken. */
  readonly vectorOffset: number | null;
  readonly vectorName: string | null;
  readonly reasons: readonly string[];
}

/** Decides where an exception goes (throws RoutingStateError for impossible states). */
export function route(state: RoutingState, req: RouteRequest): RouteDecision {
  checkRoutingState(state);
  const c = routingControls(state);
  const why: string[] = controlReasons(state);
  const el = state.el;
  let target: EL | -1;
  let maskable = false;
  if (req.kind === "sync") {
    target = syncTargetEL(c, el, req.syncClass ?? "sea", why);
    why.push("synchronous exceptions are not masked by PSTATE");
  } else if (req.kind === "vIRQ" || req.kind === "vFIQ" || req.kind === "vSError") {
    target = virtualTargetEL(c, el, req.kind, why);
    maskable = target !== -1;
    const pendingBit = req.kind === "vSError" ? c.vse : req.kind === "vIRQ" ? c.vi : c.vf;
    if (!pendingBit && target !== -1) why.push(`HCR_EL2.${req.kind === "vSError" ? "VSE" : req.kind === "vIRQ" ? "VI" : "VF"}=0: nothing is pending now; shown as if it were`);
  } else {
    target = physicalTargetEL(c, el, req.kind, why);
    if (target !== -1) maskable = physicalMaskable(c, el, target, why);
  }
  let masked = target === -1;
  if (maskable && req.kind !== "sync") {
    const b = MASK_BIT[req.kind];
    const set = (req.daif & DAIF_BIT[b]) !== 0;
    why.push(`PSTATE.${b}=${set ? 1 : 0}: ${set ? "masked (stays pending)" : "not masked"}`);
    masked = set;
  }
  const taken = target !== -1 && !masked;
  const vo = taken ? vectorOffset(c, el, target as EL, req.sp ?? 1, req.nRW ?? 0, req.kind) : null;
  if (vo !== null) why.push(`vector VBAR_EL${target} + ${hex(vo, 3)} (${vectorName(vo)})`);
  return {
    kind: req.kind,
    fromEL: el,
    targetEL: target === -1 ? null : target,
    maskable,
    masked,
    taken,
    vectorOffset: vo,
    vectorName: vo === null ? null : vectorName(vo),
    reasons: why,
  };
}
