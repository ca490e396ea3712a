// The package's version, read from package.json (declared there once).
import { readFileSync } from "node:fs";

/** package.json's "version" (two levels above this module in src/cli and in dist/cli). */
export async function packageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "(version unknown)";
  } catch {
    return "(version unknown)";
  }
}
