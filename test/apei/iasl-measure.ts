// Measures agreement with ../shared/oracles/iasl-20200925 (not a test: run it with
// `npx tsx test/apei/iasl-measure.ts`): tables identical on every iasl line, and
// iasl lines (field, flag and Raw Table Data lines) we print identically, from
// `armras acpi decode - --format text --flags iasl`, by table kind; then the
// remaining differences by field and iasl's vs our bracketed name.
import { cli, HAVE_SHARED, sharedPath } from "../helpers.js";
import { compareIasl, hexToBytes, readOracle } from "./iasl.js";

if (!HAVE_SHARED) {
  process.stderr.write("../shared is not beside this checkout: nothing to measure\n");
  process.exit(2);
}
let tables = 0;
let agree = 0;
let lines = 0;
let same = 0;
const kinds = new Map<string, [number, number]>();
const classes = new Map<string, { n: number; example: string }>();
const bracket = (x: string | undefined) => (x === undefined ? "(missing)" : (/\[([^\]]*)\]\s*$/.exec(x)?.[1] ?? "(value)"));
for (const sig of ["hest", "einj", "erst", "bert"]) {
  for (const t of readOracle(sharedPath("oracles", "iasl-20200925", `${sig}.jsonl.gz`))) {
    const r = await cli(["acpi", "decode", "-", "--format", "text", "--flags", "iasl"], hexToBytes(t.table));
    const c = compareIasl(t.dsl, r.stdout);
    tables++;
    lines += c.lines;
    same += c.lines - c.differences.length;
    if (c.differences.length === 0) agree++;
    const kind = t.name.split("-").slice(0, 2).join("-");
    const k = kinds.get(kind) ?? [0, 0];
    k[0]++;
    if (c.differences.length === 0) k[1]++;
    kinds.set(kind, k);
    for (const d of c.differences) {
      const key = `${d.key.replace(/^\d+\/\d+\//, "").replace(/#\d+/g, "")}: iasl [${bracket(d.iasl)}], ours [${bracket(d.ours)}]`;
      const e = classes.get(key) ?? { n: 0, example: `${t.name}: ${d.iasl.trim()}` };
      e.n++;
      classes.set(key, e);
    }
  }
}
console.log(`${agree}/${tables} tables agree on every iasl line; ${same}/${lines} iasl lines identical`);
console.log([...kinds].map(([k, [n, a]]) => `${k} ${a}/${n}`).join(", "));
for (const [k, v] of [...classes].sort((a, b) => b[1].n - a[1].n)) console.log(`${v.n}\t${k}\t(e.g. ${v.example})`);
