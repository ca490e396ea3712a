// Properties (fast-check): generated section values survive encode→decode and
// JSON; every corpus blob re-encodes byte for byte; random and mutated bytes never
// throw or hang in decode, JSON, the renderers or lint.
import { expect } from "chai";
import fc from "fast-check";
import { readdirSync, existsSync, readFileSync } from "node:fs";
import { decode, iterate, encode, toJson, toJsonText, fromJson, renderLinux, renderText, lint, stringifyJson, parseJson, codecFor } from "../../src/cper/index.js";
import { DEFAULT_SECTION_OPTIONS } from "../../src/cper/section-api.js";
import { ARM_GUID } from "../../src/cper/sections/arm.js";
import { MEMORY_GUID } from "../../src/cper/sections/memory.js";
import { MEMORY2_GUID } from "../../src/cper/sections/memory2.js";
import { GENERIC_GUID } from "../../src/cper/sections/generic.js";
import { AMPERE_GUID } from "../../src/cper/sections/ampere.js";
import { ARM_RAS_GUID } from "../../src/cper/sections/arm-ras.js";
import { CONTEXT_SIZES } from "../../src/cper/layouts/arm.js";
import { describeShared, sharedPath, fixturePath } from "../helpers.js";
import { corpusBytes } from "./corpus-util.js";

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const u32 = fc.nat({ max: 0xffffffff });
const u16 = fc.nat({ max: 0xffff });
const u8 = fc.nat({ max: 0xff });
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

const errorInfo = fc.record({ Version: u8, Length: fc.constant(32), ValidationBits: fc.nat({ max: 31 }), Type: fc.constantFrom(2, 4, 8, 16, 6, 0x1e), MultipleError: u16, Flags: fc.nat({ max: 15 }), ErrorInformation: u64, VirtualFaultAddress: u64, PhysicalFaultAddress: u64 });
const context = fc.nat({ max: 8 }).chain((t) => fc.record({ header: fc.record({ Version: u16, RegisterContextType: fc.constant(t), RegisterArraySize: fc.constant(CONTEXT_SIZES[t] ?? 16) }), registers: bytes(CONTEXT_SIZES[t] ?? 16) }));
const armValue = fc
  .record({ errorInfo: fc.array(errorInfo, { minLength: 1, maxLength: 4 }), contexts: fc.array(context, { maxLength: 3 }), vendor: fc.uint8Array({ maxLength: 24 }), vb: fc.nat({ max: 15 }), level: u8, mpidr: u64, midr: u64, rs: u32, psci: u32 })
  .map((x) => {
    const len = 40 + 32 * x.errorInfo.length + x.contexts.reduce((n, c) => n + 8 + c.registers.length, 0) + x.vendor.length;
    return {
      fields: { ValidationBits: x.vb, ErrInfoNum: x.errorInfo.length, ContextInfoNum: x.contexts.length, SectionLength: len, ErrorAffinityLevel: x.level, Reserved: new Uint8Array(3), MPIDR_EL1: x.mpidr, MIDR_EL1: x.midr, RunningState: x.rs, PSCIState: x.psci },
      errorInfo: x.errorInfo,
      contexts: x.contexts,
      vendor: x.vendor,
    };
  });

