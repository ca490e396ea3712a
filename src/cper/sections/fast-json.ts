// Moved: withFastJson/withMessage to libcper-codec.ts, the value-level projection to projection.ts
// (kept until the last branch that imports this file is merged).
export { withFastJson, withMessage, type FastJson } from "./libcper-codec.js";
export { zeroOf, flatProject, sameValue, allZero, flatLossless } from "./projection.js";
export { patchOf, PatchBuilder, type PatchEntry } from "../armras-patch.js";
