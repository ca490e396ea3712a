// Every table of ../shared/oracles/iasl-20200925 (HEST, EINJ, ERST, BERT made by a
// generator independent of our code, damaged kinds included, disassembled by
// Debian's iasl 20200925): every iasl field line, flag line and Raw Table Data
// line must be in `armras acpi decode --format text --flags iasl`, except where
// iasl 20200925 is wrong or behind (each its own test below, our spec-correct
// text beside iasl's). Each table also re-encodes byte for byte.
import { expect } from "chai";
import { cli, describeShared, HAVE_SHARED, sharedPath } from "../helpers.js";
import { compareIasl, hexToBytes, keyedLines, readOracle, type Difference, type OracleTable } from "./iasl.js";
import { decodeHest, encodeHest, linuxSources } from "../../src/apei/hest.js";
import { decodeBert, decodeEinj, decodeErst, encodeBert, encodeEinj, encodeErst } from "../../src/apei/tables.js";

const SIGS = ["hest", "einj", "erst", "bert"] as const;
type Sig = (typeof SIGS)[number];

const tables = new Map<Sig, OracleTable[]>(HAVE_SHARED ? SIGS.map((s) => [s, readOracle(sharedPath("oracles", "iasl-20200925", `${s}.jsonl.gz`))]) : []);

async function iaslText(t: OracleTable): Promise<string> {
  return (await cli(["acpi", "decode", "-", "--format", "text", "--flags", "iasl"], hexToBytes(t.table))).stdout;
}

/**
 * The named iasl 20200925 defects (oracle README "Where iasl 20200925 is wrong or
 * behind"): the line where iasl and we differ, and what each prints.
 */
const DEFECTS = {
  // ACPI 6.5 Table 18.35 and ACPICA's ACPI_EINJ_TRIGGER_ERROR: 0xFF is Trigger Error; iasl's name lookup stops at 9.
  einjTriggerError: { sigs: ["einj"], name: "Action", iasl: "FF [Unknown Action]", ours: "FF [Trigger Error]" },
  // ACPI 6.6 notification type 12 (SSE) postdates iasl 20200925.
  notifySse: { sigs: ["hest"], name: "Notify Type", iasl: "0C [Unknown Notify Type]", ours: "0C [SSE]" },
} as const;

function defectOf(sig: Sig, d: Difference): keyof typeof DEFECTS | undefined {
  for (const [k, def] of Object.entries(DEFECTS)) {
    if (!(def.sigs as readonly string[]).includes(sig) || d.ours === undefined) continue;
    if (d.iasl.endsWith(`${def.name} : ${def.iasl}`) && d.ours.endsWith(`${def.name} : ${def.ours}`) && d.iasl.slice(0, 16) === d.ours.slice(0, 16)) return k as keyof typeof DEFECTS;
  }
  return undefined;
}

function roundTrip(sig: Sig, bytes: Uint8Array): Uint8Array {
  const need = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  switch (sig) {
    case "hest":
      return encodeHest(need(decodeHest(bytes)), { header: "preserve" });
    case "einj":
      return encodeEinj(need(decodeEinj(bytes)), "preserve");
    case "erst":
      return encodeErst(need(decodeErst(bytes)), "preserve");
    case "bert":
      return encodeBert(need(decodeBert(bytes)), "preserve");
  }
}