function flat(fields: Record<string, fc.Arbitrary<unknown>>) {
  return fc.record(fields).map((f) => ({ fields: f, trailing: new Uint8Array(0) }));
}
const memoryValue = flat({ ValidationBits: fc.bigInt({ min: 0n, max: 0x3fffffn }), ErrorStatus: u64, PhysicalAddress: u64, PhysicalAddressMask: u64, Node: u16, Card: u16, Module: u16, Bank: u16, Device: u16, Row: u16, Column: u16, BitPosition: u16, RequestorId: u64, ResponderId: u64, TargetId: u64, MemoryErrorType: u8, Extended: u8, RankNumber: u16, CardHandle: u16, ModuleHandle: u16 });
const memory2Value = flat({ ValidationBits: fc.bigInt({ min: 0n, max: 0x3fffffn }), ErrorStatus: u64, PhysicalAddress: u64, PhysicalAddressMask: u64, Node: u16, Card: u16, Module: u16, Bank: u16, Device: u32, Row: u32, Column: u32, Rank: u32, BitPosition: u32, ChipId: u8, MemoryErrorType: u8, Status: u8, Reserved: bytes(1), RequestorId: u64, ResponderId: u64, TargetId: u64, CardHandle: u32, ModuleHandle: u32 });
const brand = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "").replace(/\0+$/, ""));
const genericValue = flat({ ValidationBits: fc.bigInt({ min: 0n, max: 0x1fffn }), ProcessorType: u8, ProcessorISA: u8, ProcessorErrorType: u8, Operation: u8, Flags: u8, Level: u8, Reserved: bytes(2), CPUVersionInfo: u64, CPUBrandString: brand, ProcessorID: u64, TargetAddress: u64, RequestorID: u64, ResponderID: u64, InstructionIP: u64 });
const ampereValue = flat({ Type: u8, Subtype: u8, Instance: u16, ERR_STATUS: u32, ERR_ADDR: u64, ERR_MISC0: u64, ERR_MISC1: u64, ERR_MISC2: u64, ERR_MISC3: u64 });

const CASES: [string, string, fc.Arbitrary<unknown>][] = [
  ["ARM processor", ARM_GUID, armValue],
  ["Platform Memory", MEMORY_GUID, memoryValue],
  ["Platform Memory 2", MEMORY2_GUID, memory2Value],
  ["Processor Generic", GENERIC_GUID, genericValue],
  ["Ampere Altra", AMPERE_GUID, ampereValue],
];

describe("cper/properties: generated section values", () => {
  for (const [name, guid, arb] of CASES) {
    const codec = codecFor(guid);
    it(`${name}: decode(encode(x)) = x`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const r = codec.decode(codec.encode(v), DEFAULT_SECTION_OPTIONS);
          expect(r.ok).to.equal(true);
          if (r.ok) expect(r.value).to.deep.equal(v);
        }),
        { numRuns: 150 },
      );
    });
    it(`${name}: JSON text → fromJson → encode gives the same bytes (every reading of the ARM Type byte)`, () => {
      fc.assert(
        fc.property(arb, fc.constantFrom("uefi", "legacy", "libcper") as fc.Arbitrary<"uefi" | "legacy" | "libcper">, (v, armType) => {
          const b = codec.encode(v);
          const j = parseJson(stringifyJson(codec.toJson(v, { armType })));
          expect(j.ok).to.equal(true);
          if (!j.ok) return;
          const back = codec.fromJson(j.value);
          expect(back.ok, back.ok ? "" : back.error.message).to.equal(true);
          if (back.ok) expect(Buffer.from(codec.encode(back.value)).equals(Buffer.from(b))).to.equal(true);
        }),
        { numRuns: 100 },
      );
    });
    it(`${name}: values libcper's keys fully describe (the JSON fast path) also round trip exactly`, () => {
      const more = codec as unknown as { toLibcperJson?: (v: unknown, o: typeof DEFAULT_SECTION_OPTIONS) => unknown };
      if (!more.toLibcperJson) return;
      let fast = 0;
      fc.assert(
        fc.property(arb, (v) => {
          // the lossy projection: what libcper's JSON alone rebuilds
          const lossy = codec.fromJson(parseJson(stringifyJson(more.toLibcperJson!(v, DEFAULT_SECTION_OPTIONS))).ok ? (parseJson(stringifyJson(more.toLibcperJson!(v, DEFAULT_SECTION_OPTIONS))) as { value: unknown }).value : null);
          if (!lossy.ok) return;
          const b = codec.encode(lossy.value);
          const j = codec.toJson(lossy.value, DEFAULT_SECTION_OPTIONS) as Record<string, unknown>;
          if (!("_armras" in j)) fast++;
          const back = codec.fromJson(parseJson(stringifyJson(j)).ok ? (parseJson(stringifyJson(j)) as { value: unknown }).value : null);
          expect(back.ok).to.equal(true);
          if (back.ok) expect(Buffer.from(codec.encode(back.value)).equals(Buffer.from(b))).to.equal(true);
        }),
        { numRuns: 150 },
      );
      expect(fast).to.be.greaterThan(0);
    });
    it(`${name}: the JSON text printed as it is described equals the printed tree (one line and indented, every ARM Type reading)`, () => {
      fc.assert(
        fc.property(arb, fc.constantFrom("uefi", "legacy", "libcper") as fc.Arbitrary<"uefi" | "legacy" | "libcper">, fc.constantFrom(0, 2, 4), (v, armType, indent) => {
          const tree = { framing: "section" as const, section: { guid, codec: codec.key, value: v } };
          expect(toJsonText(tree, { armType }, indent)).to.equal(stringifyJson(toJson(tree, { armType }), indent));
        }),
        { numRuns: 150 },
      );
    });
    it(`${name}: renderers and lint never throw on generated values`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          codec.renderLinux?.(v, DEFAULT_SECTION_OPTIONS);
          codec.renderText?.(v, DEFAULT_SECTION_OPTIONS);
          codec.lint?.(v, codec.encode(v));
        }),
        { numRuns: 50 },
      );
    });
  }
});

