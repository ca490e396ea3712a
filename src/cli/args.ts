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