describeShared("APEI: iasl 20200925 oracle, every table, every line (../shared/oracles/iasl-20200925)", () => {
  for (const sig of SIGS) {
    describe(sig.toUpperCase(), () => {
      for (const t of tables.get(sig) ?? []) {
        it(`${t.name}: iasl's lines (named iasl defects aside) and a byte-exact re-encode`, async () => {
          const c = compareIasl(t.dsl, await iaslText(t));
          expect(c.lines).to.be.greaterThan(0);
          const left = c.differences.filter((d) => defectOf(sig, d) === undefined);
          expect(left.map((d) => `iasl: ${d.iasl}\nours: ${d.ours ?? "(missing)"}`)).to.deep.equal([]);
          const bytes = hexToBytes(t.table);
          expect(Buffer.from(roundTrip(sig, bytes)).equals(Buffer.from(bytes))).to.equal(true);
        });
      }
    });
  }

  for (const [key, def] of Object.entries(DEFECTS)) {
    it(`iasl 20200925 defect ${key}: iasl prints '${def.name} : ${def.iasl}', we print the spec's '${def.name} : ${def.ours}'`, async () => {
      let seen = 0;
      for (const sig of def.sigs) {
        for (const t of tables.get(sig) ?? []) {
          if (!t.dsl.includes(`${def.name} : ${def.iasl}`)) continue;
          const ours = await iaslText(t);
          const c = compareIasl(t.dsl, ours);
          const hits = c.differences.filter((d) => defectOf(sig, d) === key);
          // Every such iasl line is the defect: at the same offset we print the spec's name.
          expect(hits.length).to.equal(keyedLines(t.dsl).filter((l) => l.text.endsWith(`${def.name} : ${def.iasl}`)).length);
          seen += hits.length;
        }
      }
      expect(seen, "the oracle holds this case").to.be.greaterThan(0);
    });
  }

  it("HEST Error Source Count below what the Length holds: every source iasl shows is decoded, those beyond the count marked in JSON and text", async () => {
    let checked = 0;
    for (const t of tables.get("hest") ?? []) {
      const bytes = hexToBytes(t.table);
      const r = decodeHest(bytes);
      if (!r.ok) continue;
      const h = r.value;
      const shown = (t.dsl.match(/\] +Subtable Type : /g) ?? []).length;
      expect(h.errorSources.filter((s) => s.kind === "known" || s.reason !== `unknown type ${s.type}`).length, t.name).to.be.at.least(shown);
      if (h.errorSources.length <= h.errorSourceCount) continue;
      checked++;
      expect(h.errorSources.map((s) => s.beyondCount === true)).to.deep.equal(h.errorSources.map((_, i) => i >= h.errorSourceCount));
      expect(linuxSources(h).length).to.equal(h.errorSourceCount);
      expect(h.findings.map((f) => f.code)).to.include("beyond-count");
      const j = JSON.parse((await cli(["acpi", "decode", "-", "--format", "json"], bytes)).stdout) as { errorSources: { beyondErrorSourceCount?: boolean }[] };
      expect(j.errorSources.map((s) => s.beyondErrorSourceCount === true)).to.deep.equal(h.errorSources.map((_, i) => i >= h.errorSourceCount));
      const text = (await cli(["acpi", "decode", "-"], bytes)).stdout;
      expect(text).to.contain(`/* Error Source [${h.errorSourceCount}] is beyond the Error Source Count (${h.errorSourceCount}): iasl shows it, Linux never sees it */`);
    }
    expect(checked).to.be.greaterThan(0);
  });

  it("EINJ/ERST Entry Count below what the Length holds: every entry iasl shows is decoded, those beyond the count marked", async () => {
    let checked = 0;
    for (const sig of ["einj", "erst"] as const) {
      for (const t of tables.get(sig) ?? []) {
        const bytes = hexToBytes(t.table);
        const r = sig === "einj" ? decodeEinj(bytes) : decodeErst(bytes);
        if (!r.ok) throw new Error(r.error.message);
        const shown = (t.dsl.match(/\] +Mask : /g) ?? []).length;
        expect(r.value.entries.length, t.name).to.equal(shown);
        const b = r.value.body as { injectionEntryCount?: number; instructionEntryCount?: number };
        const count = b.injectionEntryCount ?? b.instructionEntryCount!;
        if (r.value.entries.length <= count) continue;
        checked++;
        const j = JSON.parse((await cli(["acpi", "decode", "-", "--format", "json"], bytes)).stdout) as { entries: { beyondEntryCount?: boolean }[] };
        expect(j.entries.map((e) => e.beyondEntryCount === true)).to.deep.equal(r.value.entries.map((_, i) => i >= count));
      }
    }
    expect(checked).to.be.greaterThan(0);
  });

  it("a subtable or entry the Length cuts off: the fields that fit, then the finding", async () => {
    let checked = 0;
    for (const sig of SIGS) {
      for (const t of tables.get(sig) ?? []) {
        if (!t.name.includes("-trunc-")) continue;
        const r = await cli(["acpi", "decode", "-", "--flags", "iasl"], hexToBytes(t.table));
        // (A generated "trunc" table can end exactly on an entry boundary: clean, exit 0.)
        expect(r.code, `${t.name}: ${r.stderr}`).to.be.oneOf([0, 1]);
        if (r.code === 0) continue;
        const lines = r.stdout.split("\n");
        const lastField = lines.map((l) => l.startsWith("[")).lastIndexOf(true);
        const firstFinding = lines.findIndex((l) => l.startsWith("/* ") && !/^\/\* (Error Source|Entry) \[\d+\] is beyond/.test(l));
        expect(firstFinding, t.name).to.be.greaterThan(lastField);
        checked++;
      }
    }
    expect(checked).to.be.greaterThan(0);
  });
});
