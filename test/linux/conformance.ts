// npm run test:linux — armras against real Linux (issue 12). Boots Debian's newest 6.1.x and
// 6.12.x arm64 kernels under QEMU (src/qemu), injects every case of cases.ts, and fails on any
// disagreement between the real kernel and armras's prediction for that exact build. Needs
// QEMU, EDK2, the aarch64 cross compiler and apt: installed with apt when missing and run as root
// (as `sudo npx armras qemu setup` does); not part of `npm test`. ARMRAS_LINUX_LINES=6.1 runs one line; ARMRAS_LINUX_CASES=<regex> a subset.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, KERNEL_LINES, MissingPrerequisite, missingHostTools, SETUP_COMMAND, setupHost, type KernelLine } from "../../src/qemu/machine.js";
import { runOracle, type OracleRun } from "../../src/qemu/oracle.js";
import { conformanceCases } from "./cases.js";

const lines = (process.env.ARMRAS_LINUX_LINES?.split(",") ?? Object.keys(KERNEL_LINES)) as KernelLine[];
const filter = process.env.ARMRAS_LINUX_CASES ? new RegExp(process.env.ARMRAS_LINUX_CASES) : undefined;
const cases = conformanceCases().filter((c) => !filter || filter.test(c.name));

const hex = (_k: string, v: unknown) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v);

async function main(): Promise<number> {
  let miss = missingHostTools();
  if (miss.length && process.getuid?.() === 0) {
    // As root (CI): install what is missing from apt, as `armras qemu setup` does.
    process.stdout.write(`test:linux: installing ${miss.join(", ")} with apt\n`);
    setupHost((s) => process.stdout.write(`   ${s}\n`));
    miss = missingHostTools();
  }
  if (miss.length) {
    process.stderr.write(`test:linux: this machine lacks ${miss.join(", ")}; install with: ${SETUP_COMMAND}\n`);
    return 2;
  }
  const t0 = Date.now();
  const runs: [KernelLine, OracleRun][] = [];
  for (const line of lines) {
    process.stdout.write(`\n== Debian ${line}.x arm64: ${cases.length} cases\n`);
    const run = await runOracle({ line }, cases, (s) => process.stdout.write(`   ${s}\n`));
    runs.push([line, run]);
    const dir = join(cacheDir(), "reports");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `linux-${line}.json`);
    writeFileSync(file, JSON.stringify(run, hex, 1));
    const agree = run.cases.filter((c) => c.comparison?.agree).length;
    process.stdout.write(`   ${run.kernel.package ?? "image"}: ${run.kernel.version} (model: ${run.kernel.upstream}); ${run.boots} boots, ${(run.wallMs / 1000).toFixed(1)} s; ${agree}/${run.cases.length} agree; report ${file}\n`);
    for (const c of run.cases) {
      if (c.comparison?.agree) continue;
      process.stdout.write(`\n  DIFFER ${c.input.name}: ${c.error ?? c.comparison!.differences.join("; ")}\n`);
      if (c.comparison && c.comparison.diff.some((l) => !l.startsWith("  "))) for (const l of c.comparison.diff) process.stdout.write(`    ${l}\n`);
    }
  }
  process.stdout.write(`\ntest:linux: ${((Date.now() - t0) / 1000).toFixed(1)} s wall\n`);
  let failed = 0;
  for (const [line, run] of runs) {
    const bad = run.cases.filter((c) => !c.comparison?.agree).length;
    failed += bad;
    process.stdout.write(`  ${line}: ${run.kernel.release} (${run.kernel.upstream}): ${run.cases.length - bad} agree, ${bad} differ\n`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`test:linux: ${e instanceof MissingPrerequisite ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