function blobs(): [string, Uint8Array, (string | undefined)?][] {
  const out: [string, Uint8Array, string?][] = [];
  for (const dir of ["record", "estatus"]) {
    for (const f of readdirSync(sharedPath("corpus", "cper", dir)).filter((x) => x.endsWith(".bin"))) out.push([`${dir}/${f}`, corpusBytes(dir, f)]);
  }
  out.push(["section/ampere_altra_aris_src0", corpusBytes("section", "ampere_altra_aris_src0.section.bin"), AMPERE_GUID]);
  out.push(["section/ampere_altra_aris_src3", corpusBytes("section", "ampere_altra_aris_src3.section.bin"), AMPERE_GUID]);
  out.push(["section/cxl_gmer_qemu_cameron", corpusBytes("section", "cxl_gmer_qemu_cameron.section.bin"), "fbcd0a77-c260-417f-85a9-088b1621eba6"]);
  return out;
}

/** Everything a user can do with bytes; must never throw. */
function exercise(b: Uint8Array, sectionType?: string): void {
  const opts = sectionType ? { framing: "auto" as const, armType: "uefi" as const, sectionType } : { framing: "auto" as const, armType: "uefi" as const };
  let n = 0;
  for (const r of iterate(b, opts)) {
    if (++n > b.length + 2) throw new Error("iterate does not terminate");
    if (!r.ok) continue;
    const t = r.value.tree;
    const e = encode(t);
    if (t.framing === "record") expect(Buffer.from(e).equals(Buffer.from(b.subarray(r.value.offset, r.value.offset + r.value.length)))).to.equal(true);
    const j = toJson(t);
    // The printed text (written straight from the tree) is the tree's text.
    expect(toJsonText(t, DEFAULT_SECTION_OPTIONS, 0)).to.equal(stringifyJson(j, 0));
    expect(toJsonText(t, DEFAULT_SECTION_OPTIONS, 4)).to.equal(stringifyJson(j, 4));
    const back = fromJson(parseJson(stringifyJson(j)).ok ? (parseJson(stringifyJson(j)) as { value: unknown }).value : null);
    expect(back.ok, back.ok ? "" : `${back.error.field}: ${back.error.message}`).to.equal(true);
    if (back.ok) expect(Buffer.from(encode(back.value)).equals(Buffer.from(e))).to.equal(true);
    renderLinux(t);
    renderText(t);
  }
  lint(b, opts);
}

