// The fuzz harness's short run (npm run fuzz runs the long one): mutated fixtures
// of every input format through the decoders and the CLI. No input may throw and
// every decoded record must round-trip (bytes, and JSON back to the same bytes).
// Slow inputs are recorded by `npm run fuzz`, not asserted here (no timing in tests).
import { expect } from "chai";
import { fuzzRange, newStats } from "../../fuzz/harness.js";
import { targets } from "../../fuzz/targets.js";

/** Inputs per format: 1500 keeps the ten formats near 20 s on a shared 2-core machine (ARMRAS_FUZZ_N overrides). */
const N = Number(process.env["ARMRAS_FUZZ_N"] ?? 1500);

describe("fuzz: short run over every input format (fixtures/ seeds, seed 1)", function () {
  this.timeout(300000);
  for (const t of targets(false)) {
    it(`${t.name}: ${N} mutated inputs, no throw, no round-trip failure`, async () => {
      const s = await fuzzRange(t, 1, 0, N, newStats(t.name), Number.POSITIVE_INFINITY);
      const bad = [...s.kinds].filter(([k]) => !k.startsWith("slow")).map(([k, v]) => `${v.count} x ${k} (first: seed 1, input ${v.first.index}; npm run fuzz -- --format ${t.name} --seed 1 --from ${v.first.index} --n 1 --no-shared)`);
      expect(bad, bad.join("\n")).to.deep.equal([]);
      expect(s.inputs).to.equal(N);
    });
  }
});
