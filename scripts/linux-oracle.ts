// Counts how much of ../shared/oracles/linux-6.1.192 armras prints identically (issue 11):
//   npx tsx scripts/linux-oracle.ts [--kernel 6.1.192] [--show N]
// ESR values through renderLinux (what `armras esr --format linux` prints), status blocks through
// renderLinux at --kernel-arch arm64 and x86_64, compared as the oracle's README says (whitespace
// runs collapsed, {N} normalised, the ghes.c source line dropped, the dmesg view); a refused block
// agrees when it prints only ghes.c's warning. Blocks the kernel prints by reading past a short
// section (reads_past_section) are skipped. test/linux-oracle/ asserts the same in full.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { decode } from "../src/cper/decode.js";
import { renderLinux } from "../src/cper/render/linux.js";
import { parseKernelVersion } from "../src/linux/version.js";
import { renderLinuxEsr } from "../src/sysregs/esr/render-linux.js";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : def);
const kernel = parseKernelVersion(opt("--kernel", "6.1.192"));
const show = Number(opt("--show", "0"));
const DIR = resolve(import.meta.dirname, "..", "..", "shared", "oracles", "linux-6.1.192");

function rows<T>(file: string): T[] {
  return gunzipSync(readFileSync(resolve(DIR, file))).toString("latin1").split("\n").filter(Boolean).map((l) => JSON.parse(l) as T);
}
const norm = (s: string) => s.replace(/\s+/g, " ").trim().replace(/^\{\d+\}/, "{#}");
function kmsg(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (out.length > 0 && !l.startsWith("{") && !l.startsWith("[Firmware Warn]")) out[out.length - 1] += "\n" + l;
    else out.push(l);
  }
  return out.map((l) => l.replace(/[\x00-\x1f\x7f-\xff\\]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")));
}
function same(a: readonly string[], b: readonly string[]): [boolean, number] {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (a[i] === b[i]) n++;
  return [a.length === b.length && n === b.length, n];
}

let values = 0, valuesSame = 0, eLines = 0, eSame = 0;
for (const r of rows<{ esr: string; lines: string[] }>("esr.jsonl.gz")) {
  const got = renderLinuxEsr(BigInt(r.esr), { kernel }).replace(/\n$/, "").split("\n");
  const [ok, n] = same(got, r.lines);
  values++, eLines += r.lines.length, eSame += n;
  if (ok) valuesSame++;
  else if (show > 0 && values - valuesSame <= show) console.log(r.esr, got, r.lines);
}
console.log(`ESR at ${kernel.text}: ${valuesSame}/${values} values identical, ${eSame}/${eLines} lines`);

interface Row { name: string; block: string; lines: string[]; rejected?: string; ghes_warning?: string; reads_past_section?: number[] }
for (const arch of ["arm64", "x86_64"] as const) {
  let blocks = 0, blocksSame = 0, lines = 0, linesSame = 0, skipped = 0;
  for (const r of rows<Row>(`cper-${arch}.jsonl.gz`)) {
    if (r.reads_past_section) {
      skipped++;
      continue;
    }
    const d = decode(Buffer.from(r.block, "hex"), { framing: "estatus" });
    const got = (d.ok ? renderLinux(d.value.tree, { kernel, seq: 1, kernelArch: arch }) : []).map(norm);
    const want = (r.rejected !== undefined ? [r.ghes_warning!] : kmsg(r.lines.slice(1))).map(norm);
    const [ok, n] = same(got, want);
    blocks++, lines += want.length, linesSame += n;
    if (ok) blocksSame++;
    else if (show > 0 && blocks - blocksSame <= show) console.log(r.name, got, want);
  }
  console.log(`CPER ${arch} at ${kernel.text}: ${blocksSame}/${blocks} blocks identical (${skipped} undecidable skipped), ${linesSame}/${lines} lines`);
}
