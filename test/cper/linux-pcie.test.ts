// cper_print_pcie() (drivers/firmware/efi/cper.c) prints the AER registers by release:
//  - before 6.12: aer_uncor_status/mask, aer_uncor_severity and TLP Header, only under
//    `gdata->error_severity & CPER_SEV_FATAL` (the section's own severity);
//  - from 6.12 ("efi/cper: Print correctable AER information"): for every severity, with
//    aer_cor_status/mask first.
// renderLinux hands the section's severity to the PCIe printer, as Linux hands it gdata.
// Expected register values are read straight from the AER bytes (struct
// aer_capability_regs: uncor_status @4, uncor_mask @8, uncor_severity @12,
// cor_status @16, cor_mask @20, header_log @28..43), not from our codec.
import { expect } from "chai";
import { decode, renderLinux, type CperRecord, type Estatus } from "../../src/cper/index.js";
import { pcieCodec } from "../../src/cper/sections/pcie.js";
import { describeShared } from "../helpers.js";
import { parseKernelVersion } from "../../src/linux/version.js";

const V6_11 = { kernel: parseKernelVersion("6.11") };
const V6_12 = { kernel: parseKernelVersion("6.12") };
import { corpusBytes, corpusJson } from "./corpus-util.js";

const h8 = (x: number) => x.toString(16).padStart(8, "0");

/** Linux's AER lines, from the 96 AER bytes (6.12+: all four; before: the last three). */
function aerLines(aer: Uint8Array): string[] {
  const dv = new DataView(aer.buffer, aer.byteOffset, aer.byteLength);
  const w = (at: number) => h8(dv.getUint32(at, true));
  return [
    `aer_cor_status: 0x${w(16)}, aer_cor_mask: 0x${w(20)}`,
    `aer_uncor_status: 0x${w(4)}, aer_uncor_mask: 0x${w(8)}`,
    `aer_uncor_severity: 0x${w(12)}`,
    `TLP Header: ${w(28)} ${w(32)} ${w(36)} ${w(40)}`,
  ];
}

const aerOf = (lines: readonly string[]) => lines.filter((l) => /aer_|TLP Header/.test(l));

/** A status block holding one PCIe section (Device ID and AER info valid) with the given GEDE severity. */
function pcieBlock(severity: number, aer: Uint8Array): Estatus {
  const v = pcieCodec.fromJson({
    deviceID: { vendorID: 0x19e5, deviceID: 0xa120, classCode: 0x060400, functionNumber: 0, deviceNumber: 0, segmentNumber: 0, primaryOrDeviceBusNumber: 0, secondaryBusNumber: 1, slotNumber: 0 },
    aerInfo: { data: Buffer.from(aer).toString("base64") },
  });
  if (!v.ok) throw new Error(v.error.message);
  return {
    framing: "estatus",
    block: { BlockStatus: 0x11, RawDataOffset: 0, RawDataLength: 0, DataLength: 72 + 208, ErrorSeverity: severity },
    entries: [
      {
        entry: {
          SectionType: pcieCodec.guid, ErrorSeverity: severity, Revision: 0x300, ValidationBits: 0, Flags: 0,
          ErrorDataLength: 208, FruId: "00000000-0000-0000-0000-000000000000", FruText: "",
        },
        section: { guid: pcieCodec.guid, codec: "pcie", value: v.value },
      },
    ],
    extra: [],
  };
}

