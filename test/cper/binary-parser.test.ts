// binary-parser (an independent, decode-only parser) cross-checks our layouts of
// the fixed-size structures on real bytes. Declared here from the spec tables,
// not from our layout objects. (binary-parser reads bit fields big-endian, so
// only whole little-endian integers are used: toolchain.md §2.)
import { expect } from "chai";
import { Parser } from "binary-parser";
import { guidFromBytes } from "../../src/layout/guid.js";
import { readStruct } from "../../src/layout/struct.js";
import { RecordHeader } from "../../src/cper/layouts/record-header.js";
import { SectionDescriptor } from "../../src/cper/layouts/section-descriptor.js";
import { GenericErrorDataEntryV3, GenericErrorStatus } from "../../src/cper/layouts/estatus.js";
import { ArmErrorInfo, ArmProcessorHeader } from "../../src/cper/layouts/arm.js";
import { PlatformMemoryError } from "../../src/cper/sections/memory.js";
import { PlatformMemoryError2 } from "../../src/cper/sections/memory2.js";
import { ProcessorGenericError } from "../../src/cper/sections/generic.js";
import { AmperePayload0 } from "../../src/cper/sections/ampere.js";
import { ErrorRecordDescriptor } from "../../src/cper/sections/arm-ras.js";
import { describeShared, fixturePath } from "../helpers.js";
import { corpusBytes } from "./corpus-util.js";
import { readFileSync } from "node:fs";

const G = { formatter: (b: unknown) => guidFromBytes(b as Uint8Array) };
const guidF = (p: Parser, name: string) => p.buffer(name, { length: 16, ...G });

// UEFI 2.10 N.2.1 Table N-1
const header = guidF(guidF(guidF(guidF(
  new Parser().endianness("little").string("SignatureStart", { length: 4 }).uint16("Revision").uint32("SignatureEnd").uint16("SectionCount").uint32("ErrorSeverity").uint32("ValidationBits").uint32("RecordLength")
    .uint8("Seconds").uint8("Minutes").uint8("Hours").uint8("TFlags").uint8("Day").uint8("Month").uint8("Year").uint8("Century"),
  "PlatformID"), "PartitionID"), "CreatorID"), "NotificationType").uint64("RecordID").uint32("Flags").uint64("PersistenceInformation").buffer("Reserved", { length: 12 });
// Table N-5
const descriptor = guidF(guidF(new Parser().endianness("little").uint32("SectionOffset").uint32("SectionLength").uint16("Revision").uint8("SecValidMask").uint8("Reserved").uint32("Flags"), "SectionType"), "FruId").uint32("SectionSeverity").string("FruString", { length: 20, stripNull: true, encoding: "latin1" });
// ACPI 6.5 Table 18.11 / 18.12
const gesb = new Parser().endianness("little").uint32("BlockStatus").uint32("RawDataOffset").uint32("RawDataLength").uint32("DataLength").uint32("ErrorSeverity");
const gede = guidF(guidF(new Parser().endianness("little"), "SectionType").uint32("ErrorSeverity").uint16("Revision").uint8("ValidationBits").uint8("Flags").uint32("ErrorDataLength"), "FruId").string("FruText", { length: 20, stripNull: true, encoding: "latin1" }).buffer("TimeStamp", { length: 8 });
// UEFI N.2.4.4 Tables N-16, N-17
const armHeader = new Parser().endianness("little").uint32("ValidationBits").uint16("ErrInfoNum").uint16("ContextInfoNum").uint32("SectionLength").uint8("ErrorAffinityLevel").buffer("Reserved", { length: 3 }).uint64("MPIDR_EL1").uint64("MIDR_EL1").uint32("RunningState").uint32("PSCIState");
const armInfo = new Parser().endianness("little").uint8("Version").uint8("Length").uint16("ValidationBits").uint8("Type").uint16("MultipleError").uint8("Flags").uint64("ErrorInformation").uint64("VirtualFaultAddress").uint64("PhysicalFaultAddress");
// UEFI N.2.5 Table N-31
const memory = new Parser().endianness("little").uint64("ValidationBits").uint64("ErrorStatus").uint64("PhysicalAddress").uint64("PhysicalAddressMask").uint16("Node").uint16("Card").uint16("Module").uint16("Bank").uint16("Device").uint16("Row").uint16("Column").uint16("BitPosition").uint64("RequestorId").uint64("ResponderId").uint64("TargetId").uint8("MemoryErrorType").uint8("Extended").uint16("RankNumber").uint16("CardHandle").uint16("ModuleHandle");
// UEFI N.2.6
const memory2 = new Parser().endianness("little").uint64("ValidationBits").uint64("ErrorStatus").uint64("PhysicalAddress").uint64("PhysicalAddressMask").uint16("Node").uint16("Card").uint16("Module").uint16("Bank").uint32("Device").uint32("Row").uint32("Column").uint32("Rank").uint32("BitPosition").uint8("ChipId").uint8("MemoryErrorType").uint8("Status").buffer("Reserved", { length: 1 }).uint64("RequestorId").uint64("ResponderId").uint64("TargetId").uint32("CardHandle").uint32("ModuleHandle");
// UEFI N.2.4.1 Table N-10
const generic = new Parser().endianness("little").uint64("ValidationBits").uint8("ProcessorType").uint8("ProcessorISA").uint8("ProcessorErrorType").uint8("Operation").uint8("Flags").uint8("Level").buffer("Reserved", { length: 2 }).uint64("CPUVersionInfo").string("CPUBrandString", { length: 128, stripNull: true, encoding: "latin1" }).uint64("ProcessorID").uint64("TargetAddress").uint64("RequestorID").uint64("ResponderID").uint64("InstructionIP");
// rasdaemon amp_payload0_type_sec
const ampere = new Parser().endianness("little").uint8("Type").uint8("Subtype").uint16("Instance").uint32("ERR_STATUS").uint64("ERR_ADDR").uint64("ERR_MISC0").uint64("ERR_MISC1").uint64("ERR_MISC2").uint64("ERR_MISC3");
const errRecord = new Parser().endianness("little").uint32("ErrorRecordIndex").uint8("RasExtension").buffer("Reserved", { length: 3 }).uint64("ERR_FR").uint64("ERR_CTLR").uint64("ERR_STATUS").uint64("ERR_ADDR").uint64("ERR_MISC0").uint64("ERR_MISC1").uint64("ERR_MISC2").uint64("ERR_MISC3");

