// The built-in scenarios: JSON files in fixtures/scenarios/sim/ (shipped with the
// package), found from this module upward: src/sim, dist/sim and the benches'
// build/bench/src/sim all sit below the package root (the first folder above with
// a package.json).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, "package.json")) && dirname(d) !== d) d = dirname(d);
  return d;
}

export const BUILTIN_DIR = join(packageRoot(), "fixtures", "scenarios", "sim");
/** What `armras sim` runs with no argument. */
export const DEFAULT_SCENARIO = "seed-guest-poison";

export interface Builtin {
  readonly name: string;
  readonly description: string;
  readonly path: string;
}

let cache: Builtin[] | undefined;

export function builtins(): readonly Builtin[] {
  if (cache) return cache;
  cache = readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const path = join(BUILTIN_DIR, f);
      const j = JSON.parse(readFileSync(path, "utf8")) as { description?: string };
      return { name: f.slice(0, -5), description: j.description ?? "", path };
    });
  return cache;
}

export function builtin(name: string): Builtin | undefined {
  return builtins().find((b) => b.name === name);
}

export function builtinText(name: string): string | undefined {
  const b = builtin(name);
  return b ? readFileSync(b.path, "utf8") : undefined;
}
