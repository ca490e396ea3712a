// Built-in example ESR values (the README quick start decodes these).
import { decode } from "./codec.js";
import { renderText } from "./render-text.js";
import { validate } from "./validate.js";

export interface EsrExample {
  readonly esr: bigint;
  readonly el: 1 | 2 | 3;
  readonly title: string;
}

export const ESR_EXAMPLES: readonly EsrExample[] = Object.freeze([
  { esr: 0x96000004n, el: 1, title: "kernel NULL dereference: level 0 translation fault (Linux log vectors)" },
  { esr: 0x96000410n, el: 1, title: "QEMU-injected synchronous External abort to a guest kernel, FnV=1 (kvm_inject_arm_sea)" },
  { esr: 0x92000410n, el: 1, title: "the same, guest at EL0 (lower-EL class)" },
  { esr: 0xbe000411n, el: 1, title: "RAS SError, AET=UEU: Linux panics" },
  { esr: 0xbe001811n, el: 1, title: "RAS SError, AET=CE: Linux continues" },
  { esr: 0xbf000000n, el: 1, title: "KVM's default virtual SError (IDS=1)" },
  { esr: 0x62341409n, el: 2, title: "EL1 read of ERXSTATUS_EL1 trapped to EL2 by HCR_EL2.TERR" },
  { esr: 0xf2000800n, el: 1, title: "BRK #0x800: Linux BUG()" },
] as const);

/** The text decode of every built-in example. */
export function decodeExamples(): string {
  return ESR_EXAMPLES.map((x) => `# ${x.title} (ESR_EL${x.el})\n` + renderText(decode(x.esr), validate(x.esr, { el: x.el }))).join("\n");
}
