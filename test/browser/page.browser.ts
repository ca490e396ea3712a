// The page in a real browser (issue 15): Debian's chromium, driven by playwright-core,
// loads dist/web/index.html from file:// and every view is exercised; what the page
// shows as an armras command's output must equal that command run here (in-process,
// from the same sources). Screenshots go to docs/screenshots/ (the README shows them).
// Run: npm run test:browser (builds the page first).
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { cli, fixturePath, ROOT } from "../helpers.js";
import { LAYERS } from "../../src/sim/trace.js";
import { HAVE_CHROMIUM, CHROMIUM, launch, pageUrl, SCREENSHOTS, type Browser } from "./chromium.js";

const ARM_GHES = new Uint8Array(readFileSync(fixturePath("cper", "arm-ghes.bin")));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** `hexdump -C` lines. */
function hexdumpC(b: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const row = Array.from(b.subarray(i, i + 16), (x) => x.toString(16).padStart(2, "0"));
    const left = row.slice(0, 8).join(" ");
    const right = row.slice(8).join(" ");
    const ascii = Array.from(b.subarray(i, i + 16), (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : ".")).join("");
    lines.push(`${i.toString(16).padStart(8, "0")}  ${`${left}  ${right}`.padEnd(49)} |${ascii}|`);
  }
  return lines.join("\n") + "\n";
}

/** The kernel's print_hex_dump(KERN_ERR, "[Hardware Error]: ", DUMP_PREFIX_OFFSET, 16, 4, …) lines in a dmesg. */
function dmesgDump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const words: string[] = [];
    for (let j = i; j < Math.min(i + 16, b.length); j += 4) words.push(Array.from(b.subarray(j, j + 4)).reverse().map((x) => x.toString(16).padStart(2, "0")).join(""));
    lines.push(`[  102.331842] [Hardware Error]: ${i.toString(16).padStart(8, "0")}: ${words.join(" ")}`);
  }
  return lines.join("\n") + "\n";
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? "";
}

