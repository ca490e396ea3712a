// The bytes firmware and QEMU write, checked field by field against the layouts the specs give
// (ACPI 6.5 Table 18.11/18.12, UEFI N.2.5) and QEMU's record as kernel.md §8 / cper-apei.md §1.5 describe it.
import { expect } from "chai";
import { encodeRecord, estatusFromBytes, GUID_MEMORY, hexLines } from "../../src/sim/adapters/cper.js";
import { runScenario, validateScenario } from "../../src/sim/index.js";
import { encodeEstatus, finalizeEstatus } from "../../src/cper/index.js";
import { readSections } from "../kernel/estatus-bytes.js";
import { estatusLines, GhesState, ghesProc, parseKernelVersion, Trace } from "../../src/kernel/index.js";
import { builtinJson, runBuiltin } from "./helpers.js";

const le32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const le16 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint16(at, true);
const le64 = (b: Uint8Array, at: number): bigint => new DataView(b.buffer, b.byteOffset).getBigUint64(at, true);

describe("sim: CPER records written into GHES blocks", () => {
  it("QEMU's guest memory-error record matches hw/acpi/ghes.c (kernel.md §8)", () => {
    const r = runBuiltin("guest-poison-sea");
    const step = r.steps.find((s) => s.layer === "vmm" && s.bytes !== undefined)!;
    const b = step.bytes!;
    expect(b.length).to.equal(20 + 72 + 80);
    expect(le32(b, 0)).to.equal(1); // block_status = ACPI_GEBS_UNCORRECTABLE, no entry count
    expect(le32(b, 4)).to.equal(0); // raw data offset
    expect(le32(b, 8)).to.equal(0); // raw data length
    expect(le32(b, 12)).to.equal(72 + 80); // data_length
    expect(le32(b, 16)).to.equal(0); // error_severity recoverable
    // GEDE at 20: section type = memory error GUID a5bc1114-6f64-4ede-b863-3e83ed7c83b1 (on-disk: first 3 groups little-endian)
    expect(Array.from(b.subarray(20, 36))).to.deep.equal([0x14, 0x11, 0xbc, 0xa5, 0x64, 0x6f, 0xde, 0x4e, 0xb8, 0x63, 0x3e, 0x83, 0xed, 0x7c, 0x83, 0xb1]);
    expect(le32(b, 36)).to.equal(0); // section severity
    expect(le16(b, 40)).to.equal(0x300); // revision
    expect(b[42]).to.equal(0); // validation bits
    expect(b[43]).to.equal(0); // flags
    expect(le32(b, 44)).to.equal(80); // error data length
    // memory section at 92: validation = bit 14 (type) | bit 1 (PA), PA = GPA, memory_error_type 0
    expect(le64(b, 92)).to.equal(0x4002n);
    expect(le64(b, 92 + 16)).to.equal(0x40a08000n);
    expect(b[92 + 72]).to.equal(0);
  });

  it("the kernel model reads back what was written, and the Linux lines name the memory section", () => {
    const bytes = encodeRecord({ blockStatus: 1, severity: "recoverable", sectionSeverity: "recoverable", flags: 0, section: { kind: "memory", pa: 0x1234_5000n, errorType: 3 } });
    const e = estatusFromBytes(bytes)!;
    expect(e.tree.block.ErrorSeverity).to.equal(0);
    expect(e.tree.block.BlockStatus).to.equal(1);
    const s = readSections(e)[0]!;
    expect(s.type).to.equal("memory");
    if (s.type === "memory") {
      expect(s.physicalAddress).to.equal(0x1234_5000n);
      expect(s.validationBits & 0x2).to.equal(0x2);
    }
    expect(estatusLines(1, 0, e, parseKernelVersion("6.18")).slice(3)).to.deep.equal([
      "{1}[Hardware Error]:   section_type: memory error",
      "{1}[Hardware Error]:   physical_address: 0x0000000012345000",
      "{1}[Hardware Error]:   error_type: 3, multi-bit ECC",
    ]);
    // Read again (memoised): same content, fresh bytes reference.
    expect(readSections(estatusFromBytes(bytes.slice())!)).to.deep.equal(readSections(e));
    expect(GUID_MEMORY).to.equal("a5bc1114-6f64-4ede-b863-3e83ed7c83b1");
  });

  it("a record without a valid PA clears validation bit 1; undecodable bytes give undefined", () => {
    const bytes = encodeRecord({ blockStatus: 1, severity: "recoverable", sectionSeverity: "recoverable", flags: 0, section: { kind: "memory", errorType: 3 } });
    expect(Number(le64(bytes, 92) & 0x2n)).to.equal(0);
    expect(estatusFromBytes(new Uint8Array(3))).to.equal(undefined);
  });

  it("a vendor section Linux has no printer for: 'section type: unknown', 'section length: %#x' and print_hex_dump (cper.c)", () => {
    // cper_estatus_print_section(): printk("%ssection type: unknown, %pUl"), printk("%ssection length: %#x"),
    // print_hex_dump(newpfx, "", DUMP_PREFIX_OFFSET, 16, 4, err, len, true): 4-byte groups as
    // little-endian u32, the ASCII column at 16*2 + 16/4 + 1 = 37 (cper-apei.md §1.2).
    const guid = "e8ed898d-df16-43cc-8ecc-54f060ef157f"; // Ampere's vendor section: unknown to cper.c
    const body = Uint8Array.from({ length: 20 }, (_, i) => 0x41 + i); // "ABCD…T"
    const entry = { SectionType: guid, ErrorSeverity: 0, Revision: 0x300, ValidationBits: 0, Flags: 0, ErrorDataLength: 0, FruId: "00000000-0000-0000-0000-000000000000", FruText: "" };
    const block = { BlockStatus: 1, RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: 0 };
    const bytes = encodeEstatus(finalizeEstatus({ framing: "estatus", block, entries: [{ entry, section: { guid, codec: "unknown", value: { bytes: body } } }], extra: [] }));
    const e = estatusFromBytes(bytes)!;
    expect(readSections(e)).to.deep.equal([{ type: "other", guid, severity: 0, flags: 0 }]);
    const v = parseKernelVersion("6.18");
    const env = { kernel: v, mf: { kernel: v, recovery: true, earlyKillSysctl: false }, page: () => undefined, panicTimeout: 0, memoryFailureConfig: true };
    const t = new Trace();
    ghesProc(t, env, new GhesState(), { id: 1, notify: "GPIO", hestType: 10, addressReadable: true, address: 0x1000n, estatus: e.bytes }, 0);
    expect(t.log).to.deep.equal([
      "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 1",
      "{1}[Hardware Error]: event severity: recoverable",
      "{1}[Hardware Error]:  Error 0, type: recoverable",
      "{1}[Hardware Error]:   section type: unknown, e8ed898d-df16-43cc-8ecc-54f060ef157f",
      "{1}[Hardware Error]:   section length: 0x14",
      "{1}[Hardware Error]:   00000000: 44434241 48474645 4c4b4a49 504f4e4d  ABCDEFGHIJKLMNOP",
      "{1}[Hardware Error]:   00000010: 54535251" + " ".repeat(37 - 8 - 2) + "  QRST",
    ]);
  });

  it("hex dump: 16 bytes a line with the offset", () => {
    expect(hexLines(Uint8Array.from({ length: 18 }, (_, i) => i))).to.deep.equal([
      "0000: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
      "0010: 10 11",
    ]);
  });

  it("GHESv2 handshake: firmware sets Read Ack to 0 with the record; the OS's clear writes it back to 1 (ACPI 6.5 §18.3.2.8)", () => {
    const r = runBuiltin("host-poison-user");
    const write = r.steps.findIndex((s) => s.layer === "firmware" && s.regs?.["Read Ack"] === "0x0");
    const ack = r.steps.findIndex((s) => s.layer === "host" && s.regs?.["Read Ack"] === "0x1");
    expect(write).to.be.greaterThan(-1);
    expect(ack).to.be.greaterThan(write);
  });

  it("a kernel-mode SEA leaves the record un-acked: the next record on that source is dropped by firmware", () => {
    const j = builtinJson("host-poison-kernel") as any;
    j.timeline.push({ ...j.timeline[0], at: 100, cpu: 3 });
    const r = runScenario(validateScenario(j));
    expect(r.steps.some((s) => s.regs?.["Read Ack"] === "0x1")).to.equal(false);
    expect(r.steps.filter((s) => s.layer === "firmware" && s.what.includes("OSPM does not acknowledge previous error"))).to.have.length(1);
    expect(r.log.filter((l) => l.startsWith("Internal error:"))).to.deep.equal([
      "Internal error: synchronous external abort: 0000000096000410 [#1]  SMP",
      "Internal error: synchronous external abort: 0000000096000410 [#2]  SMP",
    ]);
  });
});

