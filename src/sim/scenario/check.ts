// Small strict readers for scenario JSON: every error names the key path.
import { parseUnsigned } from "../../arch/bits.js";

/** A scenario that cannot run; `path` is the offending key ("machine.hest[1].notify"). */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { readonly [k: string]: Json | undefined };

export function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

/** An object with only the given keys (unknown keys are an error naming the key). */
export function object(v: unknown, path: string, allowed: readonly string[]): Obj {
  if (v === undefined) throw new ScenarioError(path || "(top level)", "is required");
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ScenarioError(path || "(top level)", "must be an object");
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new ScenarioError(join(path, k), `unknown key (allowed here: ${allowed.join(", ")})`);
  }
  return v as Obj;
}

export function array(v: unknown, path: string): readonly Json[] {
  if (!Array.isArray(v)) throw new ScenarioError(path, "must be an array");
  return v as Json[];
}

export function str(o: Obj, key: string, path: string, fallback?: string): string {
  const v = o[key];
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new ScenarioError(join(path, key), "is required");
  }
  if (typeof v !== "string") throw new ScenarioError(join(path, key), "must be a string");
  return v;
}

export function choice<T extends string>(o: Obj, key: string, path: string, choices: readonly T[], fallback?: T): T {
  const v = str(o, key, path, fallback);
  if (!(choices as readonly string[]).includes(v)) {
    throw new ScenarioError(join(path, key), `'${v}' is not one of ${choices.join(", ")}`);
  }
  return v as T;
}

export function bool(o: Obj, key: string, path: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new ScenarioError(join(path, key), "must be true or false");
  return v;
}

export function int(o: Obj, key: string, path: string, min: number, max: number, fallback?: number): number {
  const v = o[key];
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new ScenarioError(join(path, key), "is required");
  }
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ScenarioError(join(path, key), "must be an integer");
  if (v < min || v > max) throw new ScenarioError(join(path, key), `${v} is outside ${min}..${max}`);
  return v;
}

/** A 64-bit (or narrower) value given as a hex string ("0x80000000") or a safe integer. */
export function u64(o: Obj, key: string, path: string, maxBits = 64, fallback?: bigint): bigint {
  const v = o[key];
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new ScenarioError(join(path, key), "is required");
  }
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0) throw new ScenarioError(join(path, key), "must be a non-negative integer or a hex string");
    if (BigInt(v) >> BigInt(maxBits) !== 0n) throw new ScenarioError(join(path, key), `is wider than ${maxBits} bits`);
    return BigInt(v);
  }
  if (typeof v !== "string") throw new ScenarioError(join(path, key), "must be a hex string such as \"0x80000000\"");
  const p = parseUnsigned(v, maxBits);
  if (!p.ok) throw new ScenarioError(join(path, key), p.error);
  return p.value;
}

export function optU64(o: Obj, key: string, path: string, maxBits = 64): bigint | undefined {
  return o[key] === undefined ? undefined : u64(o, key, path, maxBits);
}
