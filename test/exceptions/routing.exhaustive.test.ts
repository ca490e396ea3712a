// Exhaustive routing and masking over EL x security x SCR_EL3 bits x HCR_EL2 bits x
// PSTATE.{A,I,F} x EL2/EL3 implemented, against an oracle written here from the ASL
// (arch.md §3.1-§3.3, §3.5: AArch64.PendingUnmaskedPhysicalInterrupts,
// AArch64.TakePhysical*Exception, AArch64.DataAbort, AArch64.TakeVirtualSErrorException),
// not by calling the implementation. Plus the §3.4 table rows transcribed.
import { expect } from "chai";
import { route, type RouteDecision } from "../../src/exceptions/route.js";
import { RoutingStateError, type RoutingState } from "../../src/exceptions/controls.js";
import type { EL } from "../../src/arch/el.js";

type Phys = "IRQ" | "FIQ" | "SError";
const PSTATE_POS = { IRQ: 2, FIQ: 1, SError: 4 } as const; // DAIF value bits I, F, A
const N1_A32 = { 0: true, 1: false, 2: false, 3: false } as const;

interface Bits {
  el: EL;
  secure: boolean;
  haveEL2: boolean;
  haveEL3: boolean;
  scr: number; // 3 bits: IRQ(1) FIQ(2) EA(4)
  tge: boolean;
  e2h: boolean;
  ovr: number; // 3 bits: IMO(1) FMO(2) AMO(4)
  tea: boolean;
  vse: boolean;
}

function state(b: Bits): RoutingState {
  let scr = b.secure ? 0n : 1n;
  scr |= BigInt(b.scr & 1) << 1n | BigInt((b.scr >> 1) & 1) << 2n | BigInt((b.scr >> 2) & 1) << 3n;
  scr |= 1n << 10n; // RW
  let hcr = 1n << 31n; // RW
  hcr |= BigInt(b.ovr & 1) << 4n | BigInt((b.ovr >> 1) & 1) << 3n | BigInt((b.ovr >> 2) & 1) << 5n;
  if (b.tge) hcr |= 1n << 27n;
  if (b.e2h) hcr |= 1n << 34n;
  if (b.tea) hcr |= 1n << 37n;
  if (b.vse) hcr |= 1n << 8n;
  return { el: b.el, secure: b.secure, scr, hcr, haveEL2: b.haveEL2, haveEL3: b.haveEL3, haveRAS: true, haveVHE: true, aarch32: N1_A32 };
}

const scrBit = (b: Bits, k: Phys) => (k === "IRQ" ? b.scr & 1 : k === "FIQ" ? (b.scr >> 1) & 1 : (b.scr >> 2) & 1) !== 0;
const hcrBit = (b: Bits, k: Phys) => (k === "IRQ" ? b.ovr & 1 : k === "FIQ" ? (b.ovr >> 1) & 1 : (b.ovr >> 2) & 1) !== 0;

/** Cheap equality check: builds the failure message only on a mismatch. */
function eq(actual: unknown, expected: unknown, ctx: () => string): void {
  if (actual !== expected) expect.fail(`${ctx()}: expected ${String(expected)}, got ${String(actual)}`);
}

function impossible(b: Bits): boolean {
  return (b.el === 2 && !b.haveEL2) || (b.el === 3 && !b.haveEL3) || (b.el === 3 && !b.secure) || (b.el === 2 && b.secure);
}

// ---- the oracle, from the ASL ----
/** AArch64.PendingUnmaskedPhysicalInterrupts for one kind: true when masked. */
function aslMasked(b: Bits, k: Phys, pstateMask: boolean): boolean {
  let mask = pstateMask;
  const el2Enabled = b.haveEL2 && !b.secure;
  if (el2Enabled) {
    const ovr = b.e2h && b.tge ? false : b.tge ? true : hcrBit(b, k);
    if (b.el <= 1) mask = mask && !ovr;
    else if (b.el === 2 && !b.tge) mask = mask || !ovr;
  }
  if (b.haveEL3) {
    if (b.el !== 3) mask = mask && !scrBit(b, k);
    else mask = mask || !scrBit(b, k);
  }
  return mask;
}
/** AArch64.TakePhysical{IRQ,FIQ,SError}Exception target. */
function aslTarget(b: Bits, k: Phys): EL {
  const el2Enabled = b.haveEL2 && !b.secure;
  const inHost = el2Enabled && b.e2h && (b.el === 2 || (b.el === 0 && b.tge));
  const rt3 = b.haveEL3 && scrBit(b, k);
  const rt2 = el2Enabled && b.el <= 1 && (b.tge || (k === "SError" ? !inHost && hcrBit(b, k) : hcrBit(b, k) && !(b.e2h && b.tge)));
  return rt3 ? 3 : b.el === 2 || rt2 ? 2 : 1;
}
/** AArch64.DataAbort with an External abort. */
function aslSeaTarget(b: Bits): EL {
  const el2Enabled = b.haveEL2 && !b.secure;
  const rt3 = b.haveEL3 && scrBit(b, "SError");
  const rt2 = el2Enabled && b.el <= 1 && (b.tge || b.tea);
  return b.el === 3 || rt3 ? 3 : b.el === 2 || rt2 ? 2 : 1;
}

