// Linux dmesg rendering against real kernel output (../shared corpus), plus
// hand-checked format cases from the format strings in cper.c / cper-arm.c.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { decode, renderLinux, hexDumpLinux, type Estatus } from "../../src/cper/index.js";
import { describeShared, sharedPath } from "../helpers.js";
import { corpusBytes, dmesgLines } from "./corpus-util.js";
import { armRenderLinux } from "../../src/cper/sections/arm-linux.js";
import { encodeArm, type ArmSection } from "../../src/cper/sections/arm.js";

const AMPERE = "e8ed898d-df16-43cc-8ecc-54f060ef157f";

/** Wraps a bare section in the status block the kernel printed it from (severity recoverable, GEDE rev 0x300). */
function inEstatus(guid: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + 72 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x11, true);
  dv.setUint32(12, 72 + body.length, true);
  const g = Buffer.from(guid.replace(/-/g, ""), "hex");
  out.set([g[3]!, g[2]!, g[1]!, g[0]!, g[5]!, g[4]!, g[7]!, g[6]!, ...g.subarray(8)], 20);
  dv.setUint16(20 + 20, 0x300, true);
  dv.setUint32(20 + 24, body.length, true);
  out.set(body, 92);
  return out;
}

describeShared("cper/linux: real kernel output", () => {
  it("the QEMU-injected ARM GHES block renders exactly the dmesg lines of its oracle (UEFI 2.9A format)", () => {
    const r = decode(corpusBytes("estatus", "arm_ghes_inject_v8_estatus.bin"));
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const oracle = dmesgLines(readFileSync(sharedPath("corpus", "cper", "estatus", "arm_ghes_inject_v8_estatus.dmesg.txt"), "utf8"));
    expect(renderLinux(r.value.tree, { seq: 1, sourceId: 1 })).to.deep.equal(oracle);
  });
  for (const n of ["ampere_altra_aris_src0", "ampere_altra_aris_src3"]) {
    it(`${n}: the Ampere section renders as the kernel printed it (section type: unknown + hex dump)`, () => {
      const body = corpusBytes("section", `${n}.section.bin`);
      const oracle = dmesgLines(readFileSync(sharedPath("corpus", "cper", "section", `${n}.dmesg.txt`), "utf8"));
      const source = Number(/Source: (\d+)/.exec(oracle[0]!)![1]);
      const seq = Number(/^\{(\d+)\}/.exec(oracle[0]!)![1]);
      const r = decode(inEstatus(AMPERE, body));
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      expect(renderLinux(r.value.tree, { seq, sourceId: source })).to.deep.equal(oracle);
      // and as a bare section: the same section lines
      const b = decode(body, { framing: "section", sectionType: AMPERE });
      expect(b.ok && renderLinux(b.value.tree, { seq })).to.deep.equal(oracle.slice(3));
    });
  }
  it("the CXL General Media section (no Linux decoder in cper.c) renders as its unknown-section dump", () => {
    const body = corpusBytes("section", "cxl_gmer_qemu_cameron.section.bin");
    const oracle = dmesgLines(readFileSync(sharedPath("corpus", "cper", "section", "cxl_gmer_qemu_cameron.dmesg.txt"), "utf8"));
    const r = decode(inEstatus("fbcd0a77-c260-417f-85a9-088b1621eba6", body));
    expect(r.ok && renderLinux(r.value.tree, { seq: 1, sourceId: 1 })).to.deep.equal(oracle);
  });
  it("--arm-type legacy prints the pre-2.9A kernel format (error_type: %d, %s; operation type: …)", () => {
    const r = decode(corpusBytes("estatus", "arm_ghes_inject_v8_estatus.bin"));
    if (!r.ok) throw new Error("decode");
    const lines = renderLinux(r.value.tree, { armType: "legacy" });
    expect(lines).to.include("[Hardware Error]:    error_type: 2, bus error");
    expect(lines).to.include("[Hardware Error]:     transaction type: Data Access");
    expect(lines).to.include("[Hardware Error]:     operation type: Data write");
    expect(lines).to.include("[Hardware Error]:     affinity level at which the bus error occurred: 2");
    expect(lines[0]).to.equal("[Hardware Error]: event severity: recoverable");
  });
});

