// Conformance over ../shared/corpus/hest and bert: every table decodes, agrees
// field by field with iasl's disassembly (and linuxhw's stored disassembly, and
// fwts where present), and re-encodes to the identical bytes.
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { decodeHest, encodeHest, isGhesV2, type KnownSource } from "../../src/apei/hest.js";
import { decodeBert, encodeBert } from "../../src/apei/tables.js";
import { renderHest, renderSimple } from "../../src/apei/render-tables.js";
import { tableBytes } from "../../src/apei/input.js";
import { walkBootErrorRegion } from "../../src/apei/bert-region.js";
import { buildHest } from "../../src/apei/builder.js";
import { describeShared, sharedPath, HAVE_SHARED } from "../helpers.js";
import { parseIasl, type IaslField } from "./iasl.js";

const read = (...p: string[]) => new Uint8Array(readFileSync(sharedPath(...p)));
const list = (dir: string) => (HAVE_SHARED ? readdirSync(sharedPath("corpus", dir)).filter((f) => f.endsWith(".bin")) : []);

function oracles(dir: string, stem: string): [string, IaslField[]][] {
  return [".iasl.dsl", ".linuxhw-decoded.dsl"]
    .filter((ext) => existsSync(sharedPath("corpus", dir, stem + ext)))
    .map((ext) => [ext, parseIasl(readFileSync(sharedPath("corpus", dir, stem + ext), "utf8"))]);
}

