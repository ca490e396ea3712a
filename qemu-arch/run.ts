// npm run test:qemu-arch: every case of qemu-arch/cases.ts assembled, run under QEMU TCG
// (-cpu max and -cpu cortex-a57) and compared register by register with `armras take
// --core <the matching preset>`. QEMU's known departures (departures.ts) are asserted, not
// skipped. Exit 0 when every case agrees (or departs exactly as listed), 1 otherwise, 2 when
// the tools are missing and cannot be installed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CASES, type Case, type Cpu } from "./cases.js";
import { armrasTake, compare, expected, parseRecord, type Cell } from "./compare.js";
import { departuresOf } from "./departures.js";
import { assembly, LOAD } from "./program.js";
import { build, ensureTools, qemuVersion, runQemu } from "./tools.js";

const TIMEOUT_MS = 15000;
const JOBS = 2;

interface Outcome {
  readonly name: string;
  readonly cpu: Cpu;
  readonly group: Case["group"];
  readonly status: "agree" | "departure" | "FAIL";
  readonly cells: readonly Cell[];
  readonly notes: readonly string[];
}

async function runCase(c: Case, cpu: Cpu, dir: string): Promise<Outcome> {
  const base = join(dir, `${c.name}.${cpu}`);
  writeFileSync(`${base}.s`, assembly(c, cpu));
  build(`${base}.s`, `${base}.o`, `${base}.elf`, LOAD);
  const q = await runQemu(`${base}.elf`, cpu, TIMEOUT_MS);
  const notes: string[] = [];
  if (q.timedOut) return { name: c.name, cpu, group: c.group, status: "FAIL", cells: [], notes: [`QEMU did not finish within ${TIMEOUT_MS} ms`] };
  const obs = parseRecord(q.stdout);
  const plain = compare(expected(c, cpu, await armrasTake(c, cpu)), obs);
  const deps = departuresOf(c.name);
  if (deps.length === 0) {
    const bad = plain.filter((x) => !x.equal);
    return { name: c.name, cpu, group: c.group, status: bad.length ? "FAIL" : "agree", cells: plain, notes };
  }
  // A listed departure: ours must differ from QEMU, and QEMU must be exactly the described departure.
  const differs = plain.filter((x) => !x.equal);
  if (differs.length === 0) notes.push(`listed departure ${deps.map((d) => d.id).join(", ")} no longer observed: QEMU now agrees; remove it from the list`);
  const transformed = await armrasTake(c, cpu, (s) => {
    for (const d of deps) d.transform?.(s as never);
  });
  let ours = expected(c, cpu, transformed);
  for (const d of deps) if (d.expectAs) ours = d.expectAs(ours);
  const asDeparture = compare(ours, obs).map((x) => {
    if (x.equal || !x.compared) return x;
    const ok = deps.some((d) => d.accept?.(x.key, BigInt(x.ours), BigInt(x.qemu)) === true);
    return ok ? { ...x, equal: true } : x;
  });
  const unexplained = asDeparture.filter((x) => !x.equal);
  for (const u of unexplained) notes.push(`not explained by ${deps.map((d) => d.id).join(", ")}: ${u.key} QEMU ${u.qemu}, model of the departure ${u.ours}`);
  for (const d of deps) notes.push(`${d.id}: ${d.title}. ${d.reason}`);
  return { name: c.name, cpu, group: c.group, status: differs.length > 0 && unexplained.length === 0 ? "departure" : "FAIL", cells: plain, notes };
}

async function main(): Promise<number> {
  const t0 = Date.now();
  try {
    ensureTools((s) => process.stdout.write(`${s}\n`));
  } catch (e) {
    process.stderr.write(`test:qemu-arch: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const only = process.argv[2];
  const jobs: [Case, Cpu][] = [];
  for (const c of CASES) if (only === undefined || c.name.includes(only)) for (const cpu of c.cpus) jobs.push([c, cpu]);
  process.stdout.write(`qemu-arch: ${qemuVersion()}; ${jobs.length} runs of ${new Set(jobs.map(([c]) => c.name)).size} cases\n`);
  const dir = mkdtempSync(join(tmpdir(), "armras-qemu-arch-"));
  const results: Outcome[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const [c, cpu] = jobs[i]!;
      try {
        results[i] = await runCase(c, cpu, dir);
      } catch (e) {
        results[i] = { name: c.name, cpu, group: c.group, status: "FAIL", cells: [], notes: [e instanceof Error ? e.message : String(e)] };
      }
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  rmSync(dir, { recursive: true, force: true });

  let compared = 0, equal = 0, unknown = 0;
  for (const r of results) {
    const tag = r.status === "agree" ? "ok  " : r.status === "departure" ? "DEP " : "FAIL";
    const cc = r.cells.filter((x) => x.compared);
    compared += cc.length;
    equal += cc.filter((x) => x.equal).length;
    unknown += r.cells.filter((x) => !x.compared).length;
    process.stdout.write(`${tag} ${r.name} (${r.cpu}): ${cc.filter((x) => x.equal).length}/${cc.length} registers agree\n`);
    if (r.status !== "agree") {
      for (const x of r.cells.filter((y) => !y.equal)) process.stdout.write(`       ${x.key}: ours ${x.ours}, QEMU ${x.qemu}\n`);
      for (const n of r.notes) process.stdout.write(`       ${n}\n`);
    }
  }
  const by = (s: Outcome["status"]) => results.filter((r) => r.status === s).length;
  const cpus = [...new Set(results.map((r) => r.cpu))];
  const groups = [...new Set(results.map((r) => r.group))].map((g) => `${g} ${results.filter((r) => r.group === g).length}`);
  process.stdout.write(
    `\n${results.length} runs (${cpus.map((c) => `${c} ${results.filter((r) => r.cpu === c).length}`).join(", ")}; ${groups.join(", ")}): ` +
      `${by("agree")} agree, ${by("departure")} departures as listed, ${by("FAIL")} failed; ` +
      `${equal}/${compared} compared registers equal, ${unknown} UNKNOWN in the model (not compared); ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return by("FAIL") > 0 ? 1 : 0;
}

process.exitCode = await main();
