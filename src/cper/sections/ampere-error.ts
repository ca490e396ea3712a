// Ampere error section as libcper decodes it (GUID 2826cc9f-448c-4c2b-86b6-a95394b7ef33,
// libcper cper-section-ampere.c, EFI_AMPERE_ERROR_DATA): an 8-byte identifier of the
// failing block. Altra firmware sends a different GUID and a 48-byte payload (ampere.ts).
// libcper prints InstanceId with json_object_new_int (int32); we print the UINT32 unsigned.
import { u16, u32 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { flatFast, withFastJson } from "./fast-json.js";
import { JsonReader } from "../json-helpers.js";
import { hexDumpLinux } from "../render/hexdump.js";

export const AMPERE_ERROR_GUID = "2826cc9f-448c-4c2b-86b6-a95394b7ef33";

export const AmpereErrorData = struct("AmpereErrorData", 8, {
  TypeId: field(0, u16),
  SubtypeId: field(2, u16),
  InstanceId: field(4, u32),
}, { spec: "libcper EFI_AMPERE_ERROR_DATA" });

export type AmpereErrorSection = Flat<(typeof AmpereErrorData)["fields"]>;

export const ampereErrorCodec = withFastJson(moreCodec<AmpereErrorSection>({
  key: "ampere",
  guid: AMPERE_ERROR_GUID,
  name: "Ampere error",
  libcperKey: "Ampere",
  libcperTypeName: "Ampere",
  message: "An Ampere Error occurred",
  decode: (body) => decodeFlat(AmpereErrorData, body),
  encode: (v) => encodeFlat(AmpereErrorData, v),
  locate: (_v, at) => locateFlat(AmpereErrorData, at),
  toLib: (v) => ({ typeId: v.fields.TypeId, subTypeId: v.fields.SubtypeId, instanceId: v.fields.InstanceId }),
  fromLib: (json, path) => {
    const r = JsonReader.of(json, path);
    return { fields: { TypeId: r.optUint("typeId", 16), SubtypeId: r.optUint("subTypeId", 16), InstanceId: r.optUint("instanceId", 32) }, trailing: new Uint8Array(0) };
  },
  renderLinux: (v) => hexDumpLinux(encodeFlat(AmpereErrorData, v)),
  renderText: (v) => [`Ampere error: type ${v.fields.TypeId}, subtype ${v.fields.SubtypeId}, instance ${v.fields.InstanceId}`],
  lint: (v) => lintFlat(AmpereErrorData, v, "libcper EFI_AMPERE_ERROR_DATA"),
}), flatFast(AmpereErrorData, 0n));
