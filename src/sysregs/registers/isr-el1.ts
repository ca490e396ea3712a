// ISR_EL1: pending interrupt status (read-only; Arm ARM D17 ISR_EL1; Sail getISR, arch.md §3.5).
import { defineRegister } from "../decl.js";
import { enc } from "./enc.js";

export const ISR_EL1 = defineRegister({
  name: "ISR_EL1",
  width: 64,
  desc: "Interrupt Status Register",
  minEL: 1,
  encoding: enc(3, 0, 12, 1, 0),
  readOnly: true,
  fields: [
    { name: "F", msb: 6, access: "RO", reset: 0, desc: "FIQ pending" },
    { name: "I", msb: 7, access: "RO", reset: 0, desc: "IRQ pending" },
    { name: "A", msb: 8, access: "RO", reset: 0, desc: "SError pending" },
  ],
} as const);