function* allBits(): Generator<Bits> {
  for (const el of [0, 1, 2, 3] as EL[])
    for (const secure of [false, true])
      for (const haveEL2 of [false, true])
        for (const haveEL3 of [false, true])
          for (let scr = 0; scr < 8; scr++)
            for (const tge of [false, true])
              for (const e2h of [false, true])
                for (let ovr = 0; ovr < 8; ovr++)
                  for (const tea of [false, true])
                    for (const vse of [false, true]) yield { el, secure, haveEL2, haveEL3, scr, tge, e2h, ovr, tea, vse };
}

describe("routing: exhaustive against the ASL oracle", () => {
  it("physical IRQ/FIQ/SError: target, masking, pending (every EL, security, SCR, HCR, A/I/F, EL2/EL3 present)", () => {
    let n = 0;
    for (const b of allBits()) {
      if (b.tea || b.vse) continue; // not routing inputs for physical interrupts
      for (const k of ["IRQ", "FIQ", "SError"] as Phys[]) {
        for (let daif = 0; daif < 16; daif += 2) {
          const s = state(b);
          if (impossible(b)) {
            if (daif === 0) expect(() => route(s, { kind: k, daif })).to.throw(RoutingStateError);
            continue;
          }
          const d = route(s, { kind: k, daif });
          const psMask = (daif & PSTATE_POS[k]) !== 0;
          const masked = aslMasked(b, k, psMask);
          const ctx = () => JSON.stringify({ ...b, k, daif, d: { t: d.targetEL, m: d.masked, mk: d.maskable } });
          eq(d.taken, !masked, ctx);
          eq(d.masked, masked, ctx);
          if (!masked) {
            const t = aslTarget(b, k);
            eq(d.targetEL, t, ctx);
            // Vector (arch.md §4.1): every EL is AArch64 here and PSTATE.SP=1 by default.
            eq(d.vectorOffset, (t > b.el ? 0x400 : 0x200) + { IRQ: 0x80, FIQ: 0x100, SError: 0x180 }[k], ctx);
          }
          // Masked even with PSTATE clear: the target is below the current EL (pending).
          const alwaysMasked = aslMasked(b, k, false);
          eq(d.targetEL === null, alwaysMasked, ctx);
          // Maskable iff PSTATE decides it.
          if (!alwaysMasked) eq(d.maskable, aslMasked(b, k, true), ctx);
          n++;
        }
      }
    }
    expect(n).to.be.greaterThan(20000);
  });

  it("synchronous External abort: SCR_EL3.EA, HCR_EL2.TEA, TGE (AArch64.DataAbort)", () => {
    for (const b of allBits()) {
      if (b.vse || b.ovr) continue;
      const s = state(b);
      if (impossible(b)) continue;
      const d: RouteDecision = route(s, { kind: "sync", syncClass: "sea", daif: 15 });
      eq(d.targetEL, aslSeaTarget(b), () => JSON.stringify(b));
      eq(d.taken && !d.masked && !d.maskable, true, () => JSON.stringify(b));
      eq(d.targetEL! >= b.el, true, () => JSON.stringify(b));
    }
  });

  it("other synchronous classes: UNDEFINED/SVC, stage-1 abort, stage-2 abort (AArch64.UndefinedFault, AArch64.DataAbort)", () => {
    for (const b of allBits()) {
      if (b.vse || b.ovr || b.tea || impossible(b)) continue;
      const el2Enabled = b.haveEL2 && !b.secure;
      const other: EL = b.el > 1 ? b.el : b.el === 0 && el2Enabled && b.tge ? 2 : 1;
      const rt2 = el2Enabled && b.el <= 1 && b.tge;
      const abort: EL = b.el === 3 ? 3 : b.el === 2 || rt2 ? 2 : 1;
      const stage2: EL = b.el === 3 ? 3 : b.el === 2 || (el2Enabled && b.el <= 1) ? 2 : 1;
      eq(route(state(b), { kind: "sync", syncClass: "other", daif: 15 }).targetEL, other, () => JSON.stringify(b));
      eq(route(state(b), { kind: "sync", syncClass: "abort", daif: 15 }).targetEL, abort, () => JSON.stringify(b));
      eq(route(state(b), { kind: "sync", syncClass: "stage2", daif: 15 }).targetEL, stage2, () => JSON.stringify(b));
    }
  });

  it("virtual IRQ/FIQ: IMO/FMO enable them", () => {
    for (const b of allBits()) {
      if (b.tea || b.vse || impossible(b)) continue;
      const el2Enabled = b.haveEL2 && !b.secure;
      for (const [kind, bit] of [["vIRQ", 1], ["vFIQ", 2]] as const) {
        const takeable = el2Enabled && b.el <= 1 && !b.tge && (b.ovr & bit) !== 0;
        eq(route(state(b), { kind, daif: 0 }).targetEL, takeable ? 1 : null, () => JSON.stringify(b));
      }
    }
  });

  it("virtual SError: only EL0/EL1, EL2 enabled, TGE=0, AMO=1, PSTATE.A=0; always EL1", () => {
    for (const b of allBits()) {
      if (b.tea || !b.vse || impossible(b)) continue;
      for (const a of [0, 4]) {
        const d = route(state(b), { kind: "vSError", daif: a });
        const el2Enabled = b.haveEL2 && !b.secure;
        const amo = (b.ovr & 4) !== 0;
        const takeable = el2Enabled && b.el <= 1 && !b.tge && amo;
        eq(d.targetEL, takeable ? 1 : null, () => JSON.stringify(b));
        eq(d.taken, takeable && a === 0, () => JSON.stringify(b));
      }
    }
  });
});