/** Ours vs binary-parser's, field by field (byte arrays compared as arrays). */
function same(ours: Record<string, unknown>, theirs: Record<string, unknown>, rename: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(ours)) {
    if (typeof v === "object" && v !== null && !(v instanceof Uint8Array)) continue; // nested (timestamp), checked apart
    const t = theirs[rename[k] ?? k];
    if (v instanceof Uint8Array) expect([...v], k).to.deep.equal([...(t as Uint8Array)]);
    else expect(v, k).to.equal(t);
  }
}

function at(b: Uint8Array, o: number): Uint8Array {
  return b.subarray(o);
}
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describeShared("cper/binary-parser: independent decode of the corpus structures agrees with our layouts", () => {
  it("record header and section descriptors (libcper_arm, libcper_memory, whea_ErrorMultiple1)", () => {
    for (const f of ["libcper_arm.bin", "libcper_memory.bin", "whea_ErrorMultiple1.bin", "intel-crashlog_cper.whea.bin"]) {
      const b = corpusBytes("record", f);
      const ours = readStruct(RecordHeader, b, view(b), 0);
      const theirs = header.parse(b);
      same(ours, theirs);
      expect(ours.TimeStamp.Century).to.equal(theirs.Century);
      expect(ours.TimeStamp.Flags).to.equal(theirs.TFlags);
      for (let i = 0; i < ours.SectionCount; i++) same(readStruct(SectionDescriptor, b, view(b), 128 + 72 * i), descriptor.parse(at(b, 128 + 72 * i)));
    }
  });
  it("ARM section header and error information (libcper_arm)", () => {
    const b = corpusBytes("record", "libcper_arm.bin");
    same(readStruct(ArmProcessorHeader, b, view(b), 200), armHeader.parse(at(b, 200)));
    for (const o of [240, 272]) same(readStruct(ArmErrorInfo, b, view(b), o), armInfo.parse(at(b, o)));
  });
  it("memory, memory 2, Arm RAS error records (libcper examples), generic processor (WHEA)", () => {
    const m = corpusBytes("record", "libcper_memory.bin");
    same(readStruct(PlatformMemoryError, m, view(m), 200), memory.parse(at(m, 200)));
    const m2 = corpusBytes("record", "libcper_memory2.bin");
    same(readStruct(PlatformMemoryError2, m2, view(m2), 200), memory2.parse(at(m2, 200)));
    const g = corpusBytes("record", "whea_ErrorMultiple1.bin");
    same(readStruct(ProcessorGenericError, g, view(g), 496), generic.parse(at(g, 496)));
    const r = corpusBytes("record", "libcper_arm-ras.bin");
    for (let i = 0; i < 4; i++) same(readStruct(ErrorRecordDescriptor, r, view(r), 280 + 72 * i), errRecord.parse(at(r, 280 + 72 * i)));
  });
  it("GHES status block and data entry (QEMU ARM injection), Ampere payload (Altra)", () => {
    const e = corpusBytes("estatus", "arm_ghes_inject_v8_estatus.bin");
    same(readStruct(GenericErrorStatus, e, view(e), 0), gesb.parse(e));
    const ours = readStruct(GenericErrorDataEntryV3, e, view(e), 20);
    const theirs = gede.parse(at(e, 20));
    same(ours, theirs);
    const a = corpusBytes("section", "ampere_altra_aris_src0.section.bin");
    same(readStruct(AmperePayload0, a, view(a), 0), ampere.parse(a));
  });
});

describe("cper/binary-parser: our own fixtures (no ../shared needed)", () => {
  it("fixtures/cper/multi-record.bin header, descriptors and memory section", () => {
    const b = new Uint8Array(readFileSync(fixturePath("cper", "multi-record.bin")));
    const h = readStruct(RecordHeader, b, view(b), 0);
    same(h, header.parse(b));
    const d0 = readStruct(SectionDescriptor, b, view(b), 128);
    same(d0, descriptor.parse(at(b, 128)));
    same(readStruct(PlatformMemoryError, b, view(b), d0.SectionOffset), memory.parse(at(b, d0.SectionOffset)));
  });
});