describe("cper/linux: print_hex_dump (groupsize 4, rowsize 16)", () => {
  it("full and partial lines, little-endian groups, ascii column at 37 (or 49 when falling back to bytes)", () => {
    const b = Uint8Array.from([0x05, 0, 0, 0, 0x0e, 0, 0x30, 0xec, 0x41, 0x42, 0x43, 0x44, 0, 0, 0, 0, 1, 2, 3]);
    expect(hexDumpLinux(b)).to.deep.equal(["00000000: 00000005 ec30000e 44434241 00000000  ......0.ABCD....", `00000010: ${"01 02 03".padEnd(47)}  ...`]);
    expect(hexDumpLinux(b.subarray(0, 8))).to.deep.equal(["00000000: 00000005 ec30000e                    ......0."]);
    expect(hexDumpLinux(b.subarray(0, 8), false)).to.deep.equal(["00000000: 00000005 ec30000e"]);
    expect(hexDumpLinux(new Uint8Array())).to.deep.equal([]);
  });
});

describe("cper/linux: ARM section edge cases (cper_print_proc_arm)", () => {
  const base: ArmSection = {
    fields: { ValidationBits: 0b111, ErrInfoNum: 1, ContextInfoNum: 0, SectionLength: 72, ErrorAffinityLevel: 2, Reserved: new Uint8Array(3), MPIDR_EL1: 0x81000000n, MIDR_EL1: 0x410fd0c0n, RunningState: 1, PSCIState: 0 },
    errorInfo: [{ Version: 0, Length: 32, ValidationBits: 0b11110, Type: 0x1b, MultipleError: 0, Flags: 0b1111, ErrorInformation: 0x1_0000_007en, VirtualFaultAddress: 0x1000n, PhysicalFaultAddress: 0x2000n }],
    contexts: [],
    vendor: new Uint8Array(0),
  };
  it("multi-bit Type with a reserved bit, flags, both addresses, error affinity level", () => {
    const lines = armRenderLinux(encodeArm(base), { armType: "uefi" });
    expect(lines).to.include("error affinity level: 2");
    expect(lines).to.include("running state: 0x1");
    expect(lines).to.include(" error_type: 0x1b: cache error|bus error|micro-architectural error with reserved bit(s)");
    expect(lines).to.include(" first error captured");
    expect(lines).to.include(" last error captured");
    expect(lines).to.include(" overflow occurred, error info is incomplete");
    expect(lines).to.include(" virtual fault address: 0x0000000000001000");
  });
  it("SectionLength too small for ErrInfoNum: the kernel's four complaint lines", () => {
    const lines = armRenderLinux(encodeArm({ ...base, fields: { ...base.fields, SectionLength: 40 } }), { armType: "uefi" });
    expect(lines.slice(-4)).to.deep.equal(["section length: 40", "section length is too small", "firmware-generated error record is incorrect", "ERR_INFO_NUM is 1"]);
  });
  it("unknown context type stops the walk; trailing bytes are vendor data", () => {
    const withCtx = encodeArm({ ...base, fields: { ...base.fields, ContextInfoNum: 1, SectionLength: 72 + 16 + 3 }, contexts: [{ header: { Version: 0, RegisterContextType: 9, RegisterArraySize: 8 }, registers: new Uint8Array(8) }], vendor: Uint8Array.of(1, 2, 3) });
    expect(armRenderLinux(withCtx, { armType: "uefi" }).slice(-2)).to.deep.equal(["Context info structure 0:", " Invalid context type: 9 (max: 8)"]);
    const vend = encodeArm({ ...base, fields: { ...base.fields, SectionLength: 75 }, vendor: Uint8Array.of(0x41, 0x42, 0x43) });
    expect(armRenderLinux(vend, { armType: "uefi" }).slice(-2)).to.deep.equal(["Vendor specific error info has 3 bytes:", ` 00000000: ${"41 42 43".padEnd(47)}  ABC`]);
  });
  it("an ARM section shorter than the 40-byte header: the firmware warning", () => {
    const est: Estatus = {
      framing: "estatus",
      block: { BlockStatus: 0x12, RawDataOffset: 0, RawDataLength: 0, DataLength: 72 + 8, ErrorSeverity: 0 },
      entries: [{ entry: { SectionType: "e19e3d16-bc11-11e4-9caa-c2051d5d46b0", ErrorSeverity: 0, Revision: 0x300, ValidationBits: 0, Flags: 0, ErrorDataLength: 8, FruId: "00000000-0000-0000-0000-000000000000", FruText: "", TimeStamp: { Seconds: 0, Minutes: 0, Hours: 0, Flags: 0, Day: 0, Month: 0, Year: 0, Century: 0 } }, section: { guid: "e19e3d16-bc11-11e4-9caa-c2051d5d46b0", codec: "unknown", value: { bytes: new Uint8Array(8) } } }],
      extra: [],
    };
    const lines = renderLinux(est);
    expect(lines).to.include("[Hardware Error]:   section_type: ARM processor error");
    expect(lines.at(-1)).to.equal("[Firmware Warn]: error section length is too small");
  });
});
