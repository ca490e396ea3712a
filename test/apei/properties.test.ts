// Properties (fast-check): encode(decode(t)) = t for generated tables, the JSON
// description builds back to the same bytes, and no input makes a decoder throw.
import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import type { Fields, Struct } from "../../src/layout/index.js";
import { isNested } from "../../src/apei/nested.js";
import { MC_BANK, SOURCE_KINDS, type SourceType } from "../../src/apei/hest-types.js";
import { decodeHest, encodeHest, genericSources, type HestSource } from "../../src/apei/hest.js";
import { decodeBert, decodeEinj, decodeErst, encodeEinj } from "../../src/apei/tables.js";
import { hestJson } from "../../src/apei/json.js";
import { buildHest } from "../../src/apei/builder.js";
import { tableBytes } from "../../src/apei/input.js";
import { walkBootErrorRegion } from "../../src/apei/bert-region.js";
import { renderHest, renderSimple } from "../../src/apei/render-tables.js";
import { PhysicalMemory } from "../../src/apei/memory.js";
import { ghesProc } from "../../src/apei/ghes-runtime.js";
import { fixturePath } from "../helpers.js";

/** Values for every field of a struct, generated from its declaration. */
function arbStruct(s: Struct<Fields>): fc.Arbitrary<Record<string, unknown>> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of s.order) {
    const t = s.fields[k]!.type;
    if (isNested(t)) rec[k] = arbStruct(t.nested as Struct<Fields>);
    else if (t.kind === "u8") rec[k] = fc.nat(0xff);
    else if (t.kind === "u16") rec[k] = fc.nat(0xffff);
    else if (t.kind === "u32") rec[k] = fc.nat(0xffff_ffff);
    else if (t.kind === "u64") rec[k] = fc.bigInt(0n, (1n << 64n) - 1n);
    else if (t.kind === "ascii") rec[k] = fc.string({ maxLength: t.size, unit: fc.constantFrom(..."ABCXYZ _09".split("")) });
    else rec[k] = fc.uint8Array({ minLength: t.size, maxLength: t.size });
  }
  return fc.record(rec);
}

const types = Object.keys(SOURCE_KINDS).map(Number) as SourceType[];

const arbSource: fc.Arbitrary<HestSource> = fc.constantFrom(...types).chain((t) => {
  const kind = SOURCE_KINDS[t];
  return fc.tuple(arbStruct(kind.struct as unknown as Struct<Fields>), kind.banks ? fc.array(arbStruct(MC_BANK as unknown as Struct<Fields>), { maxLength: 3 }) : fc.constant([])).map(([v, banks]) => {
    const value = { ...v, type: t, ...(kind.banks ? { numHardwareBanks: banks.length } : {}) } as HestSource & { value: never };
    return { kind: "known", type: t, offset: 0, value, banks } as unknown as HestSource;
  });
});

const header = { signature: "HEST", length: 0, revision: 1, checksum: 0, oemId: "ARMRAS", oemTableId: "PROPTEST", oemRevision: 1, creatorId: "ARMR", creatorRevision: 1 };
const arbTable = fc.array(arbSource, { maxLength: 6 }).map((errorSources) => encodeHest({ header, errorSources }));

