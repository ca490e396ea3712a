// Ampere error section as libcper decodes it (GUID 2826cc9f-448c-4c2b-86b6-a95394b7ef33,
// libcper cper-section-ampere.c, EFI_AMPERE_ERROR_DATA): an 8-byte identifier of the
// failing block. Altra firmware sends a different GUID and a 48-byte payload (ampere.ts).
// libcper prints InstanceId with json_object_new_int (int32); we print the UINT32 unsigned.
import { u16, u32 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import { encodeFlat } from "./body.js";
import { declareSection, type Flat } from "./contract.js";
import { asReaderInt, lib } from "./json-forms.js";
import { hexDumpLinux } from "../render/hexdump.js";

export const AMPERE_ERROR_GUID = "2826cc9f-448c-4c2b-86b6-a95394b7ef33";

export const AmpereErrorData = struct("AmpereErrorData", 8, {
  TypeId: field(0, u16, { json: lib("typeId", asReaderInt()) }),
  SubtypeId: field(2, u16, { json: lib("subTypeId", asReaderInt()) }),
  InstanceId: field(4, u32, { json: lib("instanceId", asReaderInt()) }),
}, { spec: "libcper EFI_AMPERE_ERROR_DATA" });

export type AmpereErrorSection = Flat<(typeof AmpereErrorData)["fields"]>;

export const ampereErrorCodec = declareSection({
  key: "ampere",
  guid: AMPERE_ERROR_GUID,
  name: "Ampere error",
  libcperKey: "Ampere",
  libcperTypeName: "Ampere",
  message: "An Ampere Error occurred",
  layout: AmpereErrorData,
  spec: "libcper EFI_AMPERE_ERROR_DATA",
  lenient: true,
  renderLinux: (v) => hexDumpLinux(encodeFlat(AmpereErrorData, v)),
  renderText: (v) => [`Ampere error: type ${v.fields.TypeId}, subtype ${v.fields.SubtypeId}, instance ${v.fields.InstanceId}`],
});
