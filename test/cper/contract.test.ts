// The one section contract (src/cper/sections/contract.ts): a section declared once gives
// decode/encode, libcper's JSON out and in (with "_armras" for what it drops), lint, locate
// and plain text. First a made-up section declared here (the walk-through in
// docs/cper-sections.md), then every declared built-in.
import { expect } from "chai";
import "../../src/cper/index.js";
import { field, struct } from "../../src/layout/struct.js";
import { reserved, u16, u32, u64 } from "../../src/layout/types.js";
import { declareSection, type DeclaredCodec } from "../../src/cper/sections/contract.js";
import { asEnum, asInt, asIntWithHex, lib } from "../../src/cper/sections/json-forms.js";
import { registeredSections } from "../../src/cper/registry.js";
import { parseJson, stringifyJson } from "../../src/cper/json/reader.js";
import { DEFAULT_SECTION_OPTIONS as OPTS } from "../../src/cper/section-api.js";
import type { Fields } from "../../src/layout/struct.js";

/** JSON text back to a value (u64 beyond 2^53 as bigint). */
function reparse(text: string): unknown {
  const r = parseJson(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

// ---- the walk-through's section -------------------------------------------------

const EXAMPLE_KINDS = { 0: "None", 1: "Parity", 2: "Timeout" };

const ExampleError = struct(
  "ExampleError",
  24,
  {
    ValidationBits: field(0, u32),
    Kind: field(4, u16, { valid: 0, values: EXAMPLE_KINDS, json: lib("kind", asEnum(), "kind") }),
    Reserved: field(6, reserved(2)),
    Address: field(8, u64, { valid: 1, json: lib("address", asIntWithHex("addressHex"), "address") }),
    Count: field(16, u64, { valid: 2, json: lib("count", asInt((x) => `${x}`), "count") }),
  },
  { validationField: "ValidationBits", spec: "Example spec Table 1" },
);

const exampleCodec = declareSection({
  key: "example",
  guid: "00000000-1111-2222-3333-444444444444",
  name: "Example Error",
  libcperKey: "Example",
  libcperTypeName: "Example",
  message: "An Example Error occurred",
  layout: ExampleError,
  spec: "Example spec Table 1",
  title: "Example error",
});

function body(vb: number, kind: number, address: bigint, count: bigint, reservedByte = 0): Uint8Array {
  const b = new Uint8Array(24);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, vb, true);
  dv.setUint16(4, kind, true);
  b[6] = reservedByte;
  dv.setBigUint64(8, address, true);
  dv.setBigUint64(16, count, true);
  return b;
}

function decoded<F extends Fields>(c: DeclaredCodec<F>, b: Uint8Array) {
  const r = c.decode(b, OPTS);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("cper: the declared section contract (a section declared in the test)", () => {
  it("prints the members whose validation bit is set, in declaration order, through the one writer", () => {
    const v = decoded(exampleCodec, body(0b011, 1, 0x1234n, 0n));
    expect(exampleCodec.toJson(v, OPTS)).to.deep.equal({ kind: { value: 1, name: "Parity" }, address: 0x1234, addressHex: "0x0000000000001234" });
    expect(exampleCodec.renderText!(v, OPTS)).to.deep.equal(["Example error", "  kind: 1 (Parity)", "  address: 0x1234"]);
  });

  it("keeps what libcper's JSON drops in _armras, and JSON in gives back the identical bytes", () => {
    const b = body(0b001, 9, 0xdeadn, 0n, 0x5a); // Address invalid but not zero, Reserved not zero, Kind unnamed
    const v = decoded(exampleCodec, b);
    const json = exampleCodec.toJson(v, OPTS) as Record<string, unknown>;
    expect(json.kind).to.deep.equal({ value: 9, name: "Unknown (Reserved)" });
    expect(json._armras).to.deep.equal({ patch: [{ offset: 6, hex: "5a00adde", field: "Reserved" }] });
    expect(stringifyJson(json, 0)).to.equal(stringifyJson(exampleCodec.genericToJson!(v, OPTS), 0));
    const back = exampleCodec.fromJson(reparse(stringifyJson(json, 0)));
    expect(back.ok && [...exampleCodec.encode(back.value)]).to.deep.equal([...b]);
  });

  it("reads libcper's JSON alone (zeros where it is silent) and names the JSON path of a bad member", () => {
    const r = exampleCodec.fromJson({ count: 3 });
    expect(r.ok && [...exampleCodec.encode(r.value)]).to.deep.equal([...body(0b100, 0, 0n, 3n)]);
    const bad = exampleCodec.fromJson({ kind: { value: "x" } });
    expect(bad.ok).to.equal(false);
    if (!bad.ok) expect(bad.error.field).to.equal("Example.kind.value");
  });

  it("derives lint (reserved bytes, validation bits beyond the structure, short body) and locate", () => {
    const v = decoded(exampleCodec, body(0b1000, 0, 0n, 0n, 1));
    expect(exampleCodec.lint!(v, body(0b1000, 0, 0n, 0n, 1)).map((f) => [f.field, f.offset])).to.deep.equal([
      ["Reserved", 6],
      ["ValidationBits", 0],
    ]);
    const short = exampleCodec.decode(new Uint8Array(10), OPTS);
    expect(short.ok && short.warnings.map((w) => w.code)).to.deep.equal(["short-section"]);
    if (short.ok) expect(exampleCodec.lint!(short.value, new Uint8Array(10))[0]!.message).to.equal("section body is 10 bytes, ExampleError is 24");
    expect(exampleCodec.encode(decoded(exampleCodec, new Uint8Array(10))).length).to.equal(10);
  });
});

// ---- every declared built-in -----------------------------------------------------

const declared = (): DeclaredCodec<Fields>[] => registeredSections().filter((c) => "layout" in c) as DeclaredCodec<Fields>[];

describe("cper: the built-in sections declared through the contract", () => {
  it("includes the migrated sections", () => {
    expect(declared().map((c) => c.key)).to.include.members(["pci-bus", "firmware", "dmar-generic", "dmar-vtd", "dmar-iommu", "generic", "ccix-per", "cxl-general-media", "pcie", "pci-component", "memory2", "cxl-protocol"]);
  });
  for (const c of declared()) {
    it(`${c.key}: every declared member is printed when its field is valid, and read back to the same bytes`, () => {
      const s = c.layout;
      const b = new Uint8Array(s.size).map((_, i) => (i * 37 + 11) & 0xff);
      if (s.validationField !== undefined) {
        const f = s.fields[s.validationField]!;
        const all = s.order.reduce((m, k) => (s.fields[k]!.valid === undefined ? m : m | (1n << BigInt(s.fields[k]!.valid!))), 0n);
        const dv = new DataView(b.buffer);
        if (f.type.kind === "u64") dv.setBigUint64(f.at, all, true);
        else dv.setUint32(f.at, Number(all), true);
      }
      const v = decoded(c, b);
      const lib = c.toLibcperJson(v, OPTS);
      const vw = s.validationField === undefined ? 0 : Number(BigInt.asUintN(32, BigInt((v.fields as Record<string, number | bigint>)[s.validationField]!)));
      for (const k of s.order) {
        const j = s.fields[k]!.json;
        if (j === undefined) continue;
        // A gated member (e.g. CXL protocol's agent address, printed for agent types 0 and 1 only) follows its gate.
        const gate = (c.gate as Record<string, ((w: number, v: unknown) => boolean) | undefined> | undefined)?.[k];
        if (gate !== undefined && !gate(vw, v)) expect(lib, `${c.key}.${k}`).not.to.have.property(j.key);
        else expect(lib, `${c.key}.${k}`).to.have.property(j.key);
      }
      const back = c.fromJson(reparse(stringifyJson(c.toJson(v, OPTS), 0)));
      expect(back.ok && [...c.encode(back.value)]).to.deep.equal([...b]);
    });
  }
});
