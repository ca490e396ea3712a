// The page's pure parts, in Node (part of npm test): the bit-diagram model, which bytes
// are which field (cper-spans), the text forms, the kernel list, the browser shims,
// and `armras web`'s server. The DOM around them is tested in chromium (*.browser.ts).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { bitRange, bitsOf, diagramRows } from "../../src/web/bit-diagram.js";
import { acpiSpans, cperSpans, sectionSpans, spanAt, structSpans, type ByteSpan } from "../../src/web/cper-spans.js";
import { compactHex, esrText, jsonDocuments, plainHex } from "../../src/web/text-forms.js";
import { normName, spanForJsonPath } from "../../src/web/json-spans.js";
import { toJsonText } from "../../src/cper/json/tree.js";
import { kernelChoices } from "../../src/web/kernels.js";
import { Buffer as PageBuffer } from "../../src/web/shims/buffer.js";
import { Buffer as InjectedBuffer } from "../../src/web/shims/buffer-global.js";
import * as nodeShim from "../../src/web/shims/node.js";
import { iterate } from "../../src/cper/decode.js";
import { lint } from "../../src/cper/lint.js";
import type { DecodedItem } from "../../src/cper/model.js";
import { RecordHeader } from "../../src/cper/layouts/record-header.js";
import { SectionDescriptor } from "../../src/cper/layouts/section-descriptor.js";
import { PlatformMemoryError } from "../../src/cper/sections/memory.js";
import { AMPERE_GUID } from "../../src/cper/sections/ampere.js";
import { BOUNDARIES } from "../../src/linux/boundaries.js";
import { compareVersions, NEWEST, NEWEST_MODELLED, parseKernelVersion } from "../../src/linux/version.js";
import { serveWeb, webPagePath } from "../../src/cli/commands/web.js";
import { cli, fixturePath, ROOT } from "../helpers.js";

const fixture = (...p: string[]) => new Uint8Array(readFileSync(fixturePath(...p)));

function items(bytes: Uint8Array): DecodedItem[] {
  const out: DecodedItem[] = [];
  for (const r of iterate(bytes)) if (r.ok) out.push(r.value);
  return out;
}

/** Leaf spans never overlap and stay inside the input. */
function expectWellFormed(spans: readonly ByteSpan[], length: number): void {
  let end = 0;
  for (const s of spans) {
    expect(s.start, s.path).to.be.at.least(end);
    expect(s.end, s.path).to.be.greaterThan(s.start);
    expect(s.end, s.path).to.be.at.most(length);
    end = s.end;
  }
}

