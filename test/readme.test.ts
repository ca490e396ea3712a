// The README's CLI examples are the commands' real output (scripts/readme-examples.ts).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findExamples, findFiles, renderExample, renderFile } from "../scripts/readme-examples.js";
import { tour } from "../examples/library.js";
import { ROOT } from "./helpers.js";

describe("README examples", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const examples = findExamples(readme);

  it("has CLI examples for every command", () => {
    const commands = new Set(examples.map((e) => e.args[0]));
    for (const c of ["sim", "kernel", "esr", "reg", "route", "take", "cper", "acpi"]) expect(commands, c).to.include(c);
  });

  for (const e of examples) {
    it(`armras ${e.args.join(" ")}`, async () => {
      expect(e.block, "block missing: run npm run readme").to.not.equal("");
      expect(e.block).to.equal(await renderExample(e.args));
    });
  }

  for (const f of findFiles(readme)) {
    it(`shows ${f.path} as it is`, () => {
      expect(f.block).to.equal(renderFile(f.path));
    });
  }

  it("the library tour runs and says what the specs and Linux say", () => {
    const lines = tour();
    // Linux esr_class_str[0x25] and fault_info[0x10].name.
    expect(lines[0]).to.equal("ESR 0x96000210: DABT (current EL), FSC synchronous external abort, problems: 0");
    // HCR_EL2.AMO=1 with EL2 enabled routes a physical SError from EL0 to EL2; lower EL AArch64 + SError = 0x400 + 0x180.
    expect(lines[1]).to.equal("SError from EL0 -> EL2, vector offset 0x580");
    expect(lines[2]).to.match(/^\{1\}\[Hardware Error\]: /);
    // Linux arm64_serror_panic() for AET=UEU (kernel.md T1 row 5).
    expect(lines).to.include("SError Interrupt on CPU4, code 0x00000000be000411 -- SError");
    expect(lines).to.include("Kernel panic - not syncing: Asynchronous SError Interrupt");
    expect(lines.at(-1)).to.match(/^seed scenario: host running, guest running, \d+ steps$/);
  });
});
