// QEMU's target_el_table (../shared/arch/routing_qemu_target_el_table.json) as an oracle.
// We follow the post-2021 values (QEMU >= 6.0, with Secure EL2); the pre-2021 cells
// are checked separately against the v8.2 model (no Secure EL2).
import { expect } from "chai";
import { describeShared, readSharedJson } from "../helpers.js";
import { route } from "../../src/exceptions/route.js";
import { RoutingStateError, type RoutingState } from "../../src/exceptions/controls.js";
import type { EL } from "../../src/arch/el.js";

interface QemuVector {
  inputs: { el3_is_aarch64: number; scr_route: number; scr_el3_rw: number; hcr_route_or_tge: number; secure: number; cur_el: number };
  qemu_target_el: number;
  qemu_before_2021_target_el?: number;
}

const SCR_BIT = { IRQ: 1n << 1n, FIQ: 1n << 2n, SError: 1n << 3n } as const;
const HCR_BIT = { IRQ: 1n << 4n, FIQ: 1n << 3n, SError: 1n << 5n } as const;
const TGE = 1n << 27n;
const KINDS = ["IRQ", "FIQ", "SError"] as const;

function stateFor(v: QemuVector, kind: (typeof KINDS)[number], viaTGE: boolean, secureEL2: boolean): RoutingState {
  const i = v.inputs;
  const secure = i.secure === 1;
  let scr = secure ? 0n : 1n; // NS
  if (i.scr_route) scr |= SCR_BIT[kind];
  if (i.scr_el3_rw) scr |= 1n << 10n;
  let hcr = 1n << 31n; // HCR_EL2.RW: EL1 AArch64 (irrelevant to the target)
  if (i.hcr_route_or_tge) hcr |= viaTGE ? TGE : HCR_BIT[kind];
  const el3AArch32 = i.el3_is_aarch64 === 0;
  return {
    el: i.cur_el as EL,
    secure,
    scr,
    hcr,
    haveEL2: true,
    haveEL3: true,
    haveRAS: true,
    haveVHE: true,
    aarch32: { 0: true, 1: true, 2: true, 3: el3AArch32 },
    el3AArch32,
    secureEL2,
  };
}

function check(expected: number, state: RoutingState, kind: (typeof KINDS)[number]): void {
  if (expected === -1) {
    expect(() => route(state, { kind, daif: 0 })).to.throw(RoutingStateError);
    return;
  }
  const d = route(state, { kind, daif: 0 });
  if (expected < state.el) expect(d.targetEL, "not taken: stays pending").to.equal(null);
  else expect(d.targetEL).to.equal(expected);
}

describeShared("routing: QEMU target_el_table (post-2021, QEMU >= 6.0)", () => {
  const data = readSharedJson<{ vectors: QemuVector[] }>("arch", "routing_qemu_target_el_table.json");
  it("has the 86 cells", () => expect(data.vectors).to.have.length(86));
  for (const v of data.vectors) {
    const i = v.inputs;
    const name = `is64=${i.el3_is_aarch64} scr=${i.scr_route} rw=${i.scr_el3_rw} hcr=${i.hcr_route_or_tge} secure=${i.secure} el=${i.cur_el} -> ${v.qemu_target_el}`;
    it(name, () => {
      for (const kind of KINDS) {
        for (const viaTGE of [false, true]) check(v.qemu_target_el, stateFor(v, kind, viaTGE, i.el3_is_aarch64 === 1), kind);
      }
    });
  }
});

describeShared("routing: QEMU < 6.0 target_el_table (before 'add 64-bit S-EL2 to EL exception table', 2021-01-19)", () => {
  // QEMU < 6.0 differs here because it had no Secure EL2: HCR_EL2 was ignored in
  // Secure state and Secure EL2 could not exist. That is exactly the v8.2 model
  // with secureEL2=false.
  const data = readSharedJson<{ vectors: QemuVector[] }>("arch", "routing_qemu_target_el_table.json");
  const old = data.vectors.filter((v) => v.qemu_before_2021_target_el !== undefined);
  it("has the 5 changed cells", () => expect(old).to.have.length(5));
  for (const v of old) {
    it(`secure=${v.inputs.secure} el=${v.inputs.cur_el} hcr=${v.inputs.hcr_route_or_tge}: ${v.qemu_before_2021_target_el} before, ${v.qemu_target_el} after: QEMU < 6.0 differs here because it had no Secure EL2 (HCR_EL2 ignored in Secure state)`, () => {
      for (const kind of KINDS) check(v.qemu_before_2021_target_el!, stateFor(v, kind, false, false), kind);
    });
  }
});
