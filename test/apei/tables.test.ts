// BERT, EINJ and ERST: decode, findings, encode; the boot error region walk (Linux bert.c).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { decodeBert, decodeEinj, decodeErst, encodeBert, encodeEinj, encodeErst } from "../../src/apei/tables.js";
import { walkBootErrorRegion } from "../../src/apei/bert-region.js";
import { renderSimple } from "../../src/apei/render-tables.js";
import { simpleJson } from "../../src/apei/json.js";
import { EINJ_ACTIONS, EINJ_INSTRUCTIONS } from "../../src/apei/instructions.js";
import { fixturePath } from "../helpers.js";
import { memoryErrorBlock } from "./estatus-fixture.js";

const fx = (n: string) => new Uint8Array(readFileSync(fixturePath("apei", n)));

describe("APEI: BERT, EINJ, ERST", () => {
  it("re-encode the fixtures byte for byte (computed and preserved headers)", () => {
    const b = decodeBert(fx("bert.bin"));
    const e = decodeEinj(fx("einj.bin"));
    const s = decodeErst(fx("erst.bin"));
    if (!b.ok || !e.ok || !s.ok) throw new Error("decode");
    expect(Buffer.from(encodeBert(b.value))).to.deep.equal(Buffer.from(fx("bert.bin")));
    expect(Buffer.from(encodeEinj(e.value))).to.deep.equal(Buffer.from(fx("einj.bin")));
    expect(Buffer.from(encodeErst(s.value, "preserve"))).to.deep.equal(Buffer.from(fx("erst.bin")));
    expect(Buffer.from(encodeErst(s.value))).to.deep.equal(Buffer.from(fx("erst.bin")));
    expect(e.value.entries[1]).to.deep.include({ action: 2, instruction: 2, flags: 1, value: 0n, mask: 0xffff_ffffn });
    expect(e.value.entries[1]!.registerRegion.address).to.equal(0xfe10_0008n);
    expect(s.value.entries[3]).to.deep.include({ action: 6, instruction: 13 });
  });

  it("EINJ/ERST: Linux's header-size and entry-count checks become findings", () => {
    const t = fx("einj.bin");
    const v = new DataView(t.buffer, t.byteOffset);
    v.setUint32(36, 40, true); // header size neither 12 nor 48
    v.setUint32(44, 4, true); // 4 entries, Length holds 5
    const r = decodeEinj(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["bad-checksum", "bad-header-size", "count-mismatch"]);
    // Walked to the Length as iasl does; the fifth entry is beyond the count (Linux never sees it).
    expect(r.value.entries.length).to.equal(5);
    expect(r.value.trailing.length).to.equal(0);
    expect(Buffer.from(encodeEinj(r.value, "preserve"))).to.deep.equal(Buffer.from(t));
    const j = simpleJson(r.value, { actions: EINJ_ACTIONS, instructions: EINJ_INSTRUCTIONS }) as { entries: { beyondEntryCount?: boolean }[] };
    expect(j.entries.map((e) => e.beyondEntryCount === true)).to.deep.equal([false, false, false, false, true]);
    expect(renderSimple("EINJ", r.value, t).join("\n")).to.contain("/* Entry [4] is beyond the Injection Entry Count (4): iasl shows it, Linux never sees it */");
    expect(renderSimple("EINJ", r.value, t).join("\n")).to.contain("Linux accepts 12 or 48");
  });

  it("a BERT with bytes inside Length after its fields keeps them as trailing", () => {
    const t = new Uint8Array([...fx("bert.bin"), 0, 0, 0, 0]);
    new DataView(t.buffer).setUint32(4, 52, true);
    t[9] = (t[9]! - 4) & 0xff;
    const r = decodeBert(t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.checksumValid).to.equal(true);
    expect(r.value.findings.map((f) => f.code)).to.deep.equal(["trailing-bytes"]);
    expect(Buffer.from(encodeBert(r.value))).to.deep.equal(Buffer.from(t));
  });

  it("the region walk stops at Block Status 0 and decodes each block with the CPER codec", () => {
    const r = walkBootErrorRegion(fx("bert-region.bin"));
    expect(r.blocks.map((b) => [b.offset, b.length, b.block.ErrorSeverity])).to.deep.equal([[0, 172, 0], [172, 172, 2]]);
    expect(r.findings).to.deep.equal([]);
    expect(r.blocks[0]!.decoded).to.not.equal(undefined);
    expect(r.blocks.map((b) => b.printed)).to.deep.equal([true, true]);
  });

  it("Linux prints at most 5 records of < 1024 bytes and counts the rest as skipped", () => {
    const one = memoryErrorBlock(1n);
    const region = new Uint8Array(one.length * 7 + 20);
    for (let i = 0; i < 7; i++) region.set(one, i * one.length);
    const r = walkBootErrorRegion(region);
    expect(r.blocks.map((b) => b.printed)).to.deep.equal([true, true, true, true, true, false, false]);
    expect(r.messages).to.deep.equal(["BERT: Error records from previous boot:", "BERT: [Hardware Error]: Skipped 2 error records"]);
  });

  it("the region walk reports Linux's truncated and invalid records", () => {
    const region = fx("bert-region.bin");
    const t = walkBootErrorRegion(region, 200);
    expect(t.messages).to.deep.equal(["BERT: Error records from previous boot:", "BERT: [Firmware Bug]: Truncated status block (length: 172)."]);
    expect(t.findings.map((f) => f.code)).to.deep.equal(["block-truncated"]);
    const short = walkBootErrorRegion(region.subarray(0, 100), 1024);
    expect(short.findings.map((f) => f.code)).to.deep.equal(["region-truncated", "block-truncated"]);
    const bad = memoryErrorBlock(1n);
    new DataView(bad.buffer).setUint32(12, 30, true);
    const inv = walkBootErrorRegion(new Uint8Array([...bad, ...new Uint8Array(20)]));
    expect(inv.messages).to.deep.equal(["BERT: [Firmware Bug]: Invalid error record."]);
    expect(inv.blocks).to.deep.equal([]);
  });
});
