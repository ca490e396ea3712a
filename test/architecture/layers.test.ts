// The folders are the architecture: each layer imports only from the layers below it, and no
// module imports itself back through others, not even through type-only imports.
//   arch → layout, sysregs, linux → exceptions, cper, apei → kernel → sim → qemu, cli, web
import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "../helpers.js";

const SRC = join(ROOT, "src");

/** What each folder of src/ may import (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  arch: [],
  layout: ["arch"],
  linux: ["arch"],
  sysregs: ["arch", "layout", "linux"],
  exceptions: ["arch", "layout", "sysregs"],
  cper: ["arch", "layout", "sysregs", "linux"],
  apei: ["arch", "layout", "cper", "linux"],
  kernel: ["arch", "layout", "sysregs", "linux", "cper", "apei", "exceptions"],
  sim: ["arch", "layout", "sysregs", "linux", "cper", "apei", "exceptions", "kernel"],
  qemu: ["arch", "layout", "sysregs", "linux", "cper", "apei", "exceptions", "kernel", "sim"],
  cli: ["arch", "layout", "sysregs", "linux", "cper", "apei", "exceptions", "kernel", "sim", "qemu"],
  web: ["arch", "layout", "sysregs", "linux", "cper", "apei", "exceptions", "kernel", "sim", "cli"],
};

function files(d: string, out: string[] = []): string[] {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Imports and re-exports of a file, type-only ones included (resolved to .ts paths). */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+[^;]*?from\s+"(\.[^"]+)"/gms)) out.push(resolve(dirname(file), m[2]!).replace(/\.js$/, ".ts"));
  return out;
}

const layer = (f: string): string => relative(SRC, f).split("/")[0]!;

describe("architecture: layers import downwards only, no import cycles", () => {
  const all = files(SRC);
  const graph = new Map(all.map((f) => [f, imports(f)]));
  it("every folder of src/ has a place in the layer table", () => {
    const folders = new Set(all.map(layer).filter((x) => !x.endsWith(".ts")));
    expect([...folders].filter((x) => !(x in ALLOWED))).to.deep.equal([]);
  });
  it("no import goes up or sideways", () => {
    const bad: string[] = [];
    for (const [f, outs] of graph) {
      const from = layer(f);
      if (from.endsWith(".ts")) continue; // src/index.ts re-exports the library
      for (const o of outs) {
        const to = layer(o);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) bad.push(`${relative(SRC, f)} → ${relative(SRC, o)}`);
      }
    }
    expect(bad).to.deep.equal([]);
  });
  it("no module imports itself back (no cycles)", () => {
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const cycles: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 1);
      stack.push(f);
      for (const o of graph.get(f) ?? []) {
        if (!graph.has(o)) continue;
        if (state.get(o) === 1) cycles.push(stack.slice(stack.indexOf(o)).map((x) => relative(SRC, x)).join(" → "));
        else if (!state.has(o)) visit(o);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).to.deep.equal([]);
  });
});
