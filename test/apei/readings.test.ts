// The two readings of a damaged table (issue 18, issue 16 item 11), on tables we
// make here: iasl walks to the Length, Linux walks by the count; a cut-off
// subtable shows the fields that fit; a BERT shorter than 48 bytes shows its
// header. And the names: iasl's in `--flags iasl` text, the spec's elsewhere.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { buildHest } from "../../src/apei/builder.js";
import { fixChecksum } from "../../src/apei/header.js";
import { decodeHest, encodeHest, genericSources, linuxSources } from "../../src/apei/hest.js";
import { decodeBert, decodeEinj, encodeBert, encodeEinj } from "../../src/apei/tables.js";
import { renderHest, renderSimple } from "../../src/apei/render-tables.js";
import { hestJson, simpleJson } from "../../src/apei/json.js";
import { EINJ_ACTIONS, EINJ_INSTRUCTIONS } from "../../src/apei/instructions.js";
import { cli, fixturePath } from "../helpers.js";

const fx = (n: string) => new Uint8Array(readFileSync(fixturePath("apei", n)));

/** A HEST with three GHESv2 sources whose Error Source Count says 1. */
function countOneOfThree(): Uint8Array {
  const t = buildHest({
    errorSources: [
      { type: "ghesv2", sourceId: 0, notify: "SEA", errorStatusAddress: "0x80000000", errorStatusBlockLength: 4096, readAckRegister: "0x80000100" },
      { type: "ghesv2", sourceId: 1, notify: "GSIV", errorStatusAddress: "0x80000008", errorStatusBlockLength: 4096, readAckRegister: "0x80000108" },
      { type: "ghes", sourceId: 2, notify: "Polled", errorStatusAddress: "0x80000010", errorStatusBlockLength: 4096 },
    ],
  }).table;
  new DataView(t.buffer, t.byteOffset).setUint32(36, 1, true);
  return fixChecksum(t);
}

describe("APEI readings: HEST sources beyond the Error Source Count", () => {
  it("decodes every source to the Length (iasl's walk) and marks those Linux never registers", () => {
    const t = countOneOfThree();
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.errorSources.map((s) => [s.kind, s.beyondCount === true])).to.deep.equal([
      ["known", false],
      ["known", true],
      ["known", true],
    ]);
    expect(linuxSources(r.value).length).to.equal(1);
    expect(genericSources(r.value).map((s) => s.sourceId)).to.deep.equal([0]);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["beyond-count"]);
    expect(r.value.findings[0]!.message).to.contain("Linux never registers them");
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" })).equals(Buffer.from(t))).to.equal(true);
  });

  it("the CLI shows them in text and JSON, marked, and exits 1", async () => {
    const t = countOneOfThree();
    const text = await cli(["acpi", "decode", "-"], t);
    expect(text.code).to.equal(1);
    expect(text.stdout).to.contain("/* Error Source [1] is beyond the Error Source Count (1): iasl shows it, Linux never sees it */");
    expect(text.stdout).to.contain("/* Error Source [2] is beyond the Error Source Count (1): iasl shows it, Linux never sees it */");
    expect(text.stdout.match(/Subtable Type : /g)?.length).to.equal(3);
    const j = JSON.parse((await cli(["acpi", "decode", "-", "--format", "json"], t)).stdout) as { errorSources: { sourceId: number; beyondErrorSourceCount?: boolean }[] };
    expect(j.errorSources.map((s) => [s.sourceId, s.beyondErrorSourceCount ?? false])).to.deep.equal([
      [0, false],
      [1, true],
      [2, true],
    ]);
  });

  it("the builder reads the marked JSON back (the mark is derived, and ignored)", async () => {
    const j = JSON.parse((await cli(["acpi", "decode", "-", "--format", "json"], countOneOfThree())).stdout) as Record<string, unknown>;
    const b = buildHest(j);
    expect(b.sources.length).to.equal(3);
  });
});

