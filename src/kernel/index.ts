// Public API of the Linux/KVM/QEMU decision model (see docs/kernel.md).
export * from "./version.js";
export * from "./boundaries.js";
export * from "./decision.js";
export * from "./esr-input.js";
export * from "./serror.js";
export * from "./fault-info.js";
export * from "./die.js";
export * from "./sea.js";
export * from "./ghes-estatus.js";
export * from "./ghes-cache.js";
export * from "./ghes-do-proc.js";
export * from "./ghes.js";
export * from "./memory-failure.js";
export * from "./kvm.js";
export * from "./qemu.js";
export * from "./shortcuts.js";
export * from "./render.js";
