// NVIDIA event section (9068e568-…, libcper "NvidiaEvent"): libcper's two example
// records as oracles (../shared), a hand-built GPU body (fixtures/, runs without
// ../shared), tolerance of bad counts and sizes, lint, and fast-check properties.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import fc from "fast-check";
import { DEFAULT_SECTION_OPTIONS } from "../../../src/cper/section-api.js";
import { EventHeader, CtxHeader, CpuEventInfo, GpuEventInfo, GpuInitMetadata, InfoHeader } from "../../../src/cper/sections/nvidia-event-layout.js";
import { nvidiaEventCodec, printableLength, type NvidiaEventSection } from "../../../src/cper/sections/nvidia-event.js";
import { BUILTIN_SECTIONS } from "../../../src/cper/sections/index.js";
import { checkLayout } from "../../../src/layout/struct.js";
import { cli, describeShared, fixturePath } from "../../helpers.js";
import { fromHex, hex, sectionsOfRecord, sharedRecord, show, withoutExtras } from "./util.js";

const codec = nvidiaEventCodec;
const opts = DEFAULT_SECTION_OPTIONS;
const GUID = "9068e568-6ca0-11f0-aeaf-159343591eac";
const FIXTURE = "nvidia-event-gpu-xid.hex";
const fixture = (): Uint8Array => fromHex(readFileSync(fixturePath("cper", "sections-more", FIXTURE), "utf8"));

function decoded(b: Uint8Array): NvidiaEventSection {
  const r = codec.decode(b, opts);
  if (!r.ok) throw new Error(show(r.error));
  return r.value;
}

/** JSON through text and back (bigints as strings), as a file would carry it. */
const viaText = (v: unknown): unknown => JSON.parse(show(v));

// Written by hand from the fixture's bytes (fixtures/cper/sections-more/nvidia-event.md) and libcper's rules.
const FIXTURE_JSON = {
  eventHeader: { signature: "GPU-XID", version: 1, sourceDeviceType: "GPU", type: "0x0042", subtype: "0x0007" },
  eventInfo: { version: "1.0", gpu: { EventOriginator: "PF_DRIVER", SourcePartition: 3, SourceSubPartition: 1, Pdi: "01:02:03:04:05:06:07:08" } },
  eventContexts: [
    { version: 0, dataFormatType: "0x8001", dataFormatVersion: 1, dataSize: 31, data: { gpuLegacyXid: { xidCode: 79, message: "GPU has fallen off the bus" } } },
    { version: 0, dataFormatType: "0x8002", dataFormatVersion: 1, dataSize: 16, data: { gpuRecommendedActions: { flags: "0x03", recoveryAction: 2, diagnosticFlow: 0 } } },
    { version: 1, dataFormatType: "0x1234", dataFormatVersion: 0, dataSize: 12, data: { opaque: "0102030405060708090a0b0c" } },
  ],
};

describe("CPER NVIDIA event section: layout and registration", () => {
  it("structures have libcper's packed sizes and no gaps or overlaps", () => {
    expect([EventHeader.size, InfoHeader.size, CpuEventInfo.size, GpuEventInfo.size, CtxHeader.size, GpuInitMetadata.size]).to.deep.equal([32, 3, 29, 13, 16, 192]);
    for (const s of [EventHeader, InfoHeader, CpuEventInfo, GpuEventInfo, CtxHeader, GpuInitMetadata]) expect(checkLayout(s), s.name).to.deep.equal([]);
  });

  it("is registered in BUILTIN_SECTIONS under its GUID", () => {
    expect(BUILTIN_SECTIONS.find((c) => c.guid === GUID)).to.equal(codec);
    expect(codec.libcperKey).to.equal("NvidiaEvent");
  });
});