describe("routing: arch.md §3.4 table, transcribed", () => {
  // [state, rt3, (E2H,TGE,ovr), from EL0, EL1, EL2, EL3]; "3u" = EL3 unmaskable, "1m" = EL1 PSTATE masks, "p" = pending.
  const rows: [boolean, number, [number, number, number], string, string, string, string][] = [
    [false, 1, [0, 0, 0], "3u", "3u", "3u", "3m"],
    [false, 1, [1, 1, 1], "3u", "3u", "3u", "3m"],
    [false, 0, [0, 0, 0], "1m", "1m", "p", "p"],
    [false, 0, [1, 0, 0], "1m", "1m", "p", "p"],
    [false, 0, [0, 0, 1], "2u", "2u", "2m", "p"],
    [false, 0, [1, 0, 1], "2u", "2u", "2m", "p"],
    [false, 0, [0, 1, 0], "2u", "-", "2m", "p"], // EL1 unusable with TGE
    [false, 0, [1, 1, 0], "2m", "-", "2m", "p"], // VHE host
    [true, 1, [0, 0, 0], "3u", "3u", "-", "3m"],
    [true, 0, [0, 0, 1], "1m", "1m", "-", "p"],
  ];
  for (const [secure, rt3, [e2h, tge, ovr], ...cols] of rows) {
    it(`${secure ? "S" : "NS"} rt3=${rt3} E2H,TGE,ovr=${e2h},${tge},${ovr}: ${cols.join(" ")}`, () => {
      cols.forEach((want, el) => {
        if (want === "-") return;
        const b: Bits = { el: el as EL, secure: secure || el === 3, haveEL2: true, haveEL3: true, scr: rt3 ? 7 : 0, tge: !!tge, e2h: !!e2h, ovr: ovr ? 7 : 0, tea: false, vse: false };
        for (const kind of ["IRQ", "FIQ", "SError"] as Phys[]) {
          const d = route(state(b), { kind, daif: 0 });
          if (want === "p") expect(d.targetEL, `EL${el} ${kind}`).to.equal(null);
          else {
            expect(d.targetEL, `EL${el} ${kind}`).to.equal(Number(want[0]));
            expect(d.maskable, `EL${el} ${kind}`).to.equal(want[1] === "m");
          }
        }
      });
    });
  }
});
