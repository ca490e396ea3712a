// IOMMU specific DMAr Error Section (UEFI 2.10 N.2.11.3, Table N-39; AMD IOMMU).

import { field, struct } from "../../layout/struct.js";
import { bytes, reserved, u64, u8 } from "../../layout/types.js";
import { PTE_FIELDS, pteFromJson, pteText, pteToJson } from "./dmar-pte.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { flatFast, withFastJson } from "./fast-json.js";
import { b64, fitBytes, getB64, getNum, getUint, jsonU64 } from "./more-json.js";

const SPEC = "UEFI 2.10 N.2.11.3 Table N-39";

export const IommuDmarError = struct(
  "IommuDmarError",
  144,
  {
    Revision: field(0, u8),
    Reserved1: field(1, reserved(7)),
    Control: field(8, u64),
    Status: field(16, u64),
    Reserved2: field(24, reserved(8)),
    EventLogEntry: field(32, bytes(16)),
    Reserved3: field(48, reserved(16)),
    DeviceTableEntry: field(64, bytes(32)),
    ...PTE_FIELDS,
  },
  { spec: SPEC },
);

export type IommuDmarSection = Flat<(typeof IommuDmarError)["fields"]>;

// libcper prints every field but the reserved ones: the projection zeroes those.
export const dmarIommuCodec = withFastJson(moreCodec<IommuDmarSection>({
  key: "dmar-iommu",
  guid: "036f84e1-7f37-428c-a79e-575fdfaa84ec",
  name: "IOMMU specific DMAr Error",
  libcperKey: "IommuDmar",
  libcperTypeName: "IOMMU Specific DMAr",
  message: "A IOMMU Specific DMAr Error occurred", // libcper cper-section-dmar-iommu.c (its wording)
  decode: (body) => decodeFlat(IommuDmarError, body),
  encode: (v) => encodeFlat(IommuDmarError, v),
  locate: (_v, at) => locateFlat(IommuDmarError, at),
  toLib: (v) => {
    const f = v.fields;
    const out: Record<string, unknown> = {
      revision: f.Revision,
      controlRegister: jsonU64(f.Control),
      statusRegister: jsonU64(f.Status),
      eventLogEntry: b64(f.EventLogEntry),
      deviceTableEntry: b64(f.DeviceTableEntry),
    };
    pteToJson(f, out);
    return out;
  },
  fromLib: (j, p) => ({
    fields: {
      Revision: getNum(j, "revision", p, 8),
      Reserved1: new Uint8Array(7),
      Control: getUint(j, "controlRegister", p, 64),
      Status: getUint(j, "statusRegister", p, 64),
      Reserved2: new Uint8Array(8),
      EventLogEntry: fitBytes(getB64(j, "eventLogEntry", p), 16, `${p}.eventLogEntry`),
      Reserved3: new Uint8Array(16),
      DeviceTableEntry: fitBytes(getB64(j, "deviceTableEntry", p), 32, `${p}.deviceTableEntry`),
      ...pteFromJson(j, p),
    },
    trailing: new Uint8Array(0),
  }),
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
  lint: (v) => lintFlat(IommuDmarError, v, SPEC),
}), flatFast(IommuDmarError, 0n, undefined, () => true));