describe("CPER NVIDIA event section: hand-built GPU body (fixtures/cper/sections-more/nvidia-event-gpu-xid.hex)", () => {
  const body = fixture();

  it("decodes without warnings: header, GPU info, three contexts", () => {
    const r = codec.decode(body, opts);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.warnings).to.deep.equal([]);
    const v = r.value;
    expect(v.fields.EventContextCount).to.equal(3);
    expect(v.fields.Signature).to.equal("GPU-XID");
    expect(v.info!.header).to.deep.equal({ InfoVersion: 0x0100, InfoSize: 16 });
    expect(v.contexts.map((c) => [c.header.CtxSize, c.header.DataFormatType, c.data.length, c.padding.length])).to.deep.equal([
      [48, 0x8001, 31, 1],
      [32, 0x8002, 16, 0],
      [32, 0x1234, 12, 4],
    ]);
    expect(v.trailing.length).to.equal(0);
  });

  it("libcper JSON equals the hand-written JSON; message; no _armras needed", () => {
    const v = decoded(body);
    expect(viaText(codec.toJson(v, opts))).to.deep.equal(FIXTURE_JSON);
    expect(codec.messageOf!(v, opts)).to.equal("A GPU-XID Nvidia Event occurred");
  });

  it("encodes back byte for byte, and the hand-written JSON encodes to the same bytes", () => {
    expect(hex(codec.encode(decoded(body)))).to.equal(hex(body));
    const r = codec.fromJson(FIXTURE_JSON);
    expect(r.ok, show(r)).to.equal(true);
    if (r.ok) expect(hex(codec.encode(r.value))).to.equal(hex(body));
  });

  it("plain text names the device, the info and every context; lint is clean", () => {
    const v = decoded(body);
    const t = codec.renderText!(v, opts);
    expect(t[0]).to.contain('"GPU-XID"').and.contain("source GPU");
    expect(t.join("\n")).to.contain("PF_DRIVER").and.contain("gpuLegacyXid").and.contain("gpuRecommendedActions").and.contain("opaque");
    expect(codec.lint!(v, body)).to.deep.equal([]);
  });

  it("a legacy Xid message cut by DataSize prints only the bytes DataSize covers", () => {
    const b = body.slice();
    b[48 + 12] = 4 + 10; // DataSize 14: "GPU has fa"
    const j = viaText(codec.toJson(decoded(b), opts)) as typeof FIXTURE_JSON;
    expect(j.eventContexts[0]!.data).to.deep.equal({ gpuLegacyXid: { xidCode: 79, message: "GPU has fa" } });
    const back = codec.fromJson(j);
    expect(back.ok && hex(codec.encode(back.value))).to.equal(hex(b));
  });

  it("through the CLI as a bare section: JSON with libcper's key, and back to the same bytes", async () => {
    const r = await cli(["cper", "decode", fixturePath("cper", "sections-more", FIXTURE), "--framing", "section", "--section-type", GUID, "--format", "json"]);
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.section.NvidiaEvent.eventHeader.signature).to.equal("GPU-XID");
    const enc = await cli(["cper", "encode", "-", "-o", "out.bin"], r.stdout);
    expect(enc.code, enc.stderr).to.equal(0);
    expect(hex(enc.files.get("out.bin") as Uint8Array)).to.equal(hex(body));
  });
});

