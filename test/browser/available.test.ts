// Part of `npm test`: the page is built and self-contained, and the browser suite
// (npm run test:browser, test/browser/*.browser.ts) says visibly when it cannot run.
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { CHROMIUM, HAVE_CHROMIUM, PAGE } from "./chromium.js";

describe("web page (dist/web/index.html)", () => {
  if (!HAVE_CHROMIUM) {
    it(`SKIPPED: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM): the browser suite (npm run test:browser) cannot run`);
  }
  if (!existsSync(PAGE)) {
    it("SKIPPED: dist/web/index.html is not built (npm run build:web; npm install builds it)");
    return;
  }
  it("is one file with its script and styles inline: nothing is fetched at run time", () => {
    const html = readFileSync(PAGE, "utf8");
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.not.match(/<script[^>]*\bsrc=/i);
    expect(html).to.not.match(/<link[^>]*\bhref="(?!data:)/i);
    expect(html).to.not.match(/\bimport\s*\(\s*["']https?:/);
    expect(html).to.include("<style>").and.include("<script>");
  });
});