describe("cper/linux: cper_print_pcie's AER lines by release and section severity", () => {
  const aer = new Uint8Array(96);
  const dv = new DataView(aer.buffer);
  [0x14010001, 0x00004000, 0x00400000, 0x00462030, 0x00000040, 0x0000e000, 0x000000a0, 0x4a000001, 0x0100000f, 0xfee00000, 0x00000000].forEach((x, i) =>
    dv.setUint32(4 * i, x, true),
  );

  it("6.12+: every severity prints the four AER lines after the device lines", () => {
    for (const sev of [0, 1, 2, 3]) {
      const lines = renderLinux(pcieBlock(sev, aer), { seq: 3, ...V6_12 });
      expect(aerOf(lines), `severity ${sev}`).to.deep.equal(aerLines(aer).map((l) => `{3}[Hardware Error]:   ${l}`));
      expect(lines.slice(-4)).to.deep.equal(aerOf(lines));
    }
  });

  it("the default is the newest modelled release (6.12+ rule)", () => {
    expect(aerOf(renderLinux(pcieBlock(0, aer)))).to.have.length(4);
  });

  it("before 6.12: a fatal section prints the three uncorrectable lines, no aer_cor_status", () => {
    const lines = renderLinux(pcieBlock(1, aer), { seq: 3, ...V6_11 });
    expect(aerOf(lines)).to.deep.equal(aerLines(aer).slice(1).map((l) => `{3}[Hardware Error]:   ${l}`));
  });

  it("before 6.12: an informational section (3: the CPER_SEV_FATAL bit is set) prints them too", () => {
    expect(aerOf(renderLinux(pcieBlock(3, aer), V6_11))).to.have.length(3);
  });

  it("before 6.12: recoverable and corrected sections print no AER lines", () => {
    for (const sev of [0, 2]) {
      const lines = renderLinux(pcieBlock(sev, aer), V6_11);
      expect(aerOf(lines), `severity ${sev}`).to.deep.equal([]);
      expect(lines.some((l) => l.includes("device_id: 0000:00:00.0"))).to.equal(true);
    }
  });

  it("before 6.12: the section's own severity decides, not the block's", () => {
    const b = pcieBlock(1, aer);
    const mixed: Estatus = { ...b, block: { ...b.block, ErrorSeverity: 0 }, entries: [{ ...b.entries[0]!, entry: { ...b.entries[0]!.entry, ErrorSeverity: 0 } }] };
    expect(aerOf(renderLinux(mixed, V6_11))).to.deep.equal([]);
    const mixed2: Estatus = { ...b, block: { ...b.block, ErrorSeverity: 0 } };
    expect(aerOf(renderLinux(mixed2, V6_11))).to.have.length(3);
  });

  it("before 6.12: a bare section (no data entry, so no severity) prints no AER lines; from 6.12 it does", () => {
    const b = pcieBlock(1, aer);
    const bare = { framing: "section" as const, section: b.entries[0]!.section };
    expect(aerOf(renderLinux(bare, V6_11))).to.deep.equal([]);
    expect(aerOf(renderLinux(bare, V6_12))).to.have.length(4);
  });
});

describeShared("cper/linux: libcper_pcie record (fatal PCIe section)", () => {
  const bytes = corpusBytes("record", "libcper_pcie.bin");
  const oracle = corpusJson("record", "libcper_pcie.libcper.json");
  const aer = Buffer.from(oracle.sections[0].Pcie.aerInfo.data as string, "base64");

  it("the oracle says the section is fatal and its AER info is present", () => {
    expect(oracle.sectionDescriptors[0].severity.code).to.equal(1);
    expect(aer.length).to.equal(96);
  });

  it("renders the four AER lines from the record's AER bytes", () => {
    const r = decode(bytes);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const lines = renderLinux(r.value.tree, { seq: 1 });
    expect(aerOf(lines)).to.deep.equal(aerLines(aer).map((l) => `{1}[Hardware Error]:   ${l}`));
    expect(aerOf(renderLinux(r.value.tree, { seq: 1, ...V6_11 }))).to.deep.equal(aerLines(aer).slice(1).map((l) => `{1}[Hardware Error]:   ${l}`));
  });

  it("the same record with a recoverable section severity renders none before 6.12", () => {
    const r = decode(bytes);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const t = r.value.tree as CperRecord;
    const rec: CperRecord = { ...t, sections: t.sections.map((s) => ({ ...s, descriptor: { ...s.descriptor, SectionSeverity: 0 } })) };
    const lines = renderLinux(rec, { seq: 1, ...V6_11 });
    expect(aerOf(lines)).to.deep.equal([]);
    expect(lines).to.include("{1}[Hardware Error]:  Error 0, type: recoverable");
  });
});
