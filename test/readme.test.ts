// The README's CLI examples are the commands' real output (scripts/readme-examples.ts).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findExamples, renderExample } from "../scripts/readme-examples.js";
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
});