if (!HAVE_CHROMIUM) {
  describe("web page in chromium", () => {
    it(`SKIPPED: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  });
} else {
  describe("web page in chromium", function () {
    this.timeout(60000);
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];

    before(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await launch();
      page = await browser.context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      // Nothing may leave the page: every request other than the file itself fails the run.
      await browser.context.route(/^(?!file:)/, (route) => {
        errors.push(`network request: ${route.request().url()}`);
        return route.abort();
      });
    });
    after(async () => {
      await browser?.close();
    });
    afterEach(() => {
      expect(errors, "page errors").to.deep.equal([]);
    });

    async function open(query: string, ready: string): Promise<void> {
      await page.goto(pageUrl(query));
      await page.locator(ready).first().waitFor();
    }

    async function shot(name: string): Promise<void> {
      await page.screenshot({ path: join(SCREENSHOTS, name) });
    }

    describe("ESR", () => {
      it("?esr=0x96000010&kernel=6.1 shows Linux 6.1's lines, equal to armras esr --format linux", async () => {
        await open("?esr=0x96000010&kernel=6.1", "#esr-linux");
        const linux = await text(page, "#esr-linux");
        expect(linux).to.include("EC = 0x25: DABT (current EL), IL = 32 bits");
        expect(linux).to.include("FSC = 0x10: synchronous external abort");
        const want = await cli(["esr", "0x96000010", "--format", "linux", "--kernel", "6.1"]);
        expect(linux).to.equal(want.stdout + want.stderr);
        const plain = await cli(["esr", "0x96000010"]);
        expect(await text(page, "#esr-text")).to.equal(plain.stdout);
        await shot("esr.png");
      });

      it("reads a value without 0x, as kernels print it, and draws the ISS fields as bits", async () => {
        await open("?esr=be000c11", "#esr-bits");
        expect(await text(page, "#esr-class")).to.include("EC 0x2f");
        const want = await cli(["esr", "0xbe000c11", "--format", "linux"]);
        expect(await text(page, "#esr-linux")).to.equal(want.stdout + want.stderr);
        expect(await page.locator('#esr-bits td[data-field="AET"]').getAttribute("title")).to.equal("AET[12:10] = 0x3: UER (Recoverable)");
        expect(await page.locator('#esr-bits td[data-field="DFSC"]').getAttribute("colspan")).to.equal("6");
      });

      it("the ESR_ELx, source EL and architecture choices are armras esr's --el, --from-el and --arch", async () => {
        await open("?esr=0x96000010&kernel=5.10", "#esr-linux");
        await page.locator("#esr-el").selectOption("2");
        await page.locator("#esr-from-el").selectOption("0");
        await page.locator("#esr-arch").selectOption("later");
        const args = ["0x96000010", "--el", "2", "--from-el", "0", "--arch", "later"];
        await page.waitForFunction(() => document.querySelector("#esr-text")?.closest(".cli")?.querySelector(".cmd")?.textContent?.includes("--arch later"));
        const want = await cli(["esr", ...args]);
        expect(await text(page, "#esr-text")).to.equal(want.stdout + want.stderr);
        const linux = await cli(["esr", ...args.slice(0, 1), "--format", "linux", "--kernel", "5.10", ...args.slice(1)]);
        expect(await text(page, "#esr-linux")).to.equal(linux.stdout + linux.stderr);
        const problems = await page.locator("#esr-problems li").allTextContents();
        expect(problems.length).to.be.greaterThan(0);
        for (const p of problems) expect(want.stdout).to.include(p);
      });

      it("lists the validation problems armras esr finds", async () => {
        await open("?esr=0x96000110", "#esr-problems");
        const want = await cli(["esr", "0x96000110"]);
        expect(want.code).to.equal(1);
        const items = await page.locator("#esr-problems li").allTextContents();
        expect(items.length).to.be.greaterThan(0);
        for (const p of items) expect(want.stdout).to.include(p);
      });
    });

    describe("registers", () => {
      it("any register as a bit diagram, with armras reg's text", async () => {
        await open("?view=reg&reg=HCR_EL2&value=0x0000002080000000", "#reg-text");
        const want = await cli(["reg", "HCR_EL2", "0x0000002080000000"]);
        expect(await text(page, "#reg-text")).to.equal(want.stdout + want.stderr);
        expect(await page.locator('#reg-bits td[data-field="TEA"]').getAttribute("title")).to.match(/^TEA\[37\] = 0x1/);
        expect(await page.locator('#reg-bits td[data-field="RW"]').getAttribute("title")).to.match(/^RW\[31\] = 0x1/);
        await shot("registers.png");
      });

      it("an error record register by its numbered name (ERR0STATUS), RES0 problems included", async () => {
        await open("?view=reg&reg=ERR0STATUS&value=0xffffffffffffffff", "#reg-text");
        expect(await page.locator("#reg-name").inputValue()).to.equal("ERR<n>STATUS");
        const want = await cli(["reg", "ERR<n>STATUS", "0xffffffffffffffff"]);
        expect(want.code).to.equal(1);
        expect(await text(page, "#reg-text")).to.equal(want.stdout + want.stderr);
        expect(await page.locator("#reg-problems-panel li").count()).to.be.greaterThan(0);
      });
    });

    describe("CPER / GHES / HEST / BERT", () => {
      it("?cper=<GHES status block with an ARM processor section>&kernel=6.18 shows Linux 6.18's text", async () => {
        await open(`?cper=${hex(ARM_GHES)}&kernel=6.18`, "#cper-linux");
        const linux = await text(page, "#cper-linux");
        expect(linux).to.include("section_type: ARM processor error");
        const want = await cli(["cper", "decode", "-", "--format", "linux", "--kernel", "6.18"], ARM_GHES);
        expect(linux).to.equal(want.stdout + want.stderr);
        // The tree has libcper's keys.
        const tree = await text(page, "#cper-tree");
        expect(tree).to.include("genericErrorStatus").and.include("errorDataEntries").and.include("sectionType");
      });

      for (const [form, make] of [["hexdump -C", hexdumpC], ["dmesg print_hex_dump", dmesgDump]] as const) {
        it(`a pasted ${form} decodes as the CLI decodes it`, async () => {
          await open("?view=cper", "#cper-input");
          const pasted = make(ARM_GHES);
          await page.locator("#cper-input").fill(pasted);
          await page.locator("#cper-decode").click();
          await page.locator("#cper-linux").waitFor();
          const want = await cli(["cper", "decode", "-", "--format", "linux"], pasted);
          expect(await text(page, "#cper-linux")).to.equal(want.stdout + want.stderr);
          expect(await text(page, "#cper-summary")).to.equal(`${ARM_GHES.length} bytes; estatus at 0x0 (${ARM_GHES.length} bytes)`);
        });
      }

      it("unusable input shows the CLI's one-line error; an unusable ESR too", async () => {
        await open("?cper=zz12", "#cper-error");
        const want = await cli(["cper", "decode", "-"], "zz12");
        expect(want.code).to.equal(2);
        expect(await text(page, "#cper-error")).to.equal(want.stdout + want.stderr);
        await open("?esr=zzz", "#esr-error");
        const esr = await cli(["esr", "zzz"]);
        expect(await text(page, "#esr-text")).to.equal(esr.stdout + esr.stderr);
      });

      it("a dropped file decodes as the CLI decodes it", async () => {
        await open("?view=cper", "#cper-input");
        const file = readFileSync(fixturePath("cper", "stream.bin"));
        const dt = await page.evaluateHandle((b64: string) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const t = new DataTransfer();
          t.items.add(new File([bytes], "stream.bin"));
          return t;
        }, file.toString("base64"));
        await page.locator("#view-cper").dispatchEvent("drop", { dataTransfer: dt });
        await page.locator("#cper-linux").waitFor();
        const want = await cli(["cper", "decode", "-", "--format", "linux"], new Uint8Array(file));
        expect(await text(page, "#cper-linux")).to.equal(want.stdout + want.stderr);
        // One JSON document per record: the tree holds them all.
        const json = await cli(["cper", "decode", "-", "--format", "json", "--ndjson"], new Uint8Array(file));
        const records = json.stdout.trim().split("\n").length;
        expect(records).to.be.greaterThan(1);
        expect(await page.locator("#cper-tree > details > summary").first().textContent()).to.equal(`records [${records}]`);
      });

      it("clicking a lint finding highlights the bytes of the field it names", async () => {
        const bad = ARM_GHES.slice();
        bad[3]! |= 0x80; // BlockStatus bit 31: reserved
        await open(`?cper=${hex(bad)}`, "#cper-lint");
        const want = await cli(["cper", "lint", "-"], bad);
        expect(want.code).to.equal(1);
        const lines = await page.locator("#cper-lint li").allTextContents();
        expect(lines.join("\n") + "\n").to.equal(want.stdout);
        const finding = page.locator("#cper-lint li", { hasText: "GenericErrorStatus.BlockStatus" });
        await finding.click();
        const selected = await page.locator("#cper-hex .b.sel").evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.o)));
        expect(selected).to.deep.equal([0, 1, 2, 3]);
        expect(await text(page, "#cper-hex-status")).to.match(/^GenericErrorStatus\.BlockStatus {2}\[0x0\.\.0x3\] \(4 bytes\) {2}12 00 00 80/);
        // Hovering a byte of the ARM section's MIDR names that field and lights its 8 bytes.
        const midr = 20 + 72 + 24;
        await page.locator(`#cper-hex .b[data-o="${midr + 3}"]`).hover();
        expect(await text(page, "#cper-hex-status")).to.match(/^GenericErrorDataEntry\[0\]\.Section\.MIDR_EL1 {2}\[0x74\.\.0x7b\]/);
        expect(await page.locator("#cper-hex .b.hl").count()).to.equal(8);
        // Hovering a node of the JSON tree lights the bytes it was decoded from.
        await page.locator('#cper-tree .jleaf[data-path=\'["errorDataEntries",0,"errorDataLength"]\']').hover();
        const lit = await page.locator("#cper-hex .b.hl").evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.o)));
        expect(lit).to.deep.equal([44, 45, 46, 47]);
        expect(await text(page, "#cper-hex-status")).to.match(/^GenericErrorDataEntry\[0\]\.ErrorDataLength/);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator(`#cper-hex .b[data-o="${midr + 3}"]`).hover();
        await shot("cper.png");
      });

      it("encodes the edited JSON back to bytes with armras cper encode", async () => {
        await open(`?cper=${hex(ARM_GHES)}`, "#cper-json");
        const json = await page.locator("#cper-json").inputValue();
        await page.locator("#cper-encode").click();
        await page.locator("#cper-encode-out").waitFor();
        const want = await cli(["cper", "encode", "-"], json);
        expect(await text(page, "#cper-encode-out")).to.equal(want.stdout + want.stderr);
        expect(want.stdout.trim()).to.equal(hex(ARM_GHES));
      });

      it("examples are the status blocks the simulator's firmware writes", async () => {
        await open("?view=cper", "#cper-example");
        const label = (await page.locator("#cper-example option").allTextContents()).find((l) => l.startsWith("host-poison-user:"))!;
        await page.locator("#cper-example").selectOption({ label });
        await page.locator("#cper-linux").waitFor();
        const bytes = Buffer.from((await page.locator("#cper-input").inputValue()).replace(/\s+/g, ""), "hex");
        expect(bytes.length).to.equal(172);
        const want = await cli(["cper", "decode", "-", "--format", "linux"], new Uint8Array(bytes));
        expect(await text(page, "#cper-linux")).to.equal(want.stdout + want.stderr);
        expect(await text(page, "#cper-linux")).to.include("section_type: memory error");
      });

      it("a HEST decodes as armras acpi decode prints it", async () => {
        const hest = new Uint8Array(readFileSync(fixturePath("apei", "arm-server-hest.bin")));
        await open(`?cper=${hex(hest)}`, "#cper-text");
        const want = await cli(["acpi", "decode", "-"], hest);
        expect(await text(page, "#cper-text")).to.equal(want.stdout + want.stderr);
        await page.locator('#cper-hex .b[data-o="9"]').hover();
        expect(await text(page, "#cper-hex-status")).to.match(/^AcpiTableHeader\.checksum/);
      });
    });

    describe("simulator", () => {
      it("?scenario=host-poison-user draws one lane per actor, a box per step, and the outcomes", async () => {
        await open("?scenario=host-poison-user&kernel=6.18", "#sim-diagram");
        const want = await cli(["sim", "host-poison-user", "--kernel", "6.18", "--format", "json"]);
        const j = JSON.parse(want.stdout) as { steps: { n: number; layer: string; rule?: string; models?: string; regs?: object }[]; outcome: Record<string, { state: string }> };
        expect(await page.locator("#sim-diagram .step").count()).to.equal(j.steps.length);
        const lanes = await page.locator("#sim-diagram .lane-head").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.lane));
        expect(lanes).to.deep.equal(["cpu", "firmware", "host", "process"]);
        for (const s of j.steps.filter((x) => x.rule)) {
          expect(await page.locator(`#sim-diagram .step[data-step="${s.n}"]`).getAttribute("title")).to.equal([s.rule, s.models].filter(Boolean).join(" — "));
        }
        const entry = j.steps.find((s) => s.regs)!;
        expect(await text(page, `#sim-diagram .step[data-step="${entry.n}"] table.regs`)).to.include("ESR_EL3").and.include("0x92000010");
        for (const [actor, o] of Object.entries(j.outcome)) {
          expect(await text(page, `#sim-diagram .outcome[data-actor="${actor}"]`)).to.include(o.state);
        }
        const trace = await cli(["sim", "host-poison-user", "--kernel", "6.18"]);
        expect(await text(page, "#sim-text")).to.equal(trace.stdout + trace.stderr);
        // The CPER firmware wrote is in the hex view with its fields.
        await page.locator("#sim-diagram button.bytes").first().click();
        expect(await page.locator("#sim-hex .b").count()).to.equal(172);
        await page.locator('#sim-hex .b[data-o="0"]').hover();
        expect(await text(page, "#sim-hex-status")).to.match(/^GenericErrorStatus\.BlockStatus/);
      });

      it("a guest scenario has the KVM and guest lanes, and the guest's panic as its outcome", async () => {
        await open("?scenario=guest-sea-unclaimed", "#sim-diagram");
        const want = await cli(["sim", "guest-sea-unclaimed", "--format", "json"]);
        const j = JSON.parse(want.stdout) as { steps: unknown[]; outcome: Record<string, { state: string }> };
        const lanes = await page.locator("#sim-diagram .lane-head").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.lane));
        expect(lanes).to.deep.equal(LAYERS.filter((l) => lanes.includes(l)));
        expect(lanes).to.include.members(["kvm", "guest-cpu", "guest"]);
        expect(await page.locator("#sim-diagram .step").count()).to.equal(j.steps.length);
        expect(j.outcome.guest!.state).to.equal("panic");
        expect(await page.locator('#sim-diagram .outcome[data-actor="guest"]').getAttribute("class")).to.equal("outcome panic");
        expect(await page.locator("#sim-diagram .arrow").count()).to.be.greaterThan(2);
        await page.locator("#sim-diagram-panel").screenshot({ path: join(SCREENSHOTS, "sim.png") });
      });

      it("host and guest kernel releases are armras sim's --kernel and --guest-kernel", async () => {
        await open("?scenario=seed-guest-poison&kernel=5.10&guest-kernel=4.19", "#sim-diagram");
        const want = await cli(["sim", "seed-guest-poison", "--kernel", "5.10", "--guest-kernel", "4.19"]);
        expect(await text(page, "#sim-text")).to.equal(want.stdout + want.stderr);
        expect(await text(page, "#sim-summary")).to.include("host kernel 5.10, guest kernel 4.19");
      });

      it("the kernel release changes the run (sea-storm on 6.13 and 6.18)", async () => {
        for (const k of ["6.13", "6.18"]) {
          await open(`?scenario=sea-storm&kernel=${k}`, "#sim-diagram");
          const want = await cli(["sim", "sea-storm", "--kernel", k]);
          expect(await text(page, "#sim-text")).to.equal(want.stdout + want.stderr);
        }
      });
    });

    describe("armras web", () => {
      it("serves the page on 127.0.0.1 and prints the URL", async () => {
        const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "main.ts"), "web", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        try {
          const line = await new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout.on("data", (d: Buffer) => {
              out += d.toString();
              if (out.includes("\n")) resolve(out);
            });
            child.once("exit", (code) => reject(new Error(`armras web exited ${code}`)));
          });
          const m = /^armras web: serving (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)\n$/.exec(line);
          expect(m, line).to.not.equal(null);
          await page.context().unroute(/^(?!file:)/);
          await page.goto(`${m![1]}?esr=0x96000010&kernel=6.1`);
          await page.locator("#esr-linux").waitFor();
          expect(await text(page, "#esr-linux")).to.include("FSC = 0x10: synchronous external abort");
        } finally {
          child.kill();
        }
      });
    });
  });
}
