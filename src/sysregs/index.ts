// Public API of the register file (src/sysregs, without the ESR codec in ./esr/).
export * from "./types.js";
export * from "./decl.js";
export * from "./catalog.js";
export * from "./access.js";
export * from "./hcr-effective.js";
export * from "./status-w1c.js";
export * from "./trap-iss.js";
export * from "./register-file.js";
export * from "./render.js";
