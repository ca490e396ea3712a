// libcper's generator and JSON as the oracle (../shared/oracles/libcper, README there): 3,150
// generated records of every section type libcper generates, plus multi-section records.
// For each record: every libcper leaf is in our JSON, equal (extra keys of ours allowed),
// libcper's documented defects excluded (each asserted in libcper-defects.test.ts); in both
// ARM Type readings; our JSON encodes back to the record's bytes; libcper's own JSON encodes
// to bytes whose JSON keeps every libcper leaf.
import { expect } from "chai";
import { decode, encode, fromJson, parseJson, stringifyJson, toJson } from "../../src/cper/index.js";
import type { Json } from "../../src/cper/json/reader.js";
import type { SectionDecodeOptions } from "../../src/cper/section-api.js";
import { describeShared } from "../helpers.js";
import { compareLeaves, HAVE_ORACLE, oracleRecords, oracleTypes, type Mismatch, type OracleRecord } from "./oracle/libcper-oracle.js";

type Reading = SectionDecodeOptions["armType"];

function ourJson(bytes: Uint8Array, armType: Reading): Json {
  const d = decode(bytes, { armType });
  if (!d.ok) throw new Error(`${d.error.field}@${d.error.offset}: ${d.error.message}`);
  return (parseJson(stringifyJson(toJson(d.value.tree, { armType }))) as { value: Json }).value;
}

/**
 * Leaves that depend on how the ARM error-information Type byte is read: UEFI 2.9A bit flags (our
 * default) against libcper's 1/2/4/8 values (README "Deviations we chose", row 1). In the default
 * reading these are ours by choice; every other leaf must still agree.
 */
const ARM_TYPE_DEPENDENT = /^sections\[\d+\]\.(ArmProcessor\.errorInfo\[\d+\]\.(errorType\.name|errorInformation\.)|message$)/;

function report(name: string, m: readonly Mismatch[]): string {
  return m.slice(0, 5).map((x) => `${name} ${x.path}: ours ${stringifyJson(x.ours ?? null, 0)}, libcper ${stringifyJson(x.theirs, 0)}`).join("\n");
}

describeShared("cper: libcper oracle (../shared/oracles/libcper, 3,150 generated records)", () => {
  if (!HAVE_ORACLE) {
    it("SKIPPED: ../shared/oracles/libcper is absent", function () {
      this.skip();
    });
    return;
  }
  for (const type of oracleTypes()) {
    describe(type, () => {
      let records: OracleRecord[] = [];
      before(() => {
        records = oracleRecords(type);
      });
      it("has records", () => expect(records.length).to.be.greaterThan(0));
      it("every libcper leaf equal, libcper's ARM Type reading (--arm-type libcper)", () => {
        for (const r of records) {
          const m = compareLeaves(ourJson(r.record, "libcper"), r.libcper);
          expect(m, report(r.name, m)).to.deep.equal([]);
        }
      });
      it("every libcper leaf equal in the default (UEFI 2.9A) reading, but the ARM Type-dependent ones", () => {
        for (const r of records) {
          const m = compareLeaves(ourJson(r.record, "uefi"), r.libcper).filter((x) => !ARM_TYPE_DEPENDENT.test(x.path));
          expect(m, report(r.name, m)).to.deep.equal([]);
        }
      });
      it("our JSON encodes back to the record's bytes (both readings)", () => {
        for (const r of records) {
          for (const armType of ["uefi", "libcper"] as const) {
            const t = fromJson(ourJson(r.record, armType));
            expect(t.ok, `${r.name}: ${t.ok ? "" : t.error.message}`).to.equal(true);
            if (t.ok) expect(Buffer.from(encode(t.value)).equals(Buffer.from(r.record)), `${r.name} (${armType})`).to.equal(true);
          }
        }
      });
      it("libcper's own JSON encodes to bytes whose JSON keeps every libcper leaf", () => {
        for (const r of records) {
          const t = fromJson(r.libcper);
          expect(t.ok, `${r.name}: ${t.ok ? "" : `${t.error.field}: ${t.error.message}`}`).to.equal(true);
          if (!t.ok) continue;
          const m = compareLeaves(ourJson(encode(t.value), "libcper"), r.libcper);
          expect(m, report(r.name, m)).to.deep.equal([]);
        }
      });
    });
  }
});