describeShared("cper/properties: corpus blobs", () => {
  for (const [name, b, st] of blobs()) {
    it(`${name}: encode(decode(b)) = b`, () => {
      const r = st ? decode(b, { framing: "section", sectionType: st }) : decode(b);
      expect(r.ok).to.equal(true);
      if (r.ok) expect(Buffer.from(encode(r.value.tree)).equals(Buffer.from(b.subarray(0, r.value.length)))).to.equal(true);
    });
  }
  it("mutated corpus blobs (truncations, bit flips, huge counts and lengths) never throw, never hang, and stay byte exact", function () {
    // Some mutants are 18 KB records with hundreds of overlapping garbage sections: slow, not hanging.
    this.timeout(300000);
    const all = blobs();
    fc.assert(
      fc.property(
        fc.nat({ max: all.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.array(fc.tuple(fc.constantFrom(10, 20, 128, 132, 4, 6, 8, 12, 24, 40 + 200, 200 + 4, 200 + 8), fc.constantFrom(0xffff, 0xffffffff, 0, 1, 0x7fffffff)), { maxLength: 3 }),
        (i, flips, cut, smash) => {
          const [, src, st] = all[i]!;
          const b = src.slice();
          for (const [at, bit] of flips) if (b.length) b[at % b.length]! ^= 1 << bit;
          const dv = new DataView(b.buffer);
          for (const [at, v] of smash) {
            if (at + 4 <= b.length) dv.setUint32(at, v >>> 0, true);
          }
          exercise(cut === undefined ? b : b.subarray(0, cut % (b.length + 1)), st);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Decodes b, then overwrites b: the tree must not change (no view into the input is kept; the streaming decoder reuses its buffer). */
function independentOfInput(b: Uint8Array, sectionType?: string): void {
  const input = b.slice();
  const opts = sectionType ? { framing: "auto" as const, armType: "uefi" as const, sectionType } : { framing: "auto" as const, armType: "uefi" as const };
  const items = [...iterate(input, opts)].filter((r) => r.ok).map((r) => (r.ok ? r.value.tree : undefined)!);
  const before = items.map((t) => [Buffer.from(encode(t)).toString("hex"), toJsonText(t, DEFAULT_SECTION_OPTIONS, 0)]);
  input.fill(0xa5);
  expect(items.map((t) => [Buffer.from(encode(t)).toString("hex"), toJsonText(t, DEFAULT_SECTION_OPTIONS, 0)])).to.deep.equal(before);
}

describe("cper/properties: decoded trees do not alias the input bytes", () => {
  it("own fixtures: overwriting the input after decoding changes nothing in the trees", () => {
    for (const f of readdirSync(fixturePath("cper")).filter((x) => x.endsWith(".bin"))) independentOfInput(new Uint8Array(readFileSync(fixturePath("cper", f))));
  });
  it("generated section values of every tested type, as bare sections", () => {
    for (const [, guid, arb] of CASES) {
      fc.assert(
        fc.property(arb, (v) => {
          independentOfInput(codecFor(guid).encode(v), guid);
        }),
        { numRuns: 40 },
      );
    }
  });
});

describeShared("cper/properties: corpus trees do not alias the input bytes", () => {
  it("every corpus blob: overwriting the input after decoding changes nothing in the trees", () => {
    for (const [, b, st] of blobs()) independentOfInput(b, st);
  });
});

describe("cper/properties: random bytes", () => {
  it("random bytes, random bytes behind a CPER signature, and random status blocks never throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom("none", "cper", "estatus"), (raw, kind) => {
        const b = raw.slice();
        if (kind === "cper" && b.length >= 4) b.set([0x43, 0x50, 0x45, 0x52]);
        if (kind === "estatus" && b.length >= 24) new DataView(b.buffer).setUint32(12, Math.max(0, b.length - 20), true);
        exercise(b);
        exercise(b, ARM_GUID);
        exercise(b, ARM_RAS_GUID);
      }),
      { numRuns: 400 },
    );
  });
});

describe("cper/properties: own fixtures (fixtures/cper, made by our encoder)", () => {
  for (const n of ["arm-ghes", "multi-record", "memory-73", "stream"]) {
    it(`${n}.bin survives decode / JSON / encode / render / lint`, () => {
      const p = fixturePath("cper", `${n}.bin`);
      expect(existsSync(p)).to.equal(true);
      exercise(new Uint8Array(require_(p)));
    });
  }
});

function require_(p: string): Buffer {
  return readFileSync(p);
}
