// The entry/return hot path reads and writes registers through pre-resolved handles.
// A register file without handle() gets NamedHandle (the by-name methods). Oracle: the
// same operations on a PE over the plain by-name contract must give identical traces,
// PSTATE, PC and registers (values and UNKNOWN), with tracing on and off.
import { expect } from "chai";
import fc from "fast-check";
import { DEFAULT_FEATURES } from "../../src/arch/features.js";
import { PSTATE_RESET_EL3 } from "../../src/arch/pstate.js";
import { PE, type PERegisters, type ErrRecordAccess } from "../../src/exceptions/pe.js";
import { elRegisters, NamedHandle, registerHandle, VectorAddresses } from "../../src/exceptions/reg-handles.js";
import { RegisterFile } from "../../src/sysregs/register-file.js";
import { UNKNOWN, type AccessContext, type SysRegEncoding } from "../../src/sysregs/types.js";
import type { Trace } from "../../src/exceptions/trace.js";

/** The RegisterFile behind the by-name contract only (no handle()). */
class ByName implements PERegisters {
  constructor(readonly rf: RegisterFile) {}
  get features() {
    return this.rf.features;
  }
  read(n: string) {
    return this.rf.read(n);
  }
  isUnknown(n: string) {
    return this.rf.isUnknown(n);
  }
  set(n: string, v: bigint | typeof UNKNOWN) {
    this.rf.set(n, v);
  }
  getField(n: string, f: string) {
    return this.rf.getField(n, f);
  }
  setField(n: string, f: string, v: bigint) {
    this.rf.setField(n, f, v);
  }
  write(n: string, v: bigint) {
    this.rf.write(n, v);
  }
  mrs(r: string | SysRegEncoding, ctx: AccessContext) {
    return this.rf.mrs(r, ctx);
  }
  msr(r: string | SysRegEncoding, v: bigint, ctx: AccessContext) {
    return this.rf.msr(r, v, ctx);
  }
  errRecord(n: number): ErrRecordAccess {
    return this.rf.errRecord(n);
  }
}

function registers(): RegisterFile {
  const rf = new RegisterFile({ reset: "zero" });
  rf.set("SCR_EL3", 0x431n);
  rf.set("HCR_EL2", 0x80000020n); // RW, AMO
  rf.set("VBAR_EL1", 0xffff_8000_1001_0000n);
  rf.set("VBAR_EL2", 0x8001_0000n);
  rf.set("SCTLR_EL1", 1n << 21n); // IESB
  return rf;
}

const WATCH = ["ESR", "FAR", "ELR", "SPSR"].flatMap((k) => [1, 2, 3].map((el) => `${k}_EL${el}`)).concat(["HCR_EL2", "SCTLR_EL1"]);

type Op =
  | { op: "svc"; imm: number }
  | { op: "serror"; iss: number; inFlight: boolean }
  | { op: "eret" }
  | { op: "vserror"; vsesr: bigint }
  | { op: "line"; line: "IRQ" | "FIQ"; level: boolean }
  | { op: "daif"; reg: "DAIFSet" | "DAIFClr"; imm: number }
  | { op: "sea"; va: bigint | undefined; fetch: boolean }
  | { op: "esb" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("svc" as const), imm: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ op: fc.constant("serror" as const), iss: fc.integer({ min: 0, max: 0x1ff_ffff }), inFlight: fc.boolean() }),
  fc.constant({ op: "eret" as const }),
  fc.record({ op: fc.constant("vserror" as const), vsesr: fc.bigInt({ min: 0n, max: (1n << 25n) - 1n }) }),
  fc.record({ op: fc.constant("line" as const), line: fc.constantFrom("IRQ" as const, "FIQ" as const), level: fc.boolean() }),
  fc.record({ op: fc.constant("daif" as const), reg: fc.constantFrom("DAIFSet" as const, "DAIFClr" as const), imm: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ op: fc.constant("sea" as const), va: fc.option(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { nil: undefined }), fetch: fc.boolean() }),
  fc.constant({ op: "esb" as const }),
);

