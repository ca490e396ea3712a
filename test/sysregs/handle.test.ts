// RegisterFile.handle(): a pre-resolved register must behave exactly like the by-name
// hardware view and hardware writes (read/isUnknown/unknownMask/set), including RES0/RES1
// forcing and UNKNOWN tracking. The oracle is the by-name API on a second register file.
import { expect } from "chai";
import fc from "fast-check";
import { NEOVERSE_N1, withFeatures } from "../../src/arch/features.js";
import { lookupSysReg, SYSTEM_REGISTERS, UnknownRegisterError } from "../../src/sysregs/catalog.js";
import { ERR_RECORD_REGS } from "../../src/sysregs/decl.js";
import { RegisterFile, RegisterFileError } from "../../src/sysregs/register-file.js";
import { UNKNOWN } from "../../src/sysregs/types.js";

const FEATURES = withFeatures(NEOVERSE_N1, { errorRecords: 2 });
/** Every register with fixed storage: system registers (not the ERX* windows) and the records' registers. */
const NAMES = [
  ...SYSTEM_REGISTERS.filter((d) => d.window === undefined).map((d) => d.name),
  ...[0, 1].flatMap((n) => ERR_RECORD_REGS.map((r) => `ERR${n}${r}`)),
];
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
type Op = { kind: "words"; v: bigint; signed: boolean } | { kind: "set"; v: bigint } | { kind: "unknown" } | { kind: "mark" } | { kind: "field" } | { kind: "write"; v: bigint };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("words" as const), v: u64, signed: fc.boolean() }),
  fc.record({ kind: fc.constant("set" as const), v: u64 }),
  fc.constant({ kind: "unknown" as const }),
  fc.constant({ kind: "mark" as const }),
  fc.constant({ kind: "field" as const }),
  fc.record({ kind: fc.constant("write" as const), v: u64 }),
);

function same(a: RegisterFile, b: RegisterFile, name: string): void {
  expect(b.read(name), `${name} value`).to.equal(a.read(name));
  expect(b.unknownMask(name), `${name} UNKNOWN bits`).to.equal(a.unknownMask(name));
  expect(b.isUnknown(name)).to.equal(a.isUnknown(name));
}

describe("sysregs/RegisterFile.handle", () => {
  for (const reset of ["architectural", "zero"] as const) {
    it(`handle writes equal set() by name over random sequences (reset ${reset})`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...NAMES), fc.array(op, { minLength: 1, maxLength: 6 }), (name, ops) => {
          const byName = new RegisterFile({ features: FEATURES, reset });
          const byHandle = new RegisterFile({ features: FEATURES, reset });
          const h = byHandle.handle(name);
          const firstField = [...(lookupSysReg(name)?.byName.keys() ?? [])][0];
          for (const o of ops) {
            switch (o.kind) {
              case "words": {
                const lo = Number(o.v & 0xffff_ffffn), hi = Number(o.v >> 32n);
                byName.set(name, o.v);
                if (o.signed) h.setWords(lo | 0, hi | 0);
                else h.setWords(lo, hi);
                break;
              }
              case "set":
                byName.set(name, o.v);
                h.set(o.v);
                break;
              case "unknown":
                byName.set(name, UNKNOWN);
                h.set(UNKNOWN);
                break;
              case "mark":
                byName.set(name, UNKNOWN);
                h.markUnknown();
                break;
              case "field": // a by-name field write on both: handles must see it
                if (firstField !== undefined) {
                  byName.setField(name, firstField, 0n);
                  byHandle.setField(name, firstField, 0n);
                }
                break;
              case "write": // software write on both
                byName.write(name, o.v);
                byHandle.write(name, o.v);
                break;
            }
            same(byName, byHandle, name);
            const v = byName.read(name);
            expect(h.read()).to.equal(v);
            expect(h.lo()).to.equal(Number(v & 0xffff_ffffn));
            expect(h.hi()).to.equal(Number(v >> 32n));
            expect(h.isUnknown()).to.equal(byName.isUnknown(name));
          }
          // Nothing else changed.
          for (const other of NAMES) same(byName, byHandle, other);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("forces RES1 and RES0 bits (SCR_EL3 RES1 [5:4] and RW RAO on N1; [63:32] RES0 in v8.2, arch.md §2.2)", () => {
    const rf = new RegisterFile({ reset: "zero" });
    const scr = rf.handle("SCR_EL3");
    scr.setWords(0, 0xffff_ffff);
    expect(scr.lo()).to.equal(0x430);
    expect(scr.hi()).to.equal(0);
    expect(rf.read("SCR_EL3")).to.equal(0x430n);
    scr.markUnknown();
    expect(scr.read()).to.equal(0x430n); // RES1/RAO bits stay 1; UNKNOWN bits read 0
    expect(scr.isUnknown()).to.equal(true);
    expect(rf.unknownMask("SCR_EL3") & 0x430n).to.equal(0n);
  });

  it("is a live view: by-name writes, handle writes and reset() are seen both ways", () => {
    const rf = new RegisterFile({ reset: "zero" });
    const h = rf.handle("elr_el2");
    expect(h.name).to.equal("ELR_EL2");
    rf.set("ELR_EL2", 0x1234_5678_9abc_def0n);
    expect([h.hi(), h.lo()]).to.deep.equal([0x1234_5678, 0x9abc_def0]);
    h.setWords(0xffff_ffff, 0x8000_0000);
    expect(rf.read("ELR_EL2")).to.equal(0x8000_0000_ffff_ffffn);
    for (const v of [(1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, 0xffff_ffffn, 1n << 32n, (1n << 64n) - 1n]) {
      h.set(v); // both sides of the 2^53 split in SlotHandle.set
      expect([h.read(), rf.read("ELR_EL2")]).to.deep.equal([v, v]);
    }
    rf.reset();
    expect(h.read()).to.equal(0n);
    expect(rf.handle("err1status").name).to.equal("ERR1STATUS");
  });

  it("rejects ERX* windows, unknown names, missing records and values outside 64 bits", () => {
    const rf = new RegisterFile({ features: FEATURES });
    expect(() => rf.handle("ERXSTATUS_EL1")).to.throw(RegisterFileError, /no fixed storage/);
    expect(() => rf.handle("NOPE_EL1")).to.throw(UnknownRegisterError);
    expect(() => rf.handle("ERR7STATUS")).to.throw(RegisterFileError, /record 7 does not exist/);
    const h = rf.handle("ESR_EL1");
    expect(() => h.set(-1n)).to.throw(RegisterFileError, /ESR_EL1/);
    expect(() => h.set(1n << 64n)).to.throw(RegisterFileError, /ESR_EL1/);
  });
});
