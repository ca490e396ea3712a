// Minimal argument parser: --flag value, --flag=value, boolean --flag, positionals.
import { UsageError } from "./io.js";

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
}

/**
 * `valued` lists the options that take a value; every other --option is boolean.
 * Unknown options are rejected when `known` is given.
 */
export function parseArgs(args: readonly string[], valued: readonly string[], booleans: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--") || (a.startsWith("-") && a.length === 2 && a !== "-")) {
      const eq = a.indexOf("=");
      const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, "");
      if (valued.includes(name)) {
        const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        options.set(name, value);
      } else if (booleans.includes(name)) {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        options.set(name, true);
      } else {
        throw new UsageError(`unknown option ${a}`);
      }
    } else {
      positionals.push(a);
    }
  }
  return { positionals, options };
}

export function optString(p: ParsedArgs, name: string): string | undefined {
  const v = p.options.get(name);
  return typeof v === "string" ? v : undefined;
}

export function optChoice<T extends string>(p: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = optString(p, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")} (got '${v}')`);
  }
  return v as T;
}

/**
 * A register value as the kernel prints them: hex digits with or without 0x
 * ("96000210" is 0x96000210, as in `Internal error: : 96000210`); decimal only
 * when asked, by a 0d prefix or `decimal` (the --decimal flag). Underscores are
 * ignored; negative values and values wider than `bits` are refused with a reason.
 */
export function parseHexValue(text: string, bits = 64, decimal = false): { ok: true; value: bigint } | { ok: false; error: string } {
  const t = text.trim().replace(/_/g, "").toLowerCase();
  let value: bigint;
  if (/^0x[0-9a-f]+$/.test(t)) value = BigInt(t);
  else if (/^0d[0-9]+$/.test(t)) value = BigInt(t.slice(2));
  else if (decimal && /^[0-9]+$/.test(t)) value = BigInt(t);
  else if (decimal) return { ok: false, error: `not a number: '${text}' (--decimal reads decimal digits)` };
  else if (/^[0-9a-f]+$/.test(t)) value = BigInt("0x" + t);
  else if (/^-/.test(t)) return { ok: false, error: `'${text}' is negative: give an unsigned value (hex digits, e.g. 0xffffffffffffffff for all ones)` };
  else return { ok: false, error: `not a number: '${text}' (hex digits, with or without 0x; decimal as 0d<digits>)` };
  if (value >> BigInt(bits) !== 0n) return { ok: false, error: `'${text}' is wider than ${bits} bits` };
  return { ok: true, value };
}