function apply(pe: PE, o: Op): Trace | string {
  try {
    switch (o.op) {
      case "svc":
        return pe.svc(o.imm);
      case "serror":
        return pe.raiseSError(o.iss, o.inFlight);
      case "eret":
        return pe.eret();
      case "vserror":
        return pe.injectVirtualSError(o.vsesr);
      case "line":
        return pe.setLine(o.line, o.level);
      case "daif":
        return pe.msr(o.reg, BigInt(o.imm));
      case "sea":
        return pe.externalAbort({ ...(o.va === undefined ? {} : { va: o.va }), fetch: o.fetch, errorType: "UER" });
      case "esb":
        return pe.esb();
    }
  } catch (e) {
    return `threw ${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe("exceptions: register handles on the entry/return path", () => {
  for (const trace of [true, false]) {
    it(`a PE over the by-name contract matches a PE with handles (trace ${trace ? "on" : "off"})`, () => {
      fc.assert(
        fc.property(fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>, fc.array(opArb, { minLength: 1, maxLength: 12 }), (el, ops) => {
          const pstate = { ...PSTATE_RESET_EL3, EL: el, SP: el === 0 ? (0 as const) : (1 as const), D: 0 as const, A: 0 as const, I: 0 as const, F: 0 as const };
          const rfFast = registers();
          const rfSlow = registers();
          const fast = new PE(rfFast, { pstate, pc: 0x40_0000n, trace });
          const slow = new PE(new ByName(rfSlow), { pstate, pc: 0x40_0000n, trace });
          for (const o of ops) {
            expect(apply(fast, o), o.op).to.deep.equal(apply(slow, o));
            expect(fast.pstate).to.deep.equal(slow.pstate);
            expect(fast.pc).to.equal(slow.pc);
            expect(fast.entries).to.equal(slow.entries);
            for (const n of WATCH) {
              expect(rfFast.read(n), n).to.equal(rfSlow.read(n));
              expect(rfFast.unknownMask(n), n).to.equal(rfSlow.unknownMask(n));
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it("registerHandle falls back to NamedHandle, which mirrors the by-name methods", () => {
    const rf = registers();
    const slow = new ByName(rf);
    const h = registerHandle(slow, "ELR_EL1");
    expect(h).to.be.instanceOf(NamedHandle);
    expect(registerHandle(rf, "ELR_EL1")).to.not.be.instanceOf(NamedHandle);
    expect(h.name).to.equal("ELR_EL1");
    h.setWords(0xdead_beef | 0, 0x8000_0001);
    expect(rf.read("ELR_EL1")).to.equal(0x8000_0001_dead_beefn);
    expect([h.hi(), h.lo(), h.read()]).to.deep.equal([0x8000_0001, 0xdead_beef, 0x8000_0001_dead_beefn]);
    h.markUnknown();
    expect(h.isUnknown()).to.equal(true);
    expect(rf.isUnknown("ELR_EL1")).to.equal(true);
    h.set(5n);
    expect([h.isUnknown(), rf.read("ELR_EL1")]).to.deep.equal([false, 5n]);
    h.set(UNKNOWN);
    expect(rf.isUnknown("ELR_EL1")).to.equal(true);
    const bank = elRegisters(slow, 2);
    expect([bank.ESR.name, bank.FAR.name, bank.ELR.name, bank.SPSR.name, bank.VBAR.name, bank.SCTLR.name]).to.deep.equal(["ESR_EL2", "FAR_EL2", "ELR_EL2", "SPSR_EL2", "VBAR_EL2", "SCTLR_EL2"]);
  });

  it("VectorAddresses: VBAR[63:11] with the offset in [10:0], following every VBAR change (arch.md §4.1)", () => {
    const rf = registers();
    const v = new VectorAddresses(rf.handle("VBAR_EL1"));
    expect(v.at(0x380)).to.equal(0xffff_8000_1001_0380n);
    expect(v.at(0x000)).to.equal(0xffff_8000_1001_0000n);
    expect(v.at(0x380)).to.equal(0xffff_8000_1001_0380n); // remembered
    rf.set("VBAR_EL1", 0x8_0000_0800n);
    expect(v.at(0x380)).to.equal(0x8_0000_0b80n);
    rf.set("VBAR_EL1", 0xffff_ffff_ffff_f800n);
    expect(v.at(0x780)).to.equal(0xffff_ffff_ffff_ff80n);
    expect(v.at(0x004)).to.equal(0xffff_ffff_ffff_f804n); // not a vector slot: computed, not remembered
    const slow = new VectorAddresses(new NamedHandle(rf, "VBAR_EL1"));
    expect(slow.at(0x200)).to.equal(0xffff_ffff_ffff_fa00n);
  });

  it("PE.bank() gives the register file's handles for ELs 1..3", () => {
    const pe = new PE(registers(), { features: DEFAULT_FEATURES, trace: false });
    expect(pe.bank(3).VBAR.name).to.equal("VBAR_EL3");
    expect(pe.bank(1)).to.equal(pe.bank(1)); // resolved once
  });
});
