// Properties over random inputs: every answer is explained (outcome per actor, a reason that is one
// of its steps, every step names a rule and an upstream function), and bad input is a typed error.
import { expect } from "chai";
import fc from "fast-check";
import { CONFIG_NAMES, has, PAGE_STATES, parseConfig, parseKernelVersion, type Decision } from "../../src/kernel/index.js";
import { answerSea, answerSerror, ScenarioError } from "../../src/sim/index.js";

const VERSIONS = ["4.4", "4.9", "4.11", "4.12", "4.13", "4.14", "4.19", "5.4", "5.8", "5.10", "6.1", "6.1.164", "6.13", "6.17-rc2", "6.17.7", "6.18", "6.19"];
const OUTCOMES = ["running", "signal", "killed", "panic"];

function explained(d: Decision): void {
  expect(OUTCOMES).to.include(d.outcome.host);
  if (d.outcome.guest !== undefined) expect(OUTCOMES).to.include(d.outcome.guest);
  expect(d.steps).to.include(d.reason);
  for (const s of d.steps) {
    expect(s.rule).to.match(/^(T[1-7]\.(P?\d+|K\d+|Q\d+)|§\d+(\.\d+)?)$/);
    expect(s.models.length).to.be.greaterThan(3);
  }
  if (d.outcome.host === "panic" || d.outcome.guest === "panic") expect(d.log.some((l) => l.includes("Kernel panic - not syncing: "))).to.equal(true);
}

describe("kernel/properties", () => {
  it("serror: any 64-bit ESR, release, origin and RAS → an explained answer or a typed ScenarioError", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.boolean(), fc.constantFrom(...VERSIONS), fc.constantFrom("el0", "el1", "guest") as fc.Arbitrary<"el0" | "el1" | "guest">, fc.boolean(), (raw, forceSerror, v, from, ras) => {
        const esr = forceSerror ? (raw & ~(0x3fn << 26n)) | (0x2fn << 26n) : raw;
        try {
          explained(answerSerror({ esr, kernel: parseKernelVersion(v), guestKernel: parseKernelVersion(v), from, ras, cpu: 1 }));
        } catch (e) {
          expect(e).to.be.instanceOf(ScenarioError);
          expect(forceSerror).to.equal(false);
        }
      }),
      { numRuns: 400 },
    );
  });
  it("sea: any abort ESR, origin, claim, page state and release → an explained answer or a typed error", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x20, 0x21, 0x24, 0x25, 0x24, 0x25),
        fc.integer({ min: 0, max: 0x1ffffff }),
        fc.constantFrom(0x10, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1b, 0x1c, 0x1f, 0x04, 0x11),
        fc.constantFrom(...VERSIONS),
        fc.constantFrom("el0", "el1", "guest") as fc.Arbitrary<"el0" | "el1" | "guest">,
        fc.boolean(),
        fc.constantFrom(...PAGE_STATES),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
        fc.subarray([...CONFIG_NAMES]),
        (ec0, high, fsc, v, from, claimed, page, oops, intr, ack, flipped) => {
          // Each chosen option flipped from its default (PREEMPT on; GHES, SEA, SDEI, MEMORY_FAILURE off).
          const config = parseConfig(flipped.map((n) => `${n}=${n === "PREEMPT" ? "y" : "n"}`).join(",")).config;
          // Mostly consistent with the origin (EC 0x24/0x20 from below, 0x25/0x21 at EL1), sometimes not.
          const ec = (ec0 & 1) === 1 && from !== "el1" && (high & 1) === 0 ? ec0 - 1 : ec0;
          const esr = (BigInt(ec) << 26n) | (1n << 25n) | BigInt((high & ~0x3f) | fsc);
          try {
            const kv = parseKernelVersion(v);
            const d = answerSea({ esr, kernel: kv, guestKernel: kv, from, claimed, far: 0x1234n, cpu: 0, ras: true, page, panicOnOops: oops, inInterrupt: intr, readAck: ack, config });
            explained(d);
            if (from !== "guest") expect(d.outcome.guest).to.equal(undefined);
            // A die() header says PREEMPT exactly when the kernel was built with it.
            for (const l of d.log.filter((x) => x.startsWith("Internal error: "))) expect(/ PREEMPT SMP$/.test(l), l).to.equal(config.PREEMPT);
            // A firmware record the host kernel cannot read is never acted on, and the answer says so.
            const unreadable = !config.ACPI_APEI_GHES || !config.ACPI_APEI_SEA || !has(kv, "ghesSeaNotify");
            if (claimed && unreadable && from !== "guest") {
              expect(d.notes.length, v).to.be.greaterThan(0);
              expect(d.actions.some((a) => a.kind === "memory_failure" || a.kind === "ghes_clear_ack")).to.equal(false);
            }
            if (!claimed || !unreadable) expect(d.notes).to.deep.equal([]);
          } catch (e) {
            expect(e instanceof ScenarioError, String(e)).to.equal(true);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
