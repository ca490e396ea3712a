// DMAr Generic Error Section (UEFI 2.10 N.2.11.1, Table N-37).

import { field, struct } from "../../layout/struct.js";
import { reserved, u16, u64, u8 } from "../../layout/types.js";
import { declareSection, type Flat } from "./contract.js";
import { asEnum, asEnumDesc, asInt, lib } from "./json-forms.js";
import type { Finding } from "../section-api.js";

const SPEC = "UEFI 2.10 N.2.11.1 Table N-37";

// [libcper name, UEFI description] (UEFI Table N-37 "Fault Reason").
export const DMAR_FAULT_REASONS: Readonly<Record<number, readonly [string, string]>> = {
  1: ["DMT Entry Missing", "Domain mapping table entry is not present."],
  2: ["DMT Entry Invalid", "Invalid domain mapping table entry."],
  3: ["DMT Access Error", "DMAr unit's attempt to access the domain mapping table resulted in an error."],
  4: ["DMT Reserved Bit Invalid", "Reserved bit set to non-zero value in the domain mapping table."],
  5: ["DMA Address Out of Bounds", "DMA request to access an address beyond the device address width."],
  6: ["Invalid Read/Write", "Invalid read or write access."],
  7: ["Invalid Device Request", "Invalid device request."],
  8: ["ATT Access Error", "DMAr unit's attempt to access the address translation table resulted in an error."],
  9: ["ATT Reserved Bit Invalid", "Reserved bit set to non-zero value in the address translation table."],
  10: ["Illegal Command", "Illegal command error."],
  11: ["Command Buffer Access Error", "DMAr unit's attempt to access the command buffer resulted in an error."],
};
export const DMAR_ACCESS_TYPES: Readonly<Record<number, string>> = { 0: "DMA Write", 1: "DMA Read" };
export const DMAR_ADDRESS_TYPES: Readonly<Record<number, string>> = { 0: "Untranslated Request", 1: "Translation Request" };
export const DMAR_ARCH_TYPES: Readonly<Record<number, string>> = { 0: "VT-d", 1: "IOMMU" };

export const DmarGenericError = struct(
  "DmarGenericError",
  32,
  {
    RequesterId: field(0, u16, { json: lib("requesterID") }),
    SegmentNumber: field(2, u16, { json: lib("segmentNumber") }),
    FaultReason: field(4, u8, { json: lib("faultReason", asEnumDesc(DMAR_FAULT_REASONS)) }),
    AccessType: field(5, u8, { values: DMAR_ACCESS_TYPES, json: lib("accessType", asEnum()) }),
    AddressType: field(6, u8, { values: DMAR_ADDRESS_TYPES, json: lib("addressType", asEnum()) }),
    ArchitectureType: field(7, u8, { values: DMAR_ARCH_TYPES, json: lib("architectureType", asEnum()) }),
    DeviceAddress: field(8, u64, { json: lib("deviceAddress", asInt()) }),
    Reserved: field(16, reserved(16)),
  },
  { spec: SPEC },
);

export type DmarGenericSection = Flat<(typeof DmarGenericError)["fields"]>;

export const dmarGenericCodec = declareSection({
  key: "dmar-generic",
  guid: "5b51fef7-c79d-4434-8f1b-aa62de3e2c64",
  name: "DMAr Generic Error",
  libcperKey: "GenericDmar",
  libcperTypeName: "DMAr Generic",
  message: "A DMAr Generic Error occurred",
  layout: DmarGenericError,
  spec: SPEC,
  renderText: (v) => {
    const f = v.fields;
    return [
      `DMAr generic error (${DMAR_ARCH_TYPES[f.ArchitectureType] ?? `architecture ${f.ArchitectureType}`})`,
      `  requester id: 0x${f.RequesterId.toString(16).padStart(4, "0")}, segment ${f.SegmentNumber}`,
      `  fault reason: ${f.FaultReason} (${DMAR_FAULT_REASONS[f.FaultReason]?.[1] ?? "reserved"})`,
      `  access: ${DMAR_ACCESS_TYPES[f.AccessType] ?? f.AccessType}, address type: ${DMAR_ADDRESS_TYPES[f.AddressType] ?? f.AddressType}`,
      `  device address: 0x${f.DeviceAddress.toString(16)}`,
    ];
  },
  lint: (v) => {
    const out: Finding[] = [];
    const f = v.fields;
    const enums: [keyof typeof f, number, boolean][] = [
      ["FaultReason", 4, DMAR_FAULT_REASONS[f.FaultReason] !== undefined],
      ["AccessType", 5, f.AccessType <= 1],
      ["AddressType", 6, f.AddressType <= 1],
      ["ArchitectureType", 7, f.ArchitectureType <= 1],
    ];
    for (const [k, at, good] of enums) {
      if (!good) out.push({ severity: "error", offset: at, field: k, message: `${k} ${String(f[k])} is reserved`, spec: SPEC });
    }
    return out;
  },
});
