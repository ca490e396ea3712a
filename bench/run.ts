// npm run bench: runs every bench/*.bench.ts in turn (or those named on the command line).
// It runs compiled by tsc (tsconfig.bench.json → build/bench/), the same JavaScript
// dist/ ships, not through tsx: tsx's transform adds a getter per imported binding
// and measured up to 2x slower on the CPER paths.
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.js") || f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
console.log(`node ${process.version}, ${files.length} bench file(s)`);
for (const f of files) {
  const mod = (await import(pathToFileURL(`${here}/${f}`).href)) as { default?: () => void | Promise<void> };
  if (typeof mod.default === "function") await mod.default();
}
