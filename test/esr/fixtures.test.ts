// The hand-decoded fixtures (fixtures/esr): meaningful without ../shared.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { checkDecoded, decode, memAbortDecodeLines, toJson } from "../../src/sysregs/esr/index.js";
import { fixturePath } from "../helpers.js";

interface Fixture {
  esr: string;
  el: 1 | 2 | 3;
  ec: number;
  class: string;
  il: number;
  iss: number;
  fields: Record<string, number>;
  fsc?: { code: number; name: string };
  register?: string;
  problems: string[];
}

describe("ESR fixtures decoded by hand (fixtures/esr/hand-decoded.json)", () => {
  const file = JSON.parse(readFileSync(fixturePath("esr", "hand-decoded.json"), "utf8")) as { vectors: Fixture[] };
  for (const v of file.vectors) {
    it(`${v.esr} in ESR_EL${v.el}`, () => {
      const d = decode(BigInt(v.esr));
      const problems = checkDecoded(d, { el: v.el });
      const j = toJson(d, problems.map((p) => p.message), v.el);
      expect(j.ec).to.equal(v.ec);
      expect(j.class).to.equal(v.class);
      expect(j.il).to.equal(v.il);
      expect(j.iss).to.equal(v.iss);
      expect(j.fields).to.deep.equal(v.fields);
      if (v.fsc) expect({ code: j.fsc?.code, name: j.fsc?.name }).to.deep.equal(v.fsc);
      if (v.register) expect(j.register).to.equal(v.register);
      expect(problems.map((p) => p.kind)).to.deep.equal(v.problems);
    });
  }
  it("linux-mem-abort-4.19.txt", () => {
    const expected = readFileSync(fixturePath("esr", "linux-mem-abort-4.19.txt"), "utf8").trimEnd().split("\n");
    expect(memAbortDecodeLines(decode(0x96000045n), { kernel: "4.19" })).to.deep.equal(expected);
  });
});