describe("web page model", () => {
  describe("bit diagram", () => {
    it("lays fields on 32-bit rows, most significant first, filling unnamed bits", () => {
      const rows = diagramRows([{ name: "EC", msb: 31, lsb: 26, value: 0x25n }, { name: "DFSC", msb: 5, lsb: 0, value: 0x10n }], 0x96000010n, 32);
      expect(rows).to.have.length(1);
      expect(rows[0]!.cells.map((c) => [c.name, c.msb, c.lsb, c.value])).to.deep.equal([
        ["EC", 31, 26, 0x25n],
        [undefined, 25, 6, 0x80000n],
        ["DFSC", 5, 0, 0x10n],
      ]);
    });

    it("splits a field that crosses a row, and the first of overlapping fields wins", () => {
      const rows = diagramRows([{ name: "A", msb: 40, lsb: 20, value: 0n }, { name: "B", msb: 21, lsb: 0, value: 0n }], (1n << 40n) | 1n, 64);
      expect(rows.map((r) => r.top)).to.deep.equal([63, 31]);
      expect(rows[0]!.cells.map((c) => [c.name, c.msb, c.lsb, c.value])).to.deep.equal([[undefined, 63, 41, 0n], ["A", 40, 32, 1n << 8n]]);
      expect(rows[1]!.cells.map((c) => [c.name, c.msb, c.lsb])).to.deep.equal([["A", 31, 20], ["B", 19, 0]]);
      for (const r of rows) expect(r.cells.reduce((n, c) => n + c.msb - c.lsb + 1, 0)).to.equal(32);
    });

    it("names bit ranges as Arm writes them", () => {
      expect(bitRange(24, 24)).to.equal("[24]");
      expect(bitRange(12, 10)).to.equal("[12:10]");
      expect(bitsOf(0xbe000c11n, 12, 10)).to.equal(3n);
    });
  });

  describe("which bytes are which field (cper-spans)", () => {
    it("a GHES status block with an ARM section: every byte in one field, as the layouts declare them", () => {
      const b = fixture("cper", "arm-ghes.bin");
      const spans = cperSpans(items(b));
      expectWellFormed(spans, b.length);
      for (let i = 0; i < b.length; i++) expect(spanAt(spans, i), `byte ${i}`).to.not.equal(undefined);
      expect(spanAt(spans, 0)).to.deep.equal({ start: 0, end: 4, path: "GenericErrorStatus.BlockStatus" });
      expect(spanAt(spans, 20)).to.deep.equal({ start: 20, end: 36, path: "GenericErrorDataEntry[0].SectionType" });
      // Revision 0x300: the 72-byte entry with its TimeStamp; the ARM section starts after it.
      expect(spanAt(spans, 84)!.path).to.equal("GenericErrorDataEntry[0].TimeStamp");
      expect(spanAt(spans, 92 + 24)).to.deep.equal({ start: 116, end: 124, path: "GenericErrorDataEntry[0].Section.MIDR_EL1" });
      expect(spanAt(spans, 92 + 40)!.path).to.equal("GenericErrorDataEntry[0].Section.ErrorInformation[0].Version");
    });

    it("a CPER record: header, descriptors and section bodies at their offsets", () => {
      const b = fixture("cper", "multi-record.bin");
      const it0 = items(b);
      const spans = cperSpans(it0);
      expectWellFormed(spans, b.length);
      expect(spanAt(spans, 20)).to.deep.equal({ start: 20, end: 24, path: "RecordHeader.RecordLength" });
      const tree = it0[0]!.tree;
      if (tree.framing !== "record") throw new Error("expected a record");
      tree.sections.forEach((s, i) => {
        const at = RecordHeader.size + SectionDescriptor.size * i;
        expect(spanAt(spans, at)!.path).to.equal(`SectionDescriptor[${i}].SectionOffset`);
        expect(spanAt(spans, s.descriptor.SectionOffset)!.path).to.match(new RegExp(`^Section\\[${i}\\]`));
      });
    });

    it("several items are numbered; a stream's records each start at their offset", () => {
      const b = fixture("cper", "stream.bin");
      const it0 = items(b);
      expect(it0.length).to.be.greaterThan(1);
      const spans = cperSpans(it0);
      expectWellFormed(spans, b.length);
      for (const [i, it] of it0.entries()) expect(spanAt(spans, it.offset)!.path).to.equal(`#${i + 1} RecordHeader.SignatureStart`);
    });

    it("a status block's raw data region, and a bare section", () => {
      const ghes = fixture("cper", "arm-ghes.bin");
      const b = new Uint8Array(ghes.length + 8);
      b.set(ghes);
      const dv = new DataView(b.buffer);
      dv.setUint32(4, ghes.length, true); // RawDataOffset
      dv.setUint32(8, 8, true); // RawDataLength
      const spans = cperSpans(items(b));
      expectWellFormed(spans, b.length);
      expect(spans.at(-1)).to.deep.equal({ start: ghes.length, end: ghes.length + 8, path: "GenericErrorStatus.RawData" });
      const ampere = fixture("cper", "ampere-section.bin");
      const bare: DecodedItem[] = [];
      for (const r of iterate(ampere, { framing: "section", sectionType: AMPERE_GUID, armType: "uefi" })) if (r.ok) bare.push(r.value);
      const bareSpans = cperSpans(bare);
      expectWellFormed(bareSpans, ampere.length);
      expect(bareSpans[0]!.start).to.equal(0);
      expect(bareSpans.every((x) => x.path.startsWith("Section."))).to.equal(true);
    });

    it("a lint finding's offset falls in the field it names", () => {
      const b = fixture("cper", "arm-ghes.bin").slice();
      b[3]! |= 0x80; // BlockStatus reserved bit 31
      b[92 + 40 + 1] = 31; // ErrorInformation[0].Length
      const spans = cperSpans(items(b));
      const findings = lint(b);
      expect(findings.length).to.be.at.least(2);
      for (const f of findings) {
        const s = spanAt(spans, f.offset)!;
        const leaf = f.field.split(".").pop()!;
        expect(s.path, f.field).to.include(leaf);
      }
    });

    it("flat sections use their declared structure; bytes past it are trailing data; unknown bodies are one span", () => {
      const mem = sectionSpans({ codec: "memory", guid: "", value: {} }, 100, 84, "S");
      expect(mem.slice(0, 2)).to.deep.equal([{ start: 100, end: 108, path: "S.ValidationBits" }, { start: 108, end: 116, path: "S.ErrorStatus" }]);
      expect(mem.at(-1)).to.deep.equal({ start: 180, end: 184, path: "S.TrailingData" });
      expect(mem).to.have.length(Object.keys(PlatformMemoryError.fields).length + 1);
      // A 73-byte memory section: the fields that do not fit are left out.
      expect(structSpans(PlatformMemoryError, 0, "M", 73).at(-1)).to.deep.equal({ start: 0x48, end: 0x49, path: "M.MemoryErrorType" });
      expect(sectionSpans({ codec: "unknown", guid: "1-2", value: {} }, 0, 8, "S")).to.deep.equal([{ start: 0, end: 8, path: "S (1-2 body)" }]);
    });

    it("ACPI tables: the standard header's fields, then the body", () => {
      const spans = acpiSpans(100);
      expect(spans[0]).to.deep.equal({ start: 0, end: 4, path: "AcpiTableHeader.signature" });
      expect(spanAt(spans, 9)!.path).to.equal("AcpiTableHeader.checksum");
      expect(spans.at(-1)).to.deep.equal({ start: 36, end: 100, path: "TableBody" });
    });
  });

  describe("JSON tree node → bytes (json-spans)", () => {
    const leaves = (o: unknown, p: (string | number)[] = [], out: (string | number)[][] = []) => {
      if (o !== null && typeof o === "object") for (const [k, v] of Array.isArray(o) ? o.entries() : Object.entries(o)) leaves(v, [...p, k], out);
      else out.push(p);
      return out;
    };

    it("libcper keys find the fields they print, and what they nest inside a field maps to that field", () => {
      const b = fixture("cper", "arm-ghes.bin");
      const it0 = items(b);
      const spans = cperSpans(it0);
      const at = (...p: (string | number)[]) => spanForJsonPath(spans, p)?.path;
      expect(at("genericErrorStatus", "rawDataOffset")).to.equal("GenericErrorStatus.RawDataOffset");
      expect(at("genericErrorStatus", "blockStatus", "errorDataEntryCount")).to.equal("GenericErrorStatus.BlockStatus");
      expect(at("errorDataEntries", 0, "validationBits")).to.equal("GenericErrorDataEntry[0].ValidationBits");
      expect(at("errorDataEntries", 0, "fruID")).to.equal("GenericErrorDataEntry[0].FruId");
      expect(at("sections", 0, "ArmProcessor", "midrEl1")).to.equal("GenericErrorDataEntry[0].Section.MIDR_EL1");
      expect(at("sections", 0, "ArmProcessor", "errorInfoNum")).to.equal("GenericErrorDataEntry[0].Section.ErrInfoNum");
      expect(at("sections", 0, "ArmProcessor", "errorInfo", 1, "multipleError", "type")).to.equal("GenericErrorDataEntry[0].Section.ErrorInformation[1].MultipleError");
      expect(at("sections", 0, "ArmProcessor", "errorInfo", 0, "errorInformation", "cacheError", "level")).to.equal("GenericErrorDataEntry[0].Section.ErrorInformation[0].ErrorInformation");
      expect(at("sections", 0, "ArmProcessor", "contextInfo", 1, "version")).to.equal("GenericErrorDataEntry[0].Section.ContextInformation[1].Version");
      expect(at("sections", 0, "message")).to.equal(undefined);
      // Nearly every leaf of this block's JSON has its bytes.
      const json = JSON.parse(toJsonText(it0[0]!.tree, { armType: "uefi" }, 0));
      const all = leaves(json);
      expect(all.filter((p) => spanForJsonPath(spans, p)).length / all.length).to.be.greaterThan(0.95);
    });

    it("never answers with a structure of other indices or another container", () => {
      const b = fixture("cper", "multi-record.bin");
      const it0 = items(b);
      const spans = cperSpans(it0);
      const json = JSON.parse(toJsonText(it0[0]!.tree, { armType: "uefi" }, 0));
      for (const p of leaves(json)) {
        const s = spanForJsonPath(spans, p);
        if (!s) continue;
        const idx = p.filter((k) => typeof k === "number");
        expect([...s.path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])), `${p.join(".")} -> ${s.path}`).to.deep.equal(idx);
        if (p[0] === "sections") expect(s.path, p.join(".")).to.match(/^Section\[/);
        if (p[0] === "sectionDescriptors") expect(s.path, p.join(".")).to.match(/^SectionDescriptor\[/);
        if (p[0] === "header") expect(s.path, p.join(".")).to.match(/^RecordHeader\./);
      }
      expect(spanForJsonPath(spans, ["header", "recordLength"])!.path).to.equal("RecordHeader.RecordLength");
      expect(spanForJsonPath(spans, ["constructor", "x"])).to.equal(undefined);
      expect(normName("MIDR_EL1")).to.equal(normName("midrEl1"));
    });
  });

  describe("text forms", () => {
    it("hex for the input box and the URL", () => {
      const b = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
      expect(plainHex(b).split("\n")).to.have.length(2);
      expect(plainHex(b).split("\n")[1]).to.equal("d0 dd ea f7");
      expect(compactHex(b)).to.equal(Buffer.from(b).toString("hex"));
    });

    it("every JSON document cper decode prints, braces in strings included", () => {
      expect(jsonDocuments('{"a": "}{"}\n{"b": [1, {"c": "\\"]"}]}\n')).to.deep.equal([{ a: "}{" }, { b: [1, { c: '"]' }] }]);
      expect(jsonDocuments("[1, 2]")).to.deep.equal([[1, 2]]);
      expect(jsonDocuments("{")).to.equal(undefined);
      expect(jsonDocuments("{x}")).to.equal(undefined);
      expect(jsonDocuments("")).to.equal(undefined);
    });

    it("ESR values with or without 0x", () => {
      expect(esrText("96000010")).to.equal("0x96000010");
      expect(esrText(" 0xBE00_0C11 ")).to.equal("0xBE000C11");
    });
  });

  it("offers every release at which a modelled rule changes, oldest first", () => {
    const k = kernelChoices();
    expect(k).to.include(NEWEST_MODELLED);
    for (const b of Object.values(BOUNDARIES) as { since: string; stableOnly?: true }[]) if (!b.stableOnly && compareVersions(parseKernelVersion(b.since), NEWEST) <= 0) expect(k).to.include(b.since);
    expect(k.at(-1)).to.equal(NEWEST_MODELLED);
  });

  describe("browser shims", () => {
    it("Buffer: the conversions the library uses agree with Node's", () => {
      const b = Uint8Array.from({ length: 300 }, (_, i) => (i * 7919) & 0xff);
      for (const enc of ["hex", "base64", "latin1"] as const) {
        const s = Buffer.from(b).toString(enc);
        expect(PageBuffer.from(b).toString(enc), enc).to.equal(s);
        expect([...PageBuffer.from(s, enc)], enc).to.deep.equal([...b]);
        // (start, end) as Node bounds them
        for (const [from, to] of [[5, 17], [0, 300], [290, 400], [-3, 4], [9, 2]] as const) {
          expect(PageBuffer.from(b).toString(enc, from, to), `${enc} ${from}..${to}`).to.equal(Buffer.from(b).toString(enc, from, to));
        }
      }
      expect(InjectedBuffer).to.equal(PageBuffer);
      expect(PageBuffer.from("héllo").toString()).to.equal("héllo");
      expect(PageBuffer.byteLength("héllo")).to.equal(6);
      expect([...PageBuffer.from("0a0bzz", "hex")]).to.deep.equal([10, 11]);
      const view = PageBuffer.from(b.buffer, 2, 3);
      b[2] = 0xaa;
      expect(view[0]).to.equal(0xaa);
      expect(view.length).to.equal(3);
    });

    it("node:*: the page has no file system or threads", () => {
      expect(() => nodeShim.statSync("x")).to.throw(/not available in the browser/);
      expect(nodeShim.existsSync("x")).to.equal(false);
      expect(() => new nodeShim.Worker()).to.throw(/worker threads/);
      expect(nodeShim.dirname("/a/b/c")).to.equal("/a/b");
      expect(nodeShim.dirname("/a")).to.equal("/");
      expect(nodeShim.join("a", "b")).to.equal("a/b");
      expect(nodeShim.availableParallelism()).to.equal(1);
      expect(nodeShim.fileURLToPath("file:///x")).to.equal("file:///x");
      nodeShim.closeSync(0);
    });
  });

  describe("armras web", () => {
    it("serves the page at / with any query, and nothing else", async () => {
      const html = new TextEncoder().encode("<!doctype html><p>page</p>");
      const { server, url } = await serveWeb(html, 0);
      try {
        expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const r = await fetch(`${url}?esr=0x96000010&kernel=6.1`);
        expect(r.status).to.equal(200);
        expect(r.headers.get("content-type")).to.equal("text/html; charset=utf-8");
        expect(await r.text()).to.equal("<!doctype html><p>page</p>");
        expect((await fetch(`${url}index.html`)).status).to.equal(200);
        expect((await fetch(url, { method: "HEAD" })).status).to.equal(200);
        expect((await fetch(`${url}other`)).status).to.equal(404);
      } finally {
        server.close();
      }
    });

    it("finds the page in this package's dist/web", () => {
      expect(webPagePath()).to.equal(`${ROOT}/dist/web/index.html`);
    });

    it("usage errors exit 2 naming the option", async () => {
      const help = await cli(["web", "--help"]);
      expect(help.code).to.equal(0);
      expect(help.stdout).to.match(/^usage: armras web \[--port N\]/);
      const bad = await cli(["web", "--port", "http"]);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.equal("armras web: --port must be a port number from 0 to 65535 (got 'http')\n");
      expect((await cli(["web", "--port", "70000"])).code).to.equal(2);
      expect((await cli(["web", "extra"])).stderr).to.equal("armras web: unexpected argument 'extra'\n");
    });

    it("a port in use exits 2 with the reason", async () => {
      const { server, url } = await serveWeb(new Uint8Array(0), 0);
      try {
        const port = new URL(url).port;
        const r = await cli(["web", "--port", port]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.match(new RegExp(`^armras web: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
      } finally {
        server.close();
      }
    });
  });
});
