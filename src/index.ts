// armras: the library entry point. Each layer of the RAS error path is a namespace,
// in the order an error travels: the architecture and its registers, exception
// entry, the CPER records firmware writes, the ACPI tables that describe where,
// the kernel/KVM/VMM decisions, and the end-to-end simulator over all of them.
export * as arch from "./arch/index.js";
export * as layout from "./layout/index.js";
export * as sysregs from "./sysregs/index.js";
export * as esr from "./sysregs/esr/index.js";
export * as exceptions from "./exceptions/index.js";
export * as cper from "./cper/index.js";
export * as apei from "./apei/index.js";
export * as kernel from "./kernel/index.js";
export * as sim from "./sim/index.js";