describe("CPER NVIDIA event section: tolerance and lint", () => {
  const body = fixture();

  it("a body shorter than the header decodes as zeros with a warning, and re-encodes to its length", () => {
    const r = codec.decode(body.subarray(0, 20), opts);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.code)).to.deep.equal(["short-section"]);
    expect(r.value.length).to.equal(20);
    expect(hex(codec.encode(r.value))).to.equal(hex(body.subarray(0, 20)));
    expect(codec.lint!(r.value, body.subarray(0, 20)).map((f) => f.field)).to.include("EventHeader");
  });

  it("EventContextCount beyond the body: decodes the contexts that fit, warns with the offset", () => {
    const b = body.slice();
    b[1] = 200;
    const r = codec.decode(b, opts);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.value.contexts.length).to.equal(3);
    expect(r.warnings[0]).to.include({ code: "count-overrun", offset: 1 });
    expect(hex(codec.encode(r.value))).to.equal(hex(b));
    expect(codec.lint!(r.value, b).map((f) => f.field)).to.include("EventContextCount");
  });

  it("a CtxSize past the body stops the walk and keeps the rest as trailing bytes", () => {
    const b = body.slice();
    new DataView(b.buffer).setUint32(96, 0xffff_fff0, true);
    const r = codec.decode(b, opts);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.value.contexts.length).to.equal(1);
    expect(r.value.trailing.length).to.equal(64);
    expect(r.warnings.map((w) => [w.code, w.offset])).to.deep.equal([["bad-length", 96]]);
    expect(hex(codec.encode(r.value))).to.equal(hex(b));
    const back = codec.fromJson(viaText(codec.toJson(r.value, opts)));
    expect(back.ok && hex(codec.encode(back.value))).to.equal(hex(b));
  });

  it("a DataSize beyond its CtxSize is bounded by CtxSize (warning, lint error)", () => {
    const b = body.slice();
    b[128 + 12] = 100;
    const r = codec.decode(b, opts);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.value.contexts[2]!.data.length).to.equal(16);
    expect(r.warnings[0]).to.include({ code: "bad-length", offset: 140 });
    expect(codec.lint!(r.value, b).map((f) => f.field)).to.include("EventContext[2].DataSize");
  });

  it("an InfoSize past the body keeps everything after the info header undecoded", () => {
    const b = body.slice(0, 40);
    const r = codec.decode(b, opts);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.warnings[0]).to.include({ code: "bad-length", offset: 34 });
    expect(r.value.trailing.length).to.equal(5);
    expect(hex(codec.encode(r.value))).to.equal(hex(b));
  });

  it("lint: reserved bytes, undefined device type, header version, padding, CtxSize alignment", () => {
    const b = body.slice();
    b[0] = 2;
    b[2] = 9;
    b[3] = 1;
    b[48 + 6] = 1;
    b[95] = 0xee; // context 0's padding byte
    const fields = codec.lint!(decoded(b), b).map((f) => f.field);
    expect(fields).to.include.members(["EventVersion", "SourceDeviceType", "Reserved1", "EventContext[0].Reserved1", "EventContext[0].Padding"]);
  });

  it("printableLength follows cper_printable_string_length: stops at NUL, -1 on a control character", () => {
    expect(printableLength(Uint8Array.from([0x41, 0x42, 0]), 3)).to.equal(2);
    expect(printableLength(Uint8Array.from([0x41, 0x07, 0]), 3)).to.equal(-1);
    expect(printableLength(Uint8Array.from([0x41, 0x42]), 2)).to.equal(2);
  });

  it("JSON errors name the path", () => {
    const r = codec.fromJson({ eventHeader: { signature: 5 } });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.error.field).to.equal("NvidiaEvent.eventHeader.signature");
    const r2 = codec.fromJson({ ...FIXTURE_JSON, eventContexts: [{ data: { opaque: "xyz" } }] });
    expect(r2.ok).to.equal(false);
    if (!r2.ok) expect(r2.error.field).to.equal("NvidiaEvent.eventContexts[0].data.opaque");
  });
});

