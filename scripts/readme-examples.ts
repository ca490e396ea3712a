// The README's CLI examples are real: each `<!-- armras ARGS -->` marker is followed by a
// console block holding that command's output. `npm run readme` regenerates the blocks;
// test/readme.test.ts fails when a block and the command disagree.
import type { CliIO } from "../src/cli/io.js";
import { run } from "../src/cli/app.js";
import { readFileSync } from "node:fs";

export interface Example {
  readonly args: string[];
  /** Index in the README text where the marker ends. */
  readonly markerEnd: number;
  /** The existing block after the marker (or "" when none). */
  readonly block: string;
}

const MARKER = /<!-- armras ([^>]*?) -->\n(?:\n?(```console\n[\s\S]*?\n```\n))?/g;

export function findExamples(readme: string): Example[] {
  const out: Example[] = [];
  for (const m of readme.matchAll(MARKER)) {
    out.push({ args: m[1]!.trim().split(/\s+/), markerEnd: m.index! + m[0].length - (m[2]?.length ?? 0), block: m[2] ?? "" });
  }
  return out;
}

export async function renderExample(args: readonly string[]): Promise<string> {
  let stdout = "";
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: () => undefined,
    readFile: async (p) => new Uint8Array(readFileSync(p)),
    writeFile: async () => undefined,
  };
  const code = await run(args, io);
  const body = stdout.endsWith("\n") ? stdout : stdout + "\n";
  return "```console\n$ armras " + args.join(" ") + "\n" + body + (code === 0 ? "" : `[exit ${code}]\n`) + "```\n";
}

const FILE_MARKER = /<!-- file ([^\s>]+) -->\n(?:(```(?:ts|json)\n[\s\S]*?\n```\n))?/g;

/** A source file as the README shows it: imported from the package, not from ../src. */
export function renderFile(path: string): string {
  const text = readFileSync(path, "utf8").replace(/from "\.\.\/src\/index\.js"/g, 'from "armras"');
  const lang = path.endsWith(".json") ? "json" : "ts";
  return "```" + lang + "\n" + text + (text.endsWith("\n") ? "" : "\n") + "```\n";
}

export function findFiles(readme: string): { path: string; block: string }[] {
  return [...readme.matchAll(FILE_MARKER)].map((m) => ({ path: m[1]!, block: m[2] ?? "" }));
}

/** The README with every example block regenerated. */
export async function regenerate(readme: string): Promise<string> {
  readme = readme.replace(FILE_MARKER, (_m, path: string) => `<!-- file ${path} -->\n` + renderFile(path));
  let out = "";
  let last = 0;
  for (const m of readme.matchAll(MARKER)) {
    const args = m[1]!.trim().split(/\s+/);
    out += readme.slice(last, m.index!) + `<!-- armras ${args.join(" ")} -->\n` + (await renderExample(args));
    last = m.index! + m[0].length;
  }
  return out + readme.slice(last);
}
