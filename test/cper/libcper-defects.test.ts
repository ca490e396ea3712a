// Where libcper is wrong (../shared/oracles/libcper/README.md, "Where libcper is wrong", 1-6), one
// test each over every generated record the defect shows in: libcper's oracle really holds libcper's
// value, and we print the spec's, recomputed here from the record bytes. Then the two places where
// we print libcper's reading beside the spec's (not in that list, so libcper's leaves count).
import { expect } from "chai";
import { decode, parseJson, stringifyJson, toJson } from "../../src/cper/index.js";
import type { Json } from "../../src/cper/json/reader.js";
import { DEVICE_PORT_TYPES } from "../../src/cper/sections/pcie-regs.js";
import { describeShared } from "../helpers.js";
import { at, HAVE_ORACLE, oracleRecords, type OracleRecord } from "./oracle/libcper-oracle.js";

/** Section i's body inside a record (descriptor at 128 + 72 i: SectionOffset, SectionLength). */
function body(r: OracleRecord, i: number): DataView {
  const v = new DataView(r.record.buffer, r.record.byteOffset, r.record.byteLength);
  const off = v.getUint32(128 + 72 * i, true);
  return new DataView(r.record.buffer, r.record.byteOffset + off, v.getUint32(128 + 72 * i + 4, true));
}
function ours(r: OracleRecord, armType: "uefi" | "libcper" = "uefi"): Json {
  const d = decode(r.record, { armType });
  if (!d.ok) throw new Error(d.error.message);
  return (parseJson(stringifyJson(toJson(d.value.tree, { armType }))) as { value: Json }).value;
}
function sectionsOf(r: OracleRecord, key: string): number[] {
  const s = (r.libcper as { sections: Record<string, Json>[] }).sections;
  return s.flatMap((x, i) => (key in x ? [i] : []));
}
const all = (...types: string[]): OracleRecord[] => types.flatMap((t) => oracleRecords(t));

describeShared("cper: libcper's documented defects, each asserted (../shared/oracles/libcper/README.md)", () => {
  if (!HAVE_ORACLE) return;

  it("1. PCIe Link Capabilities 2 (cap +0x2C): Supported Link Speeds is bits 7:1 (libcper reads 14:8 through an 8-byte struct)", () => {
    let n = 0;
    for (const r of all("pcie", "multi")) {
      for (const i of sectionsOf(r, "Pcie")) {
        const theirs = at(r.libcper, `sections[${i}].Pcie.capabilityStructure.link_capabilities2.supported_link_speeds`);
        if (theirs === undefined) continue;
        const lcap2 = body(r, i).getUint32(52 + 0x2c, true);
        expect(at(ours(r), `sections[${i}].Pcie.capabilityStructure.link_capabilities2.supported_link_speeds`), r.name).to.equal((lcap2 >>> 1) & 0x7f);
        expect(theirs, r.name).to.equal((lcap2 >>> 8) & 0x7f);
        n++;
      }
    }
    expect(n).to.be.greaterThan(40);
  });

  it("2. AER Root Error Status (AER +0x30): the interrupt message number is bits 31:27 (libcper: 29:25)", () => {
    let n = 0;
    for (const r of all("pcie", "multi")) {
      for (const i of sectionsOf(r, "Pcie")) {
        const p = `sections[${i}].Pcie.aerInfo.root_error_status.advanced_error_interrupt_message_number`;
        const theirs = at(r.libcper, p);
        if (theirs === undefined) continue;
        const w = body(r, i).getUint32(112 + 0x30, true);
        expect(at(ours(r), p), r.name).to.equal(w >>> 27);
        expect(theirs, r.name).to.equal((w >>> 25) & 0x1f);
        n++;
      }
    }
    expect(n).to.be.greaterThan(40);
  });

  it("3. PCIe Device/Port Type names for raw >= 2 follow the spec's encodings (libcper's list is indexed without gaps)", () => {
    let n = 0;
    for (const r of all("pcie", "multi")) {
      for (const i of sectionsOf(r, "Pcie")) {
        const p = `sections[${i}].Pcie.capabilityStructure.pcie_capabilities.device_port_type`;
        const raw = at(r.libcper, `${p}.raw`);
        if (typeof raw !== "number" || raw < 2) continue;
        expect(at(ours(r), `${p}.value`), r.name).to.equal(DEVICE_PORT_TYPES[raw]);
        const theirs = at(r.libcper, `${p}.value`);
        if (DEVICE_PORT_TYPES[raw] !== undefined || theirs !== undefined) expect(theirs, r.name).to.not.equal(DEVICE_PORT_TYPES[raw]);
        n++;
      }
    }
    expect(n).to.be.greaterThan(20);
  });

  it("4. ARM bus error accessMode is gated on validation bit 11 (libcper: bit 8, Time Out Valid)", () => {
    let differ = 0;
    for (const r of all("arm", "multi")) {
      for (const i of sectionsOf(r, "ArmProcessor")) {
        const infos = at(r.libcper, `sections[${i}].ArmProcessor.errorInfo`) as Json[];
        const b = body(r, i);
        infos.forEach((_, j) => {
          const p = `sections[${i}].ArmProcessor.errorInfo[${j}].errorInformation.busError`;
          if (at(ours(r, "libcper"), p) === undefined) return;
          const info = b.getBigUint64(40 + 32 * j + 8, true);
          const bit = (n: number): boolean => ((info >> BigInt(n)) & 1n) === 1n;
          expect(at(ours(r, "libcper"), `${p}.accessMode`) !== undefined, r.name).to.equal(bit(11));
          expect(at(r.libcper, `${p}.accessMode`) !== undefined, r.name).to.equal(bit(8));
          if (bit(8) !== bit(11)) differ++;
        });
      }
    }
    expect(differ).to.be.greaterThan(10);
  });

  it('5. the ARM message names Type 8 entries "Micro-Architectural Error" and does not need validation bit 2 (libcper: "Unknown Error")', () => {
    let n = 0;
    for (const r of all("arm")) {
      const theirs = at(r.libcper, "sections[0].message") as string;
      if (!theirs.includes("Unknown Error")) continue;
      const mine = at(ours(r, "libcper"), "sections[0].message") as string;
      expect(mine, r.name).to.not.include("Unknown Error");
      expect(mine.replace(/\{.*\}/, ""), r.name).to.equal(theirs.replace(/\{.*\}/, ""));
      n++;
    }
    expect(n).to.be.greaterThan(10);
  });

  it("6. NVIDIA CMET-INFO ErrorCount is a UINT32 (libcper prints it as int32, negative from 2^31)", () => {
    let n = 0;
    for (const r of all("nvidia", "multi")) {
      for (const i of sectionsOf(r, "Nvidia")) {
        const infos = at(r.libcper, `sections[${i}].Nvidia.CMETInfo`);
        if (!Array.isArray(infos)) continue;
        infos.forEach((_, j) => {
          const p = `sections[${i}].Nvidia.CMETInfo[${j}].ErrorCount`;
          const theirs = at(r.libcper, p) as number;
          const count = body(r, i).getUint32(32 + 16 * j + 8, true);
          expect(at(ours(r), p), r.name).to.equal(count);
          expect(theirs, r.name).to.equal(count | 0);
          if (theirs < 0) n++;
        });
      }
    }
    expect(n).to.be.greaterThan(5);
  });
});