describe("APEI properties", () => {
  it("encode(decode(t)) = t for generated HESTs of every source type", () => {
    fc.assert(
      fc.property(arbTable, (t) => {
        const r = decodeHest(t);
        expect(r.ok).to.equal(true);
        if (!r.ok) return;
        expect(r.value.findings.filter((f) => f.code !== "notify-length")).to.deep.equal([]);
        expect(Buffer.from(encodeHest(r.value))).to.deep.equal(Buffer.from(t));
      }),
      { numRuns: 300 },
    );
  });

  it("build(decode-JSON(t)) = t: the decoded JSON is a valid builder description", () => {
    fc.assert(
      fc.property(arbTable, (t) => {
        const r = decodeHest(t);
        if (!r.ok) throw new Error(r.error.message);
        // Notification types the builder refuses (reserved ≥ 13, Arm types on IA-32 sources) are valid encodings but not valid descriptions.
        const ok = r.value.errorSources.every((s) => {
          const n = s.kind === "known" ? (s.value["notify"] as { type: number } | undefined) : undefined;
          return !n || (n.type <= 12 && !((s.type === 1 || s.type === 11) && n.type >= 8));
        });
        const ids = r.value.errorSources.map((s) => (s.kind === "known" ? s.value.sourceId : -1));
        fc.pre(ok && new Set(ids).size === ids.length);
        const json = JSON.parse(JSON.stringify(hestJson(r.value)));
        expect(Buffer.from(buildHest(json).table)).to.deep.equal(Buffer.from(t));
      }),
      { numRuns: 300 },
    );
  });

  const fixtures = ["arm-server-hest.bin", "x86-all-types-hest.bin", "bert.bin", "einj.bin", "erst.bin"].map((n) => new Uint8Array(readFileSync(fixturePath("apei", n))));

  function decodeAny(b: Uint8Array): void {
    const h = decodeHest(b);
    if (h.ok) {
      expect(Buffer.from(encodeHest(h.value, { header: "preserve" }))).to.deep.equal(Buffer.from(b));
      renderHest(h.value, b);
      hestJson(h.value);
      genericSources(h.value);
    }
    for (const d of [decodeBert, decodeEinj, decodeErst]) {
      const r = d(b);
      if (r.ok) renderSimple("EINJ", r.value as never, b);
    }
    walkBootErrorRegion(b);
    tableBytes(b);
  }

  it("mutated and truncated tables never throw, and decodable ones re-encode exactly", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(fc.tuple(fc.nat(), fc.nat(0xff)), { maxLength: 8 }),
        fc.option(fc.nat()),
        (base, flips, cut) => {
          const b = base.slice();
          for (const [at, v] of flips) b[at % b.length] = v;
          // Keep the signature so the HEST walker runs on most cases.
          const t = cut === null ? b : b.subarray(0, cut % (b.length + 1));
          decodeAny(t);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("random bytes never throw", () => {
    fc.assert(
      fc.property(fc.constantFrom("HEST", "BERT", "EINJ", "ERST", "XXXX"), fc.uint8Array({ maxLength: 400 }), (sig, rest) => {
        const b = new Uint8Array([...sig].map((c) => c.charCodeAt(0)).concat(Array.from(rest)));
        decodeAny(b);
        decodeAny(rest);
      }),
      { numRuns: 1000 },
    );
  });

  it("the OS side never throws on arbitrary status-block memory", () => {
    const built = buildHest({ layout: { base: "0x1000", errorStatusBlockLength: 256 }, errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA" }] });
    const h = decodeHest(built.table);
    if (!h.ok) throw new Error("decode");
    const s = genericSources(h.value)[0]!;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 300 }), (block) => {
        const mem = new PhysicalMemory();
        mem.map(0x1000n, 0x2000);
        mem.writeU64(0x1000n, 0x1020n);
        mem.write(0x1020n, block);
        const r = ghesProc(mem, s);
        expect(["nothing", "claimed", "rejected"]).to.include(r.outcome);
        if (r.outcome !== "nothing") expect(r.cleared && r.acked).to.equal(true);
      }),
      { numRuns: 500 },
    );
  });

  it("EINJ entry count beyond the table is bounded by Length", () => {
    const t = encodeEinj({ header: { ...header, signature: "EINJ" }, body: { injectionHeaderSize: 48, injectionFlags: 0, reserved: new Uint8Array(3), injectionEntryCount: 0 } });
    new DataView(t.buffer).setUint32(44, 0xffff_ffff, true);
    const r = decodeEinj(t);
    expect(r.ok && r.value.entries.length).to.equal(0);
    expect(r.ok && r.value.findings.map((f) => f.code)).to.include("count-mismatch");
  });
});
