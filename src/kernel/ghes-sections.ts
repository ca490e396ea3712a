// What ghes_do_proc() reads from each Generic Error Data Entry of ghes->estatus (drivers/acpi/apei/
// ghes.c, kernel.md §5.7, table T4), over the CPER codec's decoded tree and the block's bytes:
// the section kind it dispatches on, the memory error's physical address, the PCIe section's
// validity for AER, and the ARM error-information walk as ghes_handle_arm_hw_error() does it.
import type { EstatusEntry } from "../cper/model.js";
import { ArmErrorInfo as ArmErrorInfoLayout, ArmProcessorHeader } from "../cper/layouts/arm.js";
import { GenericErrorStatus, gedeSize } from "../cper/layouts/estatus.js";
import { armCodec, type ArmSection } from "../cper/sections/arm.js";
import { CXL_COMPONENT_EVENTS } from "../cper/sections/cxl-component.js";
import { cxlProtocolCodec } from "../cper/sections/cxl-protocol.js";
import { memoryCodec, PlatformMemoryError, type MemorySection } from "../cper/sections/memory.js";
import { PcieError, pcieCodec, type PcieSection } from "../cper/sections/pcie.js";
import { isFieldValid } from "../layout/struct.js";
import type { GhesEstatus } from "./ghes-read.js";

/** CPER_MEM_VALID_PA: the Platform Memory Error layout's validation bit for PhysicalAddress (UEFI N.2.5 bit 1). */
export const CPER_MEM_VALID_PA = 1 << PlatformMemoryError.fields.PhysicalAddress.valid!;
/** Generic Error Data Entry flags (ACPI 18.3.2.7.1): CPER_SEC_RESET, CPER_SEC_ERROR_THRESHOLD_EXCEEDED. */
export const CPER_SEC_RESET = 0x4;
export const CPER_SEC_ERROR_THRESHOLD_EXCEEDED = 0x8;
/** CPER_ARM_INFO_VALID_PHYSICAL_ADDR: the ARM error-information layout's validation bit for PhysicalFaultAddress (UEFI N.2.4.4 bit 4). */
export const CPER_ARM_INFO_VALID_PHYSICAL_ADDR = 1 << ArmErrorInfoLayout.fields.PhysicalFaultAddress.valid!;

/**
 * Which CXL section ghes_do_proc() sees: a CXL Protocol Error (CPER_SEC_CXL_PROT_ERR, UEFI N.2.13)
 * or a CXL component event it hands on (General Media, DRAM, Memory Module; UEFI 2.10 N.2.14).
 * Linux added the two dispatches at different releases (boundaries ghesCxlProtocolErrors,
 * ghesCxlComponentEvents); before them the section is a non-standard one, named by its GUID.
 */
export type CxlSectionKind = "protocol" | "component";

/**
 * The CXL sections ghes_do_proc() hands to the CXL work queues (kernel.md §5.7: CXL protocol,
 * General Media, DRAM and Memory Module), by the key of the codec that decoded them; the other
 * CXL component events (switches, MLD port) fall through to the non-standard path like any GUID.
 */
export const CXL_GHES_KINDS: ReadonlyMap<string, CxlSectionKind> = new Map<string, CxlSectionKind>([
  [cxlProtocolCodec.key, "protocol"],
  ...CXL_COMPONENT_EVENTS.filter((c) => c.key === "cxl-general-media" || c.key === "cxl-dram" || c.key === "cxl-memory-module").map((c) => [c.key, "component"] as const),
]);

/**
 * ghes_do_proc()'s branch for an entry. Memory, PCIe and CXL sections are read from the codec's
 * decode (a body the codec cannot decode takes the non-standard path); an ARM processor section
 * by its GUID (ghes_handle_arm_hw_error() reads error_data_length and the bytes themselves).
 */
export type GhesSectionType = "memory" | "arm" | "pcie" | "cxl" | "other";
export function ghesSectionType(e: EstatusEntry): GhesSectionType {
  const codec = e.section.codec;
  if (codec === memoryCodec.key) return "memory";
  if (codec === pcieCodec.key) return "pcie";
  if (e.entry.SectionType === armCodec.guid) return "arm";
  if (CXL_GHES_KINDS.has(codec)) return "cxl";
  return "other";
}

/** The CXL kind ghes_do_proc() dispatches this entry as (undefined: not one it hands on). */
export function cxlSectionKind(e: EstatusEntry): CxlSectionKind | undefined {
  return CXL_GHES_KINDS.get(e.section.codec);
}

