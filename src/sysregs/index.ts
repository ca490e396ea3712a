// Public API of the register file (src/sysregs, without the ESR codec in ./esr/).
export * from "./types.js";
export * from "./decl.js";
export * from "./catalog.js";
export * from "./access.js";
export * from "./hcr_effective.js";
export * from "./status_w1c.js";
export * from "./trap_iss.js";
export * from "./register_file.js";
export * from "./render.js";