describe("CPER NVIDIA event section: properties (fast-check)", () => {
  const seed = fixture();
  // Random bodies, and the fixture with random bytes overwritten (counts, sizes, types mutate).
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.tuple(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(seed.length + 40)).map(([muts, len]) => {
      const b = new Uint8Array(len);
      b.set(seed.subarray(0, len));
      for (const [i, x] of muts) if (i < len) b[i] = x;
      return b;
    }),
  );

  it("decode never throws; encode(decode(b)) = b; decode(encode(x)) = x; JSON text → identical bytes", () => {
    fc.assert(
      fc.property(bodies, (b) => {
        const r = codec.decode(b, opts);
        expect(r.ok).to.equal(true);
        if (!r.ok) return;
        expect(hex(codec.encode(r.value))).to.equal(hex(b));
        const again = codec.decode(codec.encode(r.value), opts);
        expect(again.ok && again.value).to.deep.equal(r.value);
        const back = codec.fromJson(viaText(codec.toJson(r.value, opts)));
        expect(back.ok, show(back)).to.equal(true);
        if (back.ok) expect(hex(codec.encode(back.value))).to.equal(hex(b));
        codec.renderText!(r.value, opts);
        for (const f of codec.lint!(r.value, b)) expect(f.offset).to.be.a("number");
      }),
      { numRuns: 400 },
    );
  });

  it("generated well-formed sections: decode(encode(x)) = x without warnings", () => {
    const ctx = fc.record({ version: fc.nat(0xffff), type: fc.constantFrom(0, 1, 2, 3, 4, 0x8000, 0x8001, 0x8002, 0x4242), fmt: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 200 }) });
    const section = fc.record({
      dev: fc.nat(5),
      type: fc.nat(0xffff),
      link: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      sig: fc.stringMatching(/^[A-Z-]{0,16}$/),
      infoVersion: fc.nat(0xffff),
      info: fc.uint8Array({ maxLength: 40 }),
      contexts: fc.array(ctx, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(section, (s) => {
        const x: NvidiaEventSection = {
          fields: { EventVersion: 1, EventContextCount: s.contexts.length, SourceDeviceType: s.dev, Reserved1: new Uint8Array(1), EventType: s.type, EventSubtype: 0, EventLinkId: s.link, Signature: s.sig },
          info: { header: { InfoVersion: s.infoVersion, InfoSize: 3 + s.info.length }, data: s.info },
          contexts: s.contexts.map((c) => {
            const size = Math.ceil((16 + c.data.length) / 16) * 16;
            return {
              header: { CtxSize: size, CtxVersion: c.version, Reserved1: new Uint8Array(2), DataFormatType: c.type, DataFormatVersion: c.fmt, DataSize: c.data.length },
              data: c.data,
              padding: new Uint8Array(size - 16 - c.data.length),
            };
          }),
          trailing: new Uint8Array(0),
        };
        const r = codec.decode(codec.encode(x), opts);
        expect(r.ok && r.warnings).to.deep.equal([]);
        expect(r.ok && r.value).to.deep.equal(x);
        const back = codec.fromJson(viaText(codec.toJson(x, opts)));
        expect(back.ok && hex(codec.encode(back.value))).to.equal(hex(codec.encode(x)));
      }),
      { numRuns: 300 },
    );
  });
});

describeShared("CPER NVIDIA event section: libcper oracles (../shared/corpus/cper/record)", () => {
  for (const name of ["libcper_nvidia_event_all_types", "libcper_nvidia_event_gpu_init"]) {
    describe(name, () => {
      const { bytes, json } = sharedRecord(name);
      const s = sectionsOfRecord(bytes)[0]!;
      const oracle = json.sections[0] as { message: string; NvidiaEvent: unknown };

      it("decodes without warnings and re-encodes byte for byte", () => {
        expect(s.guid).to.equal(GUID);
        const r = codec.decode(s.body, opts);
        expect(r.ok && r.warnings).to.deep.equal([]);
        expect(hex(codec.encode(decoded(s.body)))).to.equal(hex(s.body));
      });

      it("JSON (without _armras) equals libcper's, and so does the message", () => {
        const v = decoded(s.body);
        expect(withoutExtras(viaText(codec.toJson(v, opts)))).to.deep.equal(viaText(oracle.NvidiaEvent));
        expect(codec.messageOf!(v, opts)).to.equal(oracle.message);
      });

      it("our JSON (with _armras) encodes back to the identical body", () => {
        const back = codec.fromJson(viaText(codec.toJson(decoded(s.body), opts)));
        expect(back.ok, show(back)).to.equal(true);
        if (back.ok) expect(hex(codec.encode(back.value))).to.equal(hex(s.body));
      });
    });
  }

  it("libcper's own JSON encodes to the identical body, except the PreSiPlatform bits libcper reduces to one (all_types byte 39)", () => {
    for (const name of ["libcper_nvidia_event_all_types", "libcper_nvidia_event_gpu_init"]) {
      const { bytes, json } = sharedRecord(name);
      const body = sectionsOfRecord(bytes)[0]!.body;
      const r = codec.fromJson(viaText((json.sections[0] as { NvidiaEvent: unknown }).NvidiaEvent));
      expect(r.ok, show(r)).to.equal(true);
      if (!r.ok) continue;
      const out = codec.encode(r.value);
      expect(out.length).to.equal(body.length);
      const diff = [...out].flatMap((x, i) => (x !== body[i] ? [i] : []));
      // Architecture 0x11111111: PreSiPlatform (bits 24:20) is 0x11; libcper prints only "PreSilicon" and writes back 1.
      expect(diff, name).to.deep.equal(name.endsWith("all_types") ? [39] : []);
    }
  });
});