/** ghes_handle_memory_failure(): the physical address when CPER_MEM_VALID_PA is set. */
export function memErrorPa(e: EstatusEntry): bigint | undefined {
  const f = (e.section.value as MemorySection).fields;
  return Number(f.ValidationBits & 0xffffn) & CPER_MEM_VALID_PA ? f.PhysicalAddress : undefined;
}

/** ghes_handle_aer(): CPER_PCIE_VALID_DEVICE_ID and CPER_PCIE_VALID_AER_INFO both set. */
export function aerInfoUsable(e: EstatusEntry): boolean {
  const f = (e.section.value as PcieSection).fields;
  return isFieldValid(PcieError, f, "SegmentNumber") && isFieldValid(PcieError, f, "AerInfo");
}

/** One cper_arm_err_info as ghes_handle_arm_hw_error() reads it. */
export interface ArmErrInfo {
  /** error_info "type" byte as firmware wrote it (read as enum ≤6.13, bitmask in 6.18). */
  readonly type: number;
  readonly validationBits: number;
  readonly physicalFaultAddress?: bigint;
  /** The entry's Length byte (the walk advances by it; 32 in a well-formed section). */
  readonly length?: number;
}

/** Where each entry's section body starts in the block (GESB, then per entry its GEDE header and body). */
export function sectionBodyOffsets(e: GhesEstatus): number[] {
  const out: number[] = [];
  for (let at = GenericErrorStatus.size, i = 0; i < e.tree.entries.length; i++) {
    const entry = e.tree.entries[i]!.entry;
    out.push(at + gedeSize(entry.Revision));
    at = out[i]! + entry.ErrorDataLength;
  }
  return out;
}

/**
 * ghes_handle_arm_hw_error()'s walk of entry `index`: ERR_INFO_NUM entries from the end of the
 * section header, each found by adding the previous entry's Length, whatever the section's own
 * length says (drivers/acpi/apei/ghes.c: `p += err_info->length`). Real 6.1.192 under QEMU acts on
 * the entry of an ARM section whose ErrorDataLength stops 8 bytes short of it (issue 12). When the
 * walk leaves the block the codec's entries are used (none when the codec could not decode it).
 */
export function armErrInfos(e: GhesEstatus, index: number): ArmErrInfo[] {
  const walked = armInfosAsLinuxReads(e.bytes, sectionBodyOffsets(e)[index]!);
  if (walked) return walked;
  const s = e.tree.entries[index]!.section;
  if (s.codec !== armCodec.key) return [];
  return (s.value as ArmSection).errorInfo.map((i) => ({ type: i.Type, validationBits: i.ValidationBits, physicalFaultAddress: i.PhysicalFaultAddress }));
}

function armInfosAsLinuxReads(block: Uint8Array, at: number): ArmErrInfo[] | undefined {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (at + ArmProcessorHeader.size > block.length) return undefined;
  const count = dv.getUint16(at + ArmProcessorHeader.fields.ErrInfoNum.at, true);
  const out: ArmErrInfo[] = [];
  let p = at + ArmProcessorHeader.size;
  for (let i = 0; i < count; i++) {
    const f = ArmErrorInfoLayout.fields;
    // An entry cut by the block's end still has its Type, validation bits and Length read (the
    // kernel reads on past the record; what lies there is not the block's, taken as 0 here).
    if (p + f.MultipleError.at > block.length) return undefined;
    const pfa = p + f.PhysicalFaultAddress.at + 8 <= block.length ? dv.getBigUint64(p + f.PhysicalFaultAddress.at, true) : 0n;
    out.push({ type: block[p + f.Type.at]!, validationBits: dv.getUint16(p + f.ValidationBits.at, true), physicalFaultAddress: pfa, length: block[p + f.Length.at]! });
    p += block[p + f.Length.at]!;
  }
  return out;
}

/** The physical addresses the block's memory and ARM sections name with their valid bits set. */
export function namedPhysicalAddresses(e: GhesEstatus): bigint[] {
  const out: bigint[] = [];
  e.tree.entries.forEach((entry, i) => {
    const type = ghesSectionType(entry);
    if (type === "memory") {
      const pa = memErrorPa(entry);
      if (pa !== undefined) out.push(pa);
    }
    if (type === "arm") for (const info of armErrInfos(e, i)) if (info.validationBits & CPER_ARM_INFO_VALID_PHYSICAL_ADDR && info.physicalFaultAddress !== undefined) out.push(info.physicalFaultAddress);
  });
  return out;
}