describeShared("cper: where libcper departs from the spec and we print both readings", () => {
  if (!HAVE_ORACLE) return;

  it("Memory2: libcper gates physicalAddress and the message's address on bit 0 (Error Status Valid); the spec's bit is 1, and we print the number under either", () => {
    let n = 0;
    for (const r of oracleRecords("memory2")) {
      const vb = body(r, 0).getBigUint64(0, true);
      const b0 = (vb & 1n) === 1n;
      const b1 = (vb & 2n) === 2n;
      expect(at(r.libcper, "sections[0].Memory2.physicalAddress") !== undefined, r.name).to.equal(b0);
      expect(at(ours(r), "sections[0].Memory2.physicalAddress") !== undefined, r.name).to.equal(b0 || b1);
      if (b1 && !b0) n++;
    }
    expect(n).to.be.greaterThan(5);
  });

  it("Arm RAS IPTypeFormat: libcper prints the PIDR bytes for format 2 (GIC_IIDR) and nothing for 3 (PIDR); we add the spec's reading", () => {
    const seen = new Set<number>();
    for (const r of oracleRecords("arm-ras")) {
      const fmt = at(r.libcper, "sections[0].ArmRas.ipTypeFormat.raw") as number;
      const mine = at(ours(r), "sections[0].ArmRas.ipType") as Record<string, Json>;
      const ip = body(r, 0);
      if (fmt === 2) {
        expect(mine.iidr, r.name).to.equal("0x" + ip.getUint32(40, true).toString(16).toUpperCase().padStart(8, "0"));
        expect(at(r.libcper, "sections[0].ArmRas.ipType.pidr3"), r.name).to.equal(mine.pidr3);
      }
      if (fmt === 3) {
        expect(Object.keys(at(r.libcper, "sections[0].ArmRas.ipType") as object)).to.deep.equal([]);
        expect(mine.pidr0, r.name).to.equal("0x" + ip.getUint8(43).toString(16).toUpperCase().padStart(2, "0"));
      }
      seen.add(fmt);
    }
    expect([...seen]).to.include.members([2, 3]);
  });
});
