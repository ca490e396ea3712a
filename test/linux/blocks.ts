// Generic Error Status Blocks for the real-Linux conformance suite, made with armras's own
// layouts (src/cper/layouts, src/cper/sections: ACPI 6.5 Tables 18.11/18.12, UEFI 2.10 N.2.4.4,
// N.2.5, N.2.7, N.2.10). A block records where each physical-address field lies, so the guest
// can point it at a page that is free in that boot (linux-under-qemu.md §8).
import { GenericErrorDataEntry, GenericErrorDataEntryV3, GenericErrorStatus } from "../../src/cper/layouts/estatus.js";
import { ArmErrorInfo, ArmProcessorHeader } from "../../src/cper/layouts/arm.js";
import { FirmwareErrorRecordReference, firmwareCodec } from "../../src/cper/sections/firmware.js";
import { MEMORY_GUID, PlatformMemoryError } from "../../src/cper/sections/memory.js";
import { PcieError, pcieCodec } from "../../src/cper/sections/pcie.js";
import { armCodec } from "../../src/cper/sections/arm.js";
import { RecordHeader } from "../../src/cper/layouts/record-header.js";
import { SectionDescriptor } from "../../src/cper/layouts/section-descriptor.js";
import { encodeStruct as encodeAll, readStruct, type Decoded, type Fields, type Struct } from "../../src/layout/struct.js";
import type { OracleInput } from "../../src/qemu/oracle.js";

export const SEV = { recoverable: 0, fatal: 1, corrected: 2, info: 3 } as const;
export type Sev = keyof typeof SEV;

/** A section body and where its PA fields are (offsets in the body) that should name a free page. */
export interface Body {
  readonly guid: string;
  readonly bytes: Uint8Array;
  readonly freePages: readonly number[];
}

export interface SectionSpec {
  readonly body: Body;
  readonly severity: Sev | number;
  readonly flags?: number;
  /** GEDE revision (0x300: 72-byte header with TimeStamp; below: 64 bytes). */
  readonly revision?: number;
  /** ErrorDataLength written minus the body's real length (malformed blocks). */
  readonly lengthDelta?: number;
}

export interface BlockSpec {
  readonly severity: Sev | number;
  readonly sections: readonly SectionSpec[];
  /** Block Status; default: uncorrectable/correctable valid from the severities + entry count. */
  readonly blockStatus?: number;
  /** DataLength written minus the real one (malformed blocks). */
  readonly dataLengthDelta?: number;
  /** Raw data after the entries (RawDataOffset/RawDataLength). */
  readonly rawData?: Uint8Array;
  /** RawDataOffset/RawDataLength written as given (malformed blocks). */
  readonly raw?: { readonly offset: number; readonly length: number };
}

/** The layout's encoder over an all-zero value: fields not given are zero. */
function encodeStruct<F extends Fields>(s: Struct<F>, fields: Partial<Decoded<Struct<F>>>): Uint8Array {
  const z = new Uint8Array(s.size);
  return encodeAll(s, { ...readStruct(s, z, new DataView(z.buffer), 0), ...fields } as Decoded<Struct<F>>);
}

const sevValue = (s: Sev | number): number => (typeof s === "number" ? s : SEV[s]);

// ---- section bodies ------------------------------------------------------------------------

type Mem = Partial<Decoded<typeof PlatformMemoryError>>;
/** Platform Memory Error (UEFI N.2.5); `free` points PhysicalAddress at a free page. */
export function memory(fields: Mem, free = true): Body {
  return { guid: MEMORY_GUID, bytes: encodeStruct(PlatformMemoryError, fields), freePages: free ? [PlatformMemoryError.fields.PhysicalAddress.at] : [] };
}

type Info = Partial<Decoded<typeof ArmErrorInfo>>;
/** ARM Processor Error (UEFI N.2.4.4): header (MIDR of QEMU's cortex-a57, MPIDR of CPU 0) + error-information entries; `freeIdx` = entries whose PA is a free page. */
export function arm(infos: readonly Info[], opts: { readonly freeIdx?: readonly number[]; readonly headerValid?: number; readonly affinity?: number } = {}): Body {
  const hs = ArmProcessorHeader.size;
  const is = ArmErrorInfo.size;
  const header = encodeStruct(ArmProcessorHeader, {
    ValidationBits: opts.headerValid ?? 0b101,
    ErrInfoNum: infos.length,
    ContextInfoNum: 0,
    SectionLength: hs + is * infos.length,
    ErrorAffinityLevel: opts.affinity ?? 0,
    MPIDR_EL1: 0x80000000n,
    MIDR_EL1: 0x411fd070n,
    RunningState: 1,
    PSCIState: 0,
  });
  const out = new Uint8Array(hs + is * infos.length);
  out.set(header, 0);
  infos.forEach((i, k) => out.set(encodeStruct(ArmErrorInfo, { Version: 0, Length: is, ...i }), hs + is * k));
  return { guid: armCodec.guid, bytes: out, freePages: (opts.freeIdx ?? []).map((k) => hs + is * k + ArmErrorInfo.fields.PhysicalFaultAddress.at) };
}