describe("sim: architectural exception entries", () => {
  it("firmware-first SEA from a host process: EL0 → EL3 at VBAR_EL3+0x400 with the load's FAR (arch.md §4.1/§4.2)", () => {
    const r = runBuiltin("host-poison-user");
    const e = r.steps.find((s) => s.regs?.["ESR_EL3"] !== undefined)!;
    expect(e.regs!["ESR_EL3"]).to.equal("0x92000010"); // EC 0x24 (DABT lower EL), IL, DFSC 0x10
    expect(e.regs!["FAR_EL3"]).to.equal("0x0000ffffa0021100");
    expect(e.regs!["SPSR_EL3"]).to.equal("0x00000000"); // EL0t, DAIF clear
    expect(e.regs!["PSTATE"]).to.equal("EL3h, DAIF=1111");
    expect(e.what).to.contain("VBAR_EL3+0x400");
    // Firmware then injects the SEA into the host kernel (EL2 with VHE) with FnV=1.
    const inj = r.steps.find((s) => s.regs?.["ESR_EL2"] !== undefined)!;
    expect(inj.regs!["ESR_EL2"]).to.equal("0x92000410");
    expect(inj.regs!["FAR_EL2"]).to.equal("UNKNOWN");
  });

  it("the host kernel takes the injected SEA at EL2 with VHE and at EL1 without", () => {
    const vhe = runBuiltin("host-poison-kernel");
    expect(vhe.steps.some((s) => s.regs?.["ESR_EL2"] === "0x96000410")).to.equal(true); // same-EL EC 0x25
    const j = builtinJson("host-poison-kernel") as any;
    j.machine.features = { FEAT_VHE: false };
    const nvhe = runScenario(validateScenario(j));
    const e = nvhe.steps.find((s) => s.regs?.["ESR_EL1"] !== undefined)!;
    expect(e.regs!["ESR_EL1"]).to.equal("0x96000410");
    expect(e.what).to.contain("VBAR_EL1+0x200"); // current EL with SP_ELx, synchronous
  });
});
