// The browser the page tests drive: Debian's chromium (apt-get install chromium), through
// playwright-core (which downloads nothing). CHROMIUM names another binary.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../helpers.js";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const PAGE = join(ROOT, "dist", "web", "index.html");
export const SCREENSHOTS = join(ROOT, "docs", "screenshots");

/** Flags for a quiet, offline, throw-away browser (no network beyond the page, no updates, no sync). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The page's file:// URL with a query string. */
export function pageUrl(query = ""): string {
  return pathToFileURL(PAGE).href + query;
}

export interface Browser {
  readonly context: import("playwright-core").BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with its own --user-data-dir (playwright's launchPersistentContext passes it). */
export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "armras-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