describe("APEI readings: a subtable the Length cuts off", () => {
  it("prints the fields that fit (a nested GAS only whole), then the finding; the bytes survive", () => {
    const full = fx("arm-server-hest.bin");
    // Cut inside the first GHESv2 (offset 40): 30 bytes in, inside its Error Status Address GAS (20..32).
    const t = full.slice(0, 70);
    new DataView(t.buffer).setUint32(4, 70, true);
    fixChecksum(t);
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.errorSources[0]).to.include({ kind: "raw", type: 10, reason: "truncated" });
    const lines = renderHest(r.value, t, "iasl");
    const fields = lines.filter((l) => l.startsWith("[") && !l.startsWith("[000") && Number.parseInt(l.slice(1, 4), 16) >= 40);
    expect(fields.map((l) => l.slice(0, 45).trim())).to.deep.equal([
      "[028h 0040   2]                Subtable Type",
      "[02Ah 0042   2]                    Source Id",
      "[02Ch 0044   2]            Related Source Id",
      "[02Eh 0046   1]                     Reserved",
      "[02Fh 0047   1]                      Enabled",
      "[030h 0048   4]       Records To Preallocate",
      "[034h 0052   4]      Max Sections Per Record",
      "[038h 0056   4]          Max Raw Data Length",
    ]);
    const finding = lines.findIndex((l) => l.includes("needs 92 bytes, 30 left"));
    expect(finding).to.be.greaterThan(lines.indexOf(fields.at(-1)!));
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" })).equals(Buffer.from(t))).to.equal(true);
    const j = hestJson(r.value) as { errorSources: { typeName: string; fieldsThatFit: Record<string, unknown> }[] };
    expect(j.errorSources[0]!.typeName).to.equal("Generic Hardware Error Source V2");
    expect(Object.keys(j.errorSources[0]!.fieldsThatFit)).to.deep.equal(["type", "sourceId", "relatedSourceId", "reserved", "enabled", "recordsToPreallocate", "maxSectionsPerRecord", "maxRawDataLength"]);
  });

  it("an EINJ entry cut off by the Length prints its fields that fit", () => {
    const full = fx("einj.bin");
    const t = full.slice(0, 48 + 32 + 20);
    new DataView(t.buffer).setUint32(4, t.length, true);
    new DataView(t.buffer).setUint32(44, 2, true);
    fixChecksum(t);
    const r = decodeEinj(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.entries.length).to.equal(1);
    expect(r.value.trailing.length).to.equal(20);
    expect(Buffer.from(encodeEinj(r.value, "preserve")).equals(Buffer.from(t))).to.equal(true);
    const text = renderSimple("EINJ", r.value, t, "iasl").join("\n");
    expect(text).to.contain("[050h 0080   1]                       Action : ");
    expect(text).to.contain("Register Region : [Generic Address Structure]"); // 84..96 fits in 100
    expect(text).not.to.contain("[060h 0096   8]"); // Value (96..104) does not
    const j = simpleJson(r.value, { actions: EINJ_ACTIONS, instructions: EINJ_INSTRUCTIONS }) as { trailingEntryFieldsThatFit: Record<string, unknown> };
    expect(Object.keys(j.trailingEntryFieldsThatFit)).to.deep.equal(["action", "instruction", "flags", "reserved", "registerRegion"]);
  });
});

describe("APEI readings: a BERT shorter than 48 bytes", () => {
  it("prints its header and the fields that fit, with a finding, and exits 1", async () => {
    const t = fx("bert.bin").slice(0, 41);
    new DataView(t.buffer).setUint32(4, 41, true);
    fixChecksum(t);
    const r = decodeBert(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.bodyLength).to.equal(5);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["truncated"]);
    expect(Buffer.from(encodeBert(r.value, "preserve")).equals(Buffer.from(t))).to.equal(true);
    const c = await cli(["acpi", "decode", "-"], t);
    expect(c.code).to.equal(1);
    expect(c.stdout).to.contain("Signature : \"BERT\"");
    expect(c.stdout).to.contain("Boot Error Region Length : ");
    expect(c.stdout).not.to.contain("Boot Error Region Address");
    expect(c.stdout).to.contain("bootErrorRegionAddress is cut off");
    const j = JSON.parse((await cli(["acpi", "decode", "-", "--format", "json"], t)).stdout) as Record<string, unknown>;
    expect(j["bodyLength"]).to.equal(5);
    // "compute" keeps the short body and recomputes Length and Checksum.
    const damaged = t.slice();
    damaged[9] = (damaged[9]! + 1) & 0xff;
    const d = decodeBert(damaged);
    if (!d.ok) throw new Error(d.error.message);
    expect(Buffer.from(encodeBert(d.value)).equals(Buffer.from(t))).to.equal(true);
  });

  it("a header-only BERT (36 bytes) too", async () => {
    const t = fx("bert.bin").slice(0, 36);
    new DataView(t.buffer).setUint32(4, 36, true);
    fixChecksum(t);
    const c = await cli(["acpi", "decode", "-"], t);
    expect(c.code).to.equal(1);
    expect(c.stdout).to.contain("Asl Compiler Revision");
    expect(c.stdout).not.to.contain("Boot Error Region Length : ");
  });
});

