// The IA32/X64 "_armras" object computed field by field (ia32x64Direct) against the
// definitions it replaces: the byte diff of encode(v) against encode(project(v)), and the
// generic JSON round trip (genericToJson), on random bodies with junk in fields whose
// validation bit is clear, reserved bytes, register states of every type and trailing bytes.
import { expect } from "chai";
import fc from "fast-check";
import { ia32x64Codec, ia32x64Direct, locate, project } from "../../src/cper/sections/ia32x64.js";
import { ERROR_TYPES } from "../../src/cper/sections/ia32x64-layout.js";
import { guidToBytes } from "../../src/layout/guid.js";
import { patchOf } from "../../src/cper/json/patches.js";
import { DEFAULT_SECTION_OPTIONS } from "../../src/cper/section-api.js";
import type { Ia32x64Section } from "../../src/cper/sections/ia32x64.js";

const byteArb = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 }));
const bytes = (min: number, max: number) => fc.array(byteArb, { minLength: min, maxLength: max }).map((a) => Uint8Array.from(a));

const body = fc
  .record({
    header: bytes(64, 64),
    infos: fc.array(fc.record({ known: fc.option(fc.integer({ min: 0, max: ERROR_TYPES.length - 1 })), rest: bytes(64, 64), vb: fc.option(fc.integer({ min: 0, max: 0x3f })) }), { maxLength: 3 }),
    ctxs: fc.array(fc.record({ type: fc.integer({ min: 0, max: 9 }), size: fc.option(fc.integer({ min: 0, max: 300 })), regs: bytes(1, 40) }), { maxLength: 3 }),
    tail: bytes(0, 9),
    vbLow: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ header, infos, ctxs, tail, vbLow }) => {
    const h = header.slice();
    const hv = new DataView(h.buffer);
    hv.setUint16(0, vbLow | (infos.length << 2) | (ctxs.length << 8) | (hv.getUint16(0, true) & 0xc000), true);
    const parts: number[] = [...h];
    for (const e of infos) {
      const b = e.rest.slice();
      if (e.known !== null) guidToBytes(ERROR_TYPES[e.known]!.guid, b, 0);
      if (e.vb !== null) new DataView(b.buffer).setUint32(16, e.vb, true);
      parts.push(...b);
    }
    for (const c of ctxs) {
      const size = c.size ?? (c.type === 2 ? 92 : c.type === 3 ? 244 : 16);
      const ch = new Uint8Array(16);
      const cv = new DataView(ch.buffer);
      cv.setUint16(0, c.type, true);
      cv.setUint16(2, size, true);
      cv.setUint32(4, c.regs[0]! * 0x01010101, true);
      parts.push(...ch);
      for (let i = 0; i < size; i++) parts.push(c.regs[i % c.regs.length]!);
    }
    parts.push(...tail);
    return Uint8Array.from(parts);
  });

describe("cper IA32/X64: ia32x64Direct == the diff it replaces", () => {
  it("== patchOf(encode(v), encode(project(v))) == the generic JSON round trip", () => {
    fc.assert(
      fc.property(body, (b) => {
        const r = ia32x64Codec.decode(b, DEFAULT_SECTION_OPTIONS);
        expect(r.ok).to.equal(true);
        if (!r.ok) return;
        const v = r.value as Ia32x64Section;
        const enc = ia32x64Codec.encode(v);
        expect(enc).to.deep.equal(b);
        const direct = ia32x64Direct(v);
        const projected = project(v);
        expect(direct === null).to.equal(projected === undefined);
        if (projected === undefined) return;
        expect(direct).to.deep.equal(patchOf(enc, ia32x64Codec.encode(projected), (o) => locate(v, o)));
        const generic = ia32x64Codec.genericToJson!(v, DEFAULT_SECTION_OPTIONS) as Record<string, unknown>;
        expect(direct).to.deep.equal(generic._armras);
      }),
      { numRuns: 1500 },
    );
  });
});
