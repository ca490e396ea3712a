// The scenario library (parseScenario/runScenario) directly, on the shipped examples and on bad input.
import { expect } from "chai";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { fixturePath } from "../helpers.js";
import { runScenario, ScenarioError } from "../../src/exceptions/index.js";
import { parseScenario } from "../../src/cli/commands/take-scenario.js";

const dir = fixturePath("scenarios", "take");

describe("scenario library", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  it("ships at least 5 examples", () => expect(files.length).to.be.at.least(5));
  for (const f of files) {
    it(`${f} validates and runs`, () => {
      const s = parseScenario(JSON.parse(readFileSync(`${dir}/${f}`, "utf8")));
      const r = runScenario(s);
      expect(r.events).to.have.length(s.events.length);
      for (const e of r.events) expect(e.trace.length, `${f} event ${e.index}`).to.be.greaterThan(0);
    });
  }

  it("every event kind runs (serror, vserror, esb, sea, record, msr, mrs, svc, irq, fiq, eret)", () => {
    const s = parseScenario({
      pstate: { EL: 1, SP: 1, D: 1, A: 1, I: 1, F: 1 },
      registers: { SCR_EL3: "0x431", HCR_EL2: "0x80000020", ERR0CTLR: 0x11d, ERR1CTLR: 1, VBAR_EL1: "0x10000" },
      events: [
        { op: "serror", iss: "0x11" },
        { op: "vserror", vsesr: "0x5" },
        { op: "esb" },
        { op: "fiq", level: true },
        { op: "fiq", level: false },
        { op: "irq" },
        { op: "irq", level: false },
        { op: "record", record: 1, type: "DE", serr: 3, ierr: 1, pn: true, addr: "0x1000", misc: ["0x1"], signal: "none", ea: 0 },
        { op: "record", record: 0, type: "CE", serr: 3, ce: 3 },
        { op: "mrs", reg: "DISR_EL1" },
        { op: "msr", reg: "VBAR_EL1", value: "0x20000" },
        { op: "sea", errorType: "UC", write: true, ea: 1 },
        { op: "svc", imm: 1 },
        { op: "eret" },
      ],
    });
    const r = runScenario(s);
    // ERR1STATUS = AV[31] V[30] MV[26] DE[23] PN[22] IERR=1 SERR=3 (arch.md §2.7 layout), ER=0 (not reported in-band)
    expect(r.final.registers.find(([n]) => n === "ERR1STATUS")?.[1]).to.equal("0xc4c00103");
    // ERR0STATUS = V CE=0b11 SERR=3
    expect(r.final.registers.find(([n]) => n === "ERR0STATUS")?.[1]).to.equal("0x43000003");
    expect(r.final.rasInterrupts.map((i) => `${i.kind}${i.record}`)).to.deep.equal(["FHI0"]);
  });

  it("property: mutated scenarios either run or fail with a ScenarioError (never crash)", () => {
    const bases = files.map((f) => JSON.parse(readFileSync(`${dir}/${f}`, "utf8")) as Record<string, unknown>);
    // Every path to a leaf or container in a JSON value.
    const paths = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      const out: (string | number)[][] = [prefix];
      if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
      return out;
    };
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.jsonValue(), (bi, pi, replacement) => {
        const base = structuredClone(bases[bi % bases.length]!);
        const all = paths(base).filter((p) => p.length > 0);
        const path = all[pi % all.length]!;
        let node: Record<string | number, unknown> = base as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
        node[path[path.length - 1]!] = replacement;
        try {
          runScenario(parseScenario(base));
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
        }
      }),
      { numRuns: 400 },
    );
  });

  it("errors carry the JSON path", () => {
    try {
      parseScenario({ events: [{ op: "esb" }], pstate: { EL: 9 } });
      expect.fail("no error");
    } catch (e) {
      expect(e).to.be.instanceOf(ScenarioError);
      expect((e as ScenarioError).path).to.equal("pstate.EL");
    }
    expect(() => parseScenario([])).to.throw(ScenarioError, /scenario: must be an object/);
    expect(() => parseScenario({ events: [], registers: { "ERR<n>STATUS": 0 } })).to.throw(ScenarioError, /record number/);
    expect(() => parseScenario({ events: [{ op: "msr", value: 1 }] })).to.throw(ScenarioError, /must be a register name/);
    expect(() => parseScenario({ events: [{ op: "record", record: 0, type: "UC", serr: 1, ce: 1 }] })).to.throw(ScenarioError, /only for a CE/);
    expect(() => parseScenario({ features: { EL2: false }, events: [{ op: "vserror" }] })).to.throw(ScenarioError, /needs EL2/);
    expect(() => parseScenario({ features: { FEAT_RAS: false, errorRecords: 0 }, events: [{ op: "esb" }, { op: "vserror", vsesr: 1 }] })).to.throw(ScenarioError, /needs FEAT_RAS/);
    expect(() => parseScenario({ description: 3, events: [] })).to.throw(ScenarioError, /description/);
    expect(() => parseScenario({ reset: "cold", events: [] })).to.throw(ScenarioError, /reset/);
    expect(() => parseScenario({ events: [{ op: "irq", level: "yes" }] })).to.throw(ScenarioError, /level/);
    expect(() => parseScenario({ events: [{ op: "record", record: 0, type: "UC", serr: 1, misc: 4 }] })).to.throw(ScenarioError, /array/);
    expect(() => parseScenario({ events: [{ op: "mrs" }] })).to.throw(ScenarioError, /register name/);
    expect(() => parseScenario({ events: [{ op: "mrs", reg: "ERR0ADDR" }] })).to.throw(ScenarioError, /memory-mapped/);
    expect(() => parseScenario({ features: { aarch32: [] }, events: [] })).to.throw(ScenarioError, /features\.aarch32/);
    expect(() => parseScenario({ pstate: { PAN: 1 }, features: { FEAT_PAN: false }, events: [] })).to.throw(ScenarioError, /FEAT_PAN/);
    expect(() => parseScenario({ pstate: { UAO: 1 }, features: { FEAT_UAO: false }, events: [] })).to.throw(ScenarioError, /FEAT_UAO/);
    expect(() => parseScenario({ events: [], registers: { ERR0MISC2: 0 } })).to.throw(ScenarioError, /FEAT_RASv1p1/);
    expect(() => parseScenario({ events: [], features: { FEAT_RAS: false, errorRecords: 0 }, registers: { ERR0CTLR: 0 } })).to.throw(ScenarioError, /FEAT_RAS/);
  });
});