describeShared("APEI corpus: HEST", () => {
  for (const f of list("hest")) {
    const stem = f.replace(/\.bin$/, "");
    describe(stem, () => {
      const bytes = read("corpus", "hest", f);
      it("decodes with a valid checksum and no findings, and re-encodes byte for byte", () => {
        const r = decodeHest(bytes);
        if (!r.ok) throw new Error(r.error.message);
        expect(r.value.checksumValid).to.equal(true);
        expect(r.value.findings).to.deep.equal([]);
        expect(r.value.errorSources.every((s) => s.kind === "known")).to.equal(true);
        expect(Buffer.from(encodeHest(r.value))).to.deep.equal(Buffer.from(bytes));
        expect(Buffer.from(encodeHest(r.value, { header: "preserve" }))).to.deep.equal(Buffer.from(bytes));
      });
      for (const [ext, want] of oracles("hest", stem)) {
        it(`agrees field by field with ${ext} (iasl flag reading)`, () => {
          const r = decodeHest(bytes);
          if (!r.ok) throw new Error(r.error.message);
          const got = parseIasl(renderHest(r.value, bytes, "iasl").join("\n"));
          expect(got).to.deep.equal(want);
        });
        it(`differs from ${ext} only in the AER Global flag under the spec's reading (bit 1)`, () => {
          const r = decodeHest(bytes);
          if (!r.ok) throw new Error(r.error.message);
          const got = parseIasl(renderHest(r.value, bytes, "spec").join("\n"));
          expect(got.length).to.equal(want.length);
          got.forEach((g, i) => {
            if (g.name !== "Global") {
              expect(g).to.deep.equal(want[i]);
              return;
            }
            const src = r.value.errorSources.find((s): s is KnownSource => s.kind === "known" && s.offset + 6 === g.offset)!;
            const flags = src.value["flags"] as number;
            expect(g.value).to.equal(String((flags >> 1) & 1));
            expect(want[i]!.value).to.equal(String(flags & 1));
          });
        });
      }
      const dump = sharedPath("corpus", "hest", `${stem}.acpidump.txt`);
      if (existsSync(dump)) {
        it("reads the acpidump text to the same bytes", () => {
          const r = tableBytes(new Uint8Array(readFileSync(dump)));
          expect(r.ok && Buffer.from(r.value)).to.deep.equal(Buffer.from(bytes));
        });
      }
      it("reads the Raw Table Data of its iasl disassembly to the same bytes", () => {
        const r = tableBytes(new Uint8Array(readFileSync(sharedPath("corpus", "hest", `${stem}.iasl.dsl`))));
        expect(r.ok && Buffer.from(r.value)).to.deep.equal(Buffer.from(bytes));
      });
      const hexf = sharedPath("corpus", "hest", `${stem}.hex`);
      if (existsSync(hexf)) {
        it("reads the iasl raw-data hex to the same bytes", () => {
          const r = tableBytes(new Uint8Array(readFileSync(hexf)));
          expect(r.ok && Buffer.from(r.value)).to.deep.equal(Buffer.from(bytes));
        });
      }
    });
  }

  it("fwts hest-0001: the three AER entries match fwts's log", () => {
    const r = decodeHest(read("corpus", "hest", "fwts_hest-0001_acpidump-0001_HEST.bin"));
    if (!r.ok) throw new Error(r.error.message);
    const log = readFileSync(sharedPath("corpus", "hest", "fwts_hest-0001_acpidump-0001_HEST.fwts.log"), "utf8");
    const blocks = log.split(/HEST PCI Express [\w ]+? AER:/).slice(1);
    expect(blocks.length).to.equal(3);
    const names: Record<string, string> = {
      "Type": "type",
      "Source ID": "sourceId",
      "Flags": "flags",
      "Enabled": "enabled",
      "Number of Records": "recordsToPreallocate",
      "Max Sections Per Record": "maxSectionsPerRecord",
      "Bus": "bus",
      "Device": "device",
      "Function": "function",
      "Device Control": "deviceControl",
      "Uncorrectable Mask": "uncorrectableErrorMask",
      "Uncorrectable Severity": "uncorrectableErrorSeverity",
      "Correctable Error Mask": "correctableErrorMask",
      "Correctable Mask": "correctableErrorMask",
      "Advanced Capabilities": "advancedErrorCapabilities",
      "Root Error Command": "rootErrorCommand",
      "2nd Uncorrectable Mask": "secondaryUncorrectableErrorMask",
      "2nd Uncurrectable Svrity": "secondaryUncorrectableErrorSeverity",
      "2nd Advanced Capabilities": "secondaryAdvancedCapabilities",
    };
    blocks.forEach((b, i) => {
      const src = r.value.errorSources[i] as KnownSource;
      let checked = 0;
      for (const m of b.matchAll(/^hest\s+ {2}([A-Za-z0-9 ]+?):\s*0x([0-9a-f]+)$/gm)) {
        const key = names[m[1]!];
        if (!key) continue;
        expect(src.value[key], `${m[1]}`).to.equal(parseInt(m[2]!, 16));
        checked++;
      }
      expect(checked).to.be.greaterThan(10);
    });
  });

  it("QEMU arm/virt (2 sources): GHESv2 notified by SEA and GPIO, with read-ack registers", () => {
    const r = decodeHest(read("corpus", "hest", "qemu_virt_HEST_2src_139B90000.bin"));
    if (!r.ok) throw new Error(r.error.message);
    const [a, b] = r.value.errorSources;
    if (!a || !b || !isGhesV2(a) || !isGhesV2(b)) throw new Error("expected two GHESv2 sources");
    expect([a.value.notify.type, b.value.notify.type]).to.deep.equal([8, 7]);
    expect([a.value.errorStatusAddress.address, b.value.errorStatusAddress.address]).to.deep.equal([0x139b90000n, 0x139b90008n]);
    expect([a.value.readAckRegister.address, b.value.readAckRegister.address]).to.deep.equal([0x139b90010n, 0x139b90018n]);
    expect(a.value.readAckPreserve).to.equal(0xfffffffffffffffen);
    expect(a.value.readAckWrite).to.equal(1n);
    expect(a.value.errorStatusBlockLength).to.equal(0x1000);
  });

  it("the builder reproduces QEMU's arm/virt HEST tables byte for byte", () => {
    const common = { oemId: "BOCHS ", oemTableId: "BXPC    ", oemRevision: 1, creatorId: "BXPC", creatorRevision: 1 };
    const two = buildHest({ ...common, layout: { base: "0x139B90000", errorStatusBlockLength: 0x1000 }, errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA" }, { type: "ghesv2", sourceId: 1, notify: "GPIO" }] });
    expect(Buffer.from(two.table)).to.deep.equal(Buffer.from(read("corpus", "hest", "qemu_virt_HEST_2src_139B90000.bin")));
    const one = buildHest({ ...common, layout: { base: "0x43DA0000", errorStatusBlockLength: 0x400 }, errorSources: [{ type: 10, sourceId: 0, notify: 8 }] });
    expect(Buffer.from(one.table)).to.deep.equal(Buffer.from(read("corpus", "hest", "qemu_testdata_aarch64_virt_HEST_1src_43DA0000.bin")));
  });
});

describeShared("APEI corpus: BERT", () => {
  for (const f of list("bert")) {
    const stem = f.replace(/\.bin$/, "");
    describe(stem, () => {
      const bytes = read("corpus", "bert", f);
      it("decodes with a valid checksum and re-encodes byte for byte", () => {
        const r = decodeBert(bytes);
        if (!r.ok) throw new Error(r.error.message);
        expect(r.value.checksumValid).to.equal(true);
        expect(r.value.findings).to.deep.equal([]);
        expect(Buffer.from(encodeBert({ ...r.value, after: r.value.after }))).to.deep.equal(Buffer.from(bytes));
      });
      for (const [ext, want] of oracles("bert", stem)) {
        it(`agrees field by field with ${ext}`, () => {
          const r = decodeBert(bytes);
          if (!r.ok) throw new Error(r.error.message);
          expect(parseIasl(renderSimple("BERT", r.value, bytes).join("\n"))).to.deep.equal(want);
        });
      }
      const dump = sharedPath("corpus", "bert", `${stem}.acpidump.txt`);
      if (existsSync(dump)) {
        it("reads the acpidump text to the same bytes", () => {
          const r = tableBytes(new Uint8Array(readFileSync(dump)));
          expect(r.ok && Buffer.from(r.value)).to.deep.equal(Buffer.from(bytes));
        });
      }
    });
  }

  it("fwts bert-0001: region length and address match fwts's log", () => {
    const r = decodeBert(read("corpus", "bert", "fwts_bert-0001_acpidump-0001_BERT.bin"));
    if (!r.ok) throw new Error(r.error.message);
    const log = readFileSync(sharedPath("corpus", "bert", "fwts_bert-0001_acpidump-0001_BERT.fwts.log"), "utf8");
    expect(r.value.body.bootErrorRegionLength).to.equal(parseInt(/Error Region Length\s+0x([0-9a-f]+)/.exec(log)![1]!, 16));
    expect(r.value.body.bootErrorRegionAddress).to.equal(BigInt("0x" + /Error Region\s+0x([0-9a-f]+)/.exec(log)![1]!));
  });

  it("intel/crashlog dummy.bert: the appended region holds the two Firmware Error Record Reference entries", () => {
    const r = decodeBert(read("corpus", "bert", "intel-crashlog_dummy.bert.bin"));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.body.bootErrorRegionLength).to.equal(0x44c);
    expect(r.value.after.length).to.equal(0x44c);
    const region = walkBootErrorRegion(r.value.after, r.value.body.bootErrorRegionLength);
    expect(region.findings).to.deep.equal([]);
    expect(region.blocks.length).to.equal(1);
    const tree = region.blocks[0]!.decoded as { entries: { entry: { SectionType: string } }[] };
    expect(tree.entries.map((e) => e.entry.SectionType)).to.deep.equal(["81212a96-09ed-4996-9471-8d729c8e69ed", "81212a96-09ed-4996-9471-8d729c8e69ed"]);
    // 1100 bytes ≥ ACPI_BERT_PRINT_MAX_LEN: Linux skips it.
    expect(region.blocks[0]!.printed).to.equal(false);
    expect(region.messages).to.deep.equal(["BERT: [Hardware Error]: Skipped 1 error records"]);
  });
});
