// Sections whose GUID has no codec: raw bytes, re-encoded unchanged.
// libcper's JSON: {"Unknown": {"data": "<base64>"}} with no "message".
import { ok } from "../../layout/result.js";
import type { SectionCodec } from "../section-api.js";
import { fromJsonResult, JsonReader, toBase64 } from "../json/reader.js";
import { hexDumpLinux } from "../render/hexdump.js";

export interface UnknownSection {
  readonly bytes: Uint8Array;
}

export function unknownCodec(guid: string): SectionCodec<UnknownSection> {
  return {
    key: "unknown",
    guid,
    name: "Unknown section",
    libcperKey: "Unknown",
    libcperTypeName: "Unknown",
    decode: (body) => ok({ bytes: body.slice() }),
    encode: (v) => v.bytes.slice(),
    toJson: (v) => ({ data: toBase64(v.bytes) }),
    // Base64 is printable ASCII without quotes or backslashes: printed without the escape scan.
    writeJson: (v, _opts, out) => out.ascii("data", toBase64(v.bytes)),
    fromJson: (json) => fromJsonResult(() => ({ bytes: JsonReader.of(json, "Unknown").base64("data") })),
    renderLinux: (v) => hexDumpLinux(v.bytes),
    renderText: (v) => [`${v.bytes.length} byte(s) of an unrecognised section type (kept verbatim)`],
  };
}
