// Shared helpers for the CPER corpus tests.
import { readFileSync, readdirSync } from "node:fs";
import { parseJson } from "../../src/cper/json/reader.js";
import { sharedPath, HAVE_SHARED } from "../helpers.js";

export function corpusFiles(dir: string, suffix: string): string[] {
  if (!HAVE_SHARED) return [];
  return readdirSync(sharedPath("corpus", "cper", dir))
    .filter((f) => f.endsWith(suffix))
    .sort();
}

export function corpusBytes(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath("corpus", "cper", dir, name)));
}

export function corpusJson(dir: string, name: string): any {
  const r = parseJson(readFileSync(sharedPath("corpus", "cper", dir, name), "utf8"));
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
}

/** A copy without our "_armras" extra members (what libcper's JSON has). */
export function stripExtras(v: unknown): any {
  if (Array.isArray(v)) return v.map(stripExtras);
  if (v instanceof Uint8Array || typeof v !== "object" || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (k !== "_armras") o[k] = stripExtras(x);
  return o;
}

/** dmesg oracle lines: "[Hardware Error]" lines without the "[ time]" stamp. */
export function dmesgLines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.includes("[Hardware Error]"))
    .map((l) => l.replace(/^\s*\[\s*[\d.]+\]\s/, ""));
}