/** PCI Express Error (UEFI N.2.7). */
export function pcie(fields: Partial<Decoded<typeof PcieError>>): Body {
  return { guid: pcieCodec.guid, bytes: encodeStruct(PcieError, fields), freePages: [] };
}

/** Firmware Error Record Reference (UEFI N.2.10). */
export function firmware(fields: Partial<Decoded<typeof FirmwareErrorRecordReference>>): Body {
  return { guid: firmwareCodec.guid, bytes: encodeStruct(FirmwareErrorRecordReference, fields), freePages: [] };
}

/** A section of a GUID nobody defines, with these bytes. */
export function unknown(guid: string, bytes: Uint8Array): Body {
  return { guid, bytes, freePages: [] };
}

// ---- the block ---------------------------------------------------------------------------------

function defaultStatus(sections: readonly SectionSpec[]): number {
  const sev = sections.map((s) => sevValue(s.severity));
  const unc = sev.filter((s) => s === SEV.recoverable || s === SEV.fatal).length;
  const cor = sev.filter((s) => s === SEV.corrected).length;
  const bits = (unc ? 1 : 0) | (cor ? 2 : 0) | (unc > 1 ? 4 : 0) | (cor > 1 ? 8 : 0) || 1;
  return (bits | (Math.min(sections.length, 0x3ff) << 4)) >>> 0;
}

/** The block's bytes and the offsets of its free-page PA fields. */
export function block(spec: BlockSpec): { readonly bytes: Uint8Array; readonly patchFreePage: readonly number[] } {
  const parts: Uint8Array[] = [];
  const patch: number[] = [];
  let at = GenericErrorStatus.size;
  for (const s of spec.sections) {
    const rev = s.revision ?? 0x300;
    const fields = {
      SectionType: s.body.guid,
      ErrorSeverity: sevValue(s.severity),
      Revision: rev,
      ValidationBits: 0,
      Flags: s.flags ?? 0,
      ErrorDataLength: s.body.bytes.length + (s.lengthDelta ?? 0),
    };
    const gede = rev >= 0x300 ? encodeStruct(GenericErrorDataEntryV3, fields) : encodeStruct(GenericErrorDataEntry, fields);
    parts.push(gede, s.body.bytes);
    for (const o of s.body.freePages) patch.push(at + gede.length + o);
    at += gede.length + s.body.bytes.length;
  }
  const dataLength = at - GenericErrorStatus.size;
  const raw = spec.rawData ?? new Uint8Array(0);
  const head = encodeStruct(GenericErrorStatus, {
    BlockStatus: spec.blockStatus ?? defaultStatus(spec.sections),
    RawDataOffset: spec.raw?.offset ?? (raw.length ? at : 0),
    RawDataLength: spec.raw?.length ?? raw.length,
    DataLength: dataLength + (spec.dataLengthDelta ?? 0),
    ErrorSeverity: sevValue(spec.severity),
  });
  const out = new Uint8Array(at + raw.length);
  out.set(head, 0);
  let p = head.length;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  out.set(raw, p);
  return { bytes: out, patchFreePage: patch };
}

/**
 * A full CPER record (UEFI 2.10 N.2.1, N.2.2) holding these sections, as an OS or BMC would log
 * it (creator, notification type SEA: UEFI Table N-2).
 */
export function record(severity: Sev, sections: readonly { readonly body: Body; readonly severity: Sev; readonly flags?: number }[]): Uint8Array {
  const headerSize = RecordHeader.size;
  const descSize = SectionDescriptor.size;
  let at = headerSize + descSize * sections.length;
  const descs: Uint8Array[] = [];
  for (const s of sections) {
    descs.push(encodeStruct(SectionDescriptor, { SectionOffset: at, SectionLength: s.body.bytes.length, Revision: 0x0300, Flags: s.flags ?? 0, SectionType: s.body.guid, SectionSeverity: sevValue(s.severity) }));
    at += s.body.bytes.length;
  }
  const header = encodeStruct(RecordHeader, {
    SignatureStart: "CPER",
    Revision: 0x0101,
    SignatureEnd: 0xffffffff,
    SectionCount: sections.length,
    ErrorSeverity: sevValue(severity),
    RecordLength: at,
    NotificationType: "9a78788a-bbe8-11e4-809e-67611e5d46b0",
    RecordID: 0x12n,
  });
  const out = new Uint8Array(at);
  out.set(header, 0);
  descs.forEach((d, i) => out.set(d, headerSize + descSize * i));
  let p = headerSize + descSize * sections.length;
  for (const s of sections) {
    out.set(s.body.bytes, p);
    p += s.body.bytes.length;
  }
  return out;
}

export function input(name: string, spec: BlockSpec): OracleInput {
  const b = block(spec);
  return { name, bytes: b.bytes, ...(b.patchFreePage.length ? { patchFreePage: b.patchFreePage } : {}) };
}
