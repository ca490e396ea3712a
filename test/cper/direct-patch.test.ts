// The "_armras" patches computed field by field (memory's derived field patch, armDirect) against
// the definitions they replace: the byte diff of encode(v) against encode(project(v)),
// and against the generic JSON round trip encode(fromLib(toLib(v))), on random and
// mutated bodies (junk in fields whose validation bit is clear, reserved bits, trailing bytes).
import { expect } from "chai";
import fc from "fast-check";
import { armCodec, armDirect, armProject, decodeArm, encodeArm } from "../../src/cper/sections/arm.js";
import { decodeMemory, memoryCodec, PlatformMemoryError } from "../../src/cper/sections/memory.js";
import { encodeFlat, locateFlat } from "../../src/cper/sections/body.js";
import { EXTRA_KEY } from "../../src/cper/json/patches.js";
import { patchOf } from "../../src/cper/json/patches.js";
import { CONTEXT_SIZES } from "../../src/cper/layouts/arm.js";
import type { ArmTypeReading } from "../../src/cper/section-api.js";
import { ERROR_STATUS_BITS, ERROR_STATUS_TYPES, errorStatusToJson } from "../../src/cper/sections/error-status.js";
import { extract } from "../../src/arch/bits.js";

/** Bytes mixing zeros, 0xff and random values (so runs, gaps and clean fields all occur). */
const byteArb = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 }));
const bytes = (min: number, max: number) => fc.array(byteArb, { minLength: min, maxLength: max }).map((a) => Uint8Array.from(a));

describe("cper direct _armras patches == the diff they replace", () => {
  it("memory: the declared field patch == patchOf(encode(v), encode(fromLib(toLib(v)))) == the generic JSON round trip", () => {
    const loc = (o: number) => locateFlat(PlatformMemoryError, o);
    const opts = { armType: "uefi" } as const;
    fc.assert(
      fc.property(bytes(80, 80), bytes(0, 9), fc.integer({ min: 0, max: 0x3fffff }), fc.boolean(), (body, tail, vbits, setVb) => {
        const b = Uint8Array.from([...body, ...tail]);
        if (setVb) new DataView(b.buffer).setUint32(0, vbits, true); // realistic validation words too
        const r = decodeMemory(b);
        expect(r.ok).to.equal(true);
        if (!r.ok) return;
        const v = r.value;
        const enc = encodeFlat(PlatformMemoryError, v);
        expect(enc).to.deep.equal(b);
        const direct = (memoryCodec.toJson(v, opts) as Record<string, unknown>)[EXTRA_KEY];
        const lib = memoryCodec.toLibcperJson(v, opts);
        const rebuilt = memoryCodec.fromJson(lib);
        expect(rebuilt.ok).to.equal(true);
        if (!rebuilt.ok) return;
        expect(direct).to.deep.equal(patchOf(enc, encodeFlat(PlatformMemoryError, rebuilt.value), loc));
        expect(direct).to.deep.equal((memoryCodec.genericToJson!(v, opts) as Record<string, unknown>)[EXTRA_KEY]);
      }),
      { numRuns: 3000 },
    );
  });

  it("memory: short (73/77-byte) bodies leave the generic path in charge", () => {
    const r = decodeMemory(new Uint8Array(77).fill(0x5a));
    expect(r.ok).to.equal(true);
    if (r.ok) expect(memoryCodec.toJson(r.value, { armType: "uefi" })).to.deep.equal(memoryCodec.genericToJson!(r.value, { armType: "uefi" }));
  });

  const armBody = fc
    .record({
      header: bytes(40, 40),
      infos: fc.array(bytes(32, 32), { maxLength: 3 }),
      ctxs: fc.array(fc.record({ head: bytes(8, 8), type: fc.integer({ min: 0, max: 9 }), size: fc.option(fc.integer({ min: 0, max: 40 })), regs: bytes(0, 300) }), { maxLength: 2 }),
      vendor: bytes(0, 12),
      cut: fc.integer({ min: 0, max: 40 }),
      vbits: fc.option(fc.integer({ min: 0, max: 15 })),
    })
    .map(({ header, infos, ctxs, vendor, cut, vbits }) => {
      const parts: number[] = [];
      const h = header.slice();
      const hv = new DataView(h.buffer);
      if (vbits !== null) hv.setUint32(0, vbits, true);
      hv.setUint16(4, infos.length, true);
      hv.setUint16(6, ctxs.length, true);
      parts.push(...h);
      for (const e of infos) parts.push(...e);
      for (const c of ctxs) {
        const size = c.size ?? CONTEXT_SIZES[c.type] ?? 16;
        const ch = c.head.slice();
        const cv = new DataView(ch.buffer);
        cv.setUint16(2, c.type, true);
        cv.setUint32(4, size, true);
        parts.push(...ch);
        for (let i = 0; i < size; i++) parts.push(c.regs[i % Math.max(1, c.regs.length)] ?? 0);
      }
      parts.push(...vendor);
      const b = Uint8Array.from(parts);
      return cut > 0 && cut < 20 ? b.subarray(0, Math.max(40, b.length - cut)) : b; // some truncated bodies
    });

  it("ARM: armDirect == patchOf(encode(v), encode(project(v))) == the JSON round trip, for each Type reading", () => {
    fc.assert(
      fc.property(armBody, fc.constantFrom<ArmTypeReading>("uefi", "legacy", "libcper"), (b, armType) => {
        const r = decodeArm(b);
        expect(r.ok).to.equal(true);
        if (!r.ok) return;
        const v = r.value;
        const opts = { armType };
        const enc = encodeArm(v);
        const direct = armDirect(v, opts);
        const projected = armProject(v, opts);
        // Registers cut short by the section end: both fast paths hand over to the generic one.
        expect(direct === null).to.equal(projected === undefined);
        if (projected === undefined) return;
        expect(direct).to.deep.equal(patchOf(enc, encodeArm(projected)));
        const back = armCodec.fromJson(armCodec.toLibcperJson(v, opts));
        expect(back.ok).to.equal(true);
        if (back.ok) expect(direct).to.deep.equal(patchOf(enc, encodeArm(back.value)));
      }),
      { numRuns: 2000 },
    );
  });

  it("errorStatusToJson (one 32-bit read) == the BigInt field extracts of UEFI Table N-24", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        const t = Number(extract(v, ERROR_STATUS_BITS.ErrorType));
        const e = ERROR_STATUS_TYPES[t];
        const ref: Record<string, unknown> = { errorType: e === undefined ? { value: t, name: "Unknown (Reserved)" } : { value: t, name: e[0], description: e[1] } };
        const keys = ["addressSignal", "controlSignal", "dataSignal", "detectedByResponder", "detectedByRequester", "firstError", "overflowDroppedLogs"] as const;
        const bits = [ERROR_STATUS_BITS.AddressSignal, ERROR_STATUS_BITS.ControlSignal, ERROR_STATUS_BITS.DataSignal, ERROR_STATUS_BITS.DetectedByResponder, ERROR_STATUS_BITS.DetectedByRequester, ERROR_STATUS_BITS.FirstError, ERROR_STATUS_BITS.OverflowDroppedLogs];
        keys.forEach((k, i) => (ref[k] = extract(v, bits[i]!) === 1n));
        const got = errorStatusToJson(v);
        expect(got).to.deep.equal(ref);
        expect(Object.keys(got)).to.deep.equal(Object.keys(ref));
      }),
      { numRuns: 2000 },
    );
  });
});
