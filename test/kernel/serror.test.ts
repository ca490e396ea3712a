// Table T1 of reference/kernel.md (host SError, do_serror), every row, at every tested release.
import { expect } from "chai";
import fc from "fast-check";
import { AET, classifySerror, decodeSyndrome, doSerror, type Decision } from "../../src/kernel/index.js";
import { esr, k, RAS_ERA, serrorEsr } from "./helpers.js";

const PANIC = "Kernel panic - not syncing: Asynchronous SError Interrupt";

interface Row {
  id: string;
  ras: boolean;
  value: bigint;
  /** kernel.md T1 "result (L/M/E)". */
  result: "panic from do_serror" | "panic inside arm64_is_fatal_ras_serror" | "continue";
}

// Rows transcribed from kernel.md §10 T1 (rows 1-9).
const T1: Row[] = [
  { id: "T1.1 IDS=1 (any RAS)", ras: true, value: serrorEsr({ ids: true, iss: 0x1000002 }), result: "panic from do_serror" },
  { id: "T1.1 IDS=1 without RAS", ras: false, value: serrorEsr({ iss: 0x1000000 }), result: "panic from do_serror" },
  { id: "T1.2 no FEAT_RAS, IDS=0", ras: false, value: serrorEsr({ aet: AET.CE, dfsc: 0x11 }), result: "panic from do_serror" },
  { id: "T1.3 DFSC≠0x11 (0x00)", ras: true, value: serrorEsr({ aet: AET.CE, dfsc: 0x00 }), result: "panic inside arm64_is_fatal_ras_serror" },
  { id: "T1.3 DFSC≠0x11 (0x10)", ras: true, value: serrorEsr({ aet: AET.UEO, dfsc: 0x10 }), result: "panic inside arm64_is_fatal_ras_serror" },
  { id: "T1.4 AET UC", ras: true, value: serrorEsr({ aet: 0b000, dfsc: 0x11 }), result: "panic inside arm64_is_fatal_ras_serror" },
  { id: "T1.5 AET UEU", ras: true, value: serrorEsr({ aet: 0b001, dfsc: 0x11 }), result: "panic from do_serror" },
  { id: "T1.6 AET UER", ras: true, value: serrorEsr({ aet: 0b011, dfsc: 0x11 }), result: "panic from do_serror" },
  { id: "T1.7 AET UEO", ras: true, value: serrorEsr({ aet: 0b010, dfsc: 0x11 }), result: "continue" },
  { id: "T1.8 AET CE", ras: true, value: serrorEsr({ aet: 0b110, dfsc: 0x11 }), result: "continue" },
  { id: "T1.9 AET 0b100 reserved", ras: true, value: serrorEsr({ aet: 0b100, dfsc: 0x11 }), result: "panic inside arm64_is_fatal_ras_serror" },
  { id: "T1.9 AET 0b101 reserved", ras: true, value: serrorEsr({ aet: 0b101, dfsc: 0x11 }), result: "panic inside arm64_is_fatal_ras_serror" },
  { id: "T1.9 AET 0b111 reserved", ras: true, value: serrorEsr({ aet: 0b111, dfsc: 0x11 }), result: "panic inside arm64_is_fatal_ras_serror" },
];

function run(v: string, row: Row, cpu = 3): Decision {
  return doSerror({ syndrome: esr(row.value), kernel: k(v), ras: row.ras, cpu });
}

describe("kernel/serror: T1 rows 1-9 at every RAS-era release (L/M/E)", () => {
  for (const row of T1) {
    for (const v of RAS_ERA) {
      it(`${row.id} @${v}: ${row.result}`, () => {
        const d = run(v, row);
        expect(d.reason.rule).to.equal(row.id.slice(0, 4));
        if (row.result === "continue") {
          expect(d.outcome.host).to.equal("running");
          expect(d.log, "CE/UEO: no log").to.deep.equal([]);
          expect(d.actions.filter((a) => a.kind === "signal"), "no signal").to.deep.equal([]);
        } else {
          expect(d.outcome.host).to.equal("panic");
          expect(d.log[d.log.length - 1]).to.equal(PANIC);
          expect(d.reason.models).to.contain(row.result === "panic from do_serror" ? "from arch/arm64/kernel/traps.c do_serror()" : "inside arch/arm64/kernel/traps.c arm64_is_fatal_ras_serror()");
        }
      });
    }
  }
});

describe("kernel/serror: T1 row 10 (v4.14 bad_mode)", () => {
  for (const row of T1) {
    it(`${row.id} value @4.14: 'Bad mode in Error handler' then panic("bad mode")`, () => {
      const d = run("4.14", row, 0);
      expect(d.outcome.host).to.equal("panic");
      expect(d.reason.rule).to.equal("T1.10");
      expect(d.log).to.deep.equal([`Bad mode in Error handler detected on CPU0, code 0x${row.value.toString(16).padStart(8, "0")} -- SError`, "Kernel panic - not syncing: bad mode"]);
    });
  }
  it("4.4 (older than the oldest tree) gets the v4.14 behaviour", () => {
    expect(run("4.4", T1[8]!).reason.rule).to.equal("T1.10");
  });
});

describe("kernel/serror: the pre-panic line by release (kernel.md §2.1 format note)", () => {
  const ueu = T1[6]!;
  it("8 hex digits up to 5.18 (u32 esr)", () => {
    for (const v of ["4.19", "5.4", "5.10", "5.18"]) expect(run(v, ueu).log[0]).to.equal("SError Interrupt on CPU3, code 0xbe000411 -- SError");
  });
  it("16 hex digits from 5.19", () => {
    for (const v of ["5.19", "6.1", "6.13", "6.18"]) expect(run(v, ueu).log[0]).to.equal("SError Interrupt on CPU3, code 0x00000000be000411 -- SError");
  });
  it("v6.18 (and 6.17.7) taint MACHINE_CHECK before printing; v6.13 does not", () => {
    expect(run("6.18", ueu).actions[0]).to.deep.equal({ kind: "taint", actor: "host", flag: "TAINT_MACHINE_CHECK" });
    expect(run("6.17.7", ueu).actions.some((a) => a.kind === "taint")).to.equal(true);
    expect(run("6.13", ueu).actions.some((a) => a.kind === "taint")).to.equal(false);
  });
});

describe("kernel/serror: property over every SError ESR (T1 as a predicate)", () => {
  it("survives iff RAS, IDS=0, DFSC=0x11 and AET ∈ {UEO, CE}; otherwise panics with the two lines", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1ffffff }), fc.boolean(), fc.constantFrom(...RAS_ERA), (iss, ras, v) => {
        const value = (0x2fn << 26n) | (1n << 25n) | BigInt(iss);
        const ids = (iss >> 24) & 1;
        const aet = (iss >> 10) & 7;
        const dfsc = iss & 0x3f;
        const survives = ras && ids === 0 && dfsc === 0x11 && (aet === 0b010 || aet === 0b110);
        const d = doSerror({ syndrome: decodeSyndrome(value), kernel: k(v), ras, cpu: 1 });
        expect(d.outcome.host).to.equal(survives ? "running" : "panic");
        expect(d.log.length).to.equal(survives ? 0 : 2);
        expect(classifySerror(decodeSyndrome(value), ras).verdict === "continue").to.equal(survives);
      }),
      { numRuns: 500 },
    );
  });
});
