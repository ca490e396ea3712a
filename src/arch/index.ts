// Architecture primitives: 64-bit bit fields, exception levels, PSTATE/SPSR, the CPU feature set.
export * from "./bits.js";
export * from "./el.js";
export * from "./features.js";
export * from "./pstate.js";
