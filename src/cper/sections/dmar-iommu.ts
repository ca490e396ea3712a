// IOMMU specific DMAr Error Section (UEFI 2.10 N.2.11.3, Table N-39; AMD IOMMU).

import { field, struct } from "../../layout/struct.js";
import { bytes, reserved, u64, u8 } from "../../layout/types.js";
import { PTE_FIELDS, pteText } from "./dmar-pte.js";
import { declareSection, type Flat } from "./contract.js";
import { asBase64, lib } from "./json-forms.js";

const SPEC = "UEFI 2.10 N.2.11.3 Table N-39";

export const IommuDmarError = struct(
  "IommuDmarError",
  144,
  {
    Revision: field(0, u8, { json: lib("revision") }),
    Reserved1: field(1, reserved(7)),
    Control: field(8, u64, { json: lib("controlRegister") }),
    Status: field(16, u64, { json: lib("statusRegister") }),
    Reserved2: field(24, reserved(8)),
    EventLogEntry: field(32, bytes(16), { json: lib("eventLogEntry", asBase64()) }),
    Reserved3: field(48, reserved(16)),
    DeviceTableEntry: field(64, bytes(32), { json: lib("deviceTableEntry", asBase64()) }),
    ...PTE_FIELDS,
  },
  { spec: SPEC },
);

export type IommuDmarSection = Flat<(typeof IommuDmarError)["fields"]>;

// libcper prints every field but the reserved ones.
export const dmarIommuCodec = declareSection({
  key: "dmar-iommu",
  guid: "036f84e1-7f37-428c-a79e-575fdfaa84ec",
  name: "IOMMU specific DMAr Error",
  libcperKey: "IommuDmar",
  libcperTypeName: "IOMMU Specific DMAr",
  message: "A IOMMU Specific DMAr Error occurred", // libcper cper-section-dmar-iommu.c (its wording)
  layout: IommuDmarError,
  spec: SPEC,
  renderText: (v) => {
    const f = v.fields;
    return [
      `IOMMU DMAr error (revision ${f.Revision})`,
      `  control register: 0x${f.Control.toString(16).padStart(16, "0")}`,
      `  status register: 0x${f.Status.toString(16).padStart(16, "0")}`,
      `  event log entry: ${Buffer.from(f.EventLogEntry).toString("hex")}`,
      `  device table entry: ${Buffer.from(f.DeviceTableEntry).toString("hex")}`,
      ...pteText(f),
    ];
  },
});