describe("APEI readings: a HEST shorter than 40 bytes", () => {
  it("prints its header with a finding, exits 1, and re-encodes byte for byte", async () => {
    const t = fx("arm-server-hest.bin").slice(0, 38);
    new DataView(t.buffer).setUint32(4, 38, true);
    fixChecksum(t);
    const r = decodeHest(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fixedLength).to.equal(2);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["truncated"]);
    expect(Buffer.from(encodeHest(r.value, { header: "preserve" })).equals(Buffer.from(t))).to.equal(true);
    // "compute" keeps the short fixed part, writes the count it computes (0 sources), Length and Checksum.
    const computed = decodeHest(encodeHest(r.value));
    expect(computed.ok && [computed.value.header.length, computed.value.fixedLength, computed.value.checksumValid, computed.value.errorSourceCount]).to.deep.equal([38, 2, true, 0]);
    const c = await cli(["acpi", "decode", "-", "--flags", "iasl"], t);
    expect(c.code).to.equal(1);
    expect(c.stdout).to.contain("Asl Compiler Revision");
    expect(c.stdout).not.to.contain("Error Source Count : ");
    expect(c.stdout).to.contain("Error Source Count is cut off");
  });
});

describe("APEI names: iasl's in --flags iasl text, the spec's in JSON and plain text", () => {
  /** One GHES with a GAS of space id 0x80 and access width 5, notify type 13. */
  function odd(): Uint8Array {
    const t = buildHest({ errorSources: [{ type: "ghes", sourceId: 0, notify: "Polled", errorStatusAddress: { spaceId: 0x80, accessWidth: 5, address: "0x1000" }, errorStatusBlockLength: 4096 }] }).table;
    t[40 + 32] = 13; // Notify Type
    return fixChecksum(t);
  }

  it("GAS space id, access width and notify type", async () => {
    const t = odd();
    const spec = (await cli(["acpi", "decode", "-"], t)).stdout;
    const iasl = (await cli(["acpi", "decode", "-", "--flags", "iasl"], t)).stdout;
    expect(spec).to.contain("Space ID : 80 [OEM Defined]");
    expect(iasl).to.contain("Space ID : 80 [UserDefinedRegion]");
    expect(spec).to.contain("Encoded Access Width : 05 [Reserved]");
    expect(iasl).to.contain("Encoded Access Width : 05 [Unknown Width Encoding]");
    expect(spec).to.contain("Notify Type : 0D [Reserved]");
    expect(iasl).to.contain("Notify Type : 0D [Unknown Notify Type]");
    const j = JSON.parse((await cli(["acpi", "decode", "-", "--format", "json"], t)).stdout) as { errorSources: { errorStatusAddressGas: { spaceIdName: string }; notify: { typeName: string } }[] };
    expect(j.errorSources[0]!.errorStatusAddressGas.spaceIdName).to.equal("OEM Defined");
    expect(j.errorSources[0]!.notify.typeName).to.equal("Reserved");
  });

  it("EINJ: Injection Header Size / Length, Preserve Register / Preserve Register Bits", async () => {
    const spec = (await cli(["acpi", "decode", fixturePath("apei", "einj.bin")])).stdout;
    const iasl = (await cli(["acpi", "decode", fixturePath("apei", "einj.bin"), "--flags", "iasl"])).stdout;
    expect(spec).to.match(/\] +Injection Header Size : 000000(30|0C)$/m);
    expect(iasl).to.match(/\] +Injection Header Length : 000000(30|0C)$/m);
    expect(spec).to.match(/^ +Preserve Register : [01]$/m);
    expect(iasl).to.match(/^ +Preserve Register Bits : [01]$/m);
  });
});
