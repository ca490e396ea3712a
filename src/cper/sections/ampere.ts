// Ampere Altra vendor section, GUID e8ed898d-df16-43cc-8ecc-54f060ef157f (what Altra
// firmware sends; libcper keys its Ampere decoder to another GUID and prints this
// one as Unknown). 48 bytes; payload type 0 = an Armv8 RAS error record:
// rasdaemon non-standard-ampere.h struct amp_payload0_type_sec
// (TYPE = byte 0 & 0x3f, PAYLOAD_TYPE = byte 0 >> 6, socket = Instance >> 14).
// ERR<n>STATUS/ADDR are rendered with our register definitions (src/sysregs).
import { u16, u32, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { decodeFlat, encodeFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { flatFast, withFastJson } from "./fast-json.js";
import { jsonInt, JsonReader } from "../json-helpers.js";
import type { JsonObj } from "./more-json.js";
import { hexDumpLinux } from "../render/hexdump.js";
import { decodeRegister, renderText as renderRegister } from "../../sysregs/render.js";
import { ERR_ADDR, ERR_STATUS } from "../../sysregs/registers/err-record.js";

export const AMPERE_GUID = "e8ed898d-df16-43cc-8ecc-54f060ef157f";

export const AmperePayload0 = struct("AmperePayload0", 48, {
  Type: field(0, u8, { doc: "5:0 error source type, 7:6 payload type" }),
  Subtype: field(1, u8),
  Instance: field(2, u16, { doc: "15:14 socket" }),
  ERR_STATUS: field(4, u32, { doc: "ERR<n>STATUS bits 31:0" }),
  ERR_ADDR: field(8, u64),
  ERR_MISC0: field(16, u64),
  ERR_MISC1: field(24, u64),
  ERR_MISC2: field(32, u64),
  ERR_MISC3: field(40, u64),
}, { spec: "rasdaemon non-standard-ampere.h amp_payload0_type_sec" });

export type AmpereSection = Flat<(typeof AmperePayload0)["fields"]>;

/** Error source types seen in Altra payloads; others print as numbers. */
export const AMPERE_TYPES: Readonly<Record<number, string>> = { 5: "GIC" };

const KEYS = [
  ["errStatus", "ERR_STATUS"],
  ["errAddr", "ERR_ADDR"],
  ["errMisc0", "ERR_MISC0"],
  ["errMisc1", "ERR_MISC1"],
  ["errMisc2", "ERR_MISC2"],
  ["errMisc3", "ERR_MISC3"],
] as const;

export function ampereToJson(v: AmpereSection): JsonObj {
  const f = v.fields;
  const o: JsonObj = {
    payloadType: f.Type >> 6,
    type: { value: f.Type & 0x3f, name: AMPERE_TYPES[f.Type & 0x3f] ?? "Unknown" },
    subtype: f.Subtype,
    instance: f.Instance & 0x3fff,
    socket: f.Instance >> 14,
  };
  for (const [k, n] of KEYS) o[k] = typeof f[n] === "bigint" ? jsonInt(f[n]) : f[n];
  return o;
}

export function ampereFromJson(json: JsonObj, path: string): AmpereSection {
  const r = JsonReader.of(json, path);
  const fields = {
    Type: (r.optUint("payloadType", 2) << 6) | (r.has("type") ? r.enumValue("type", 6) : 0),
    Subtype: r.optUint("subtype", 8),
    Instance: (r.optUint("socket", 2) << 14) | r.optUint("instance", 14),
    ERR_STATUS: r.optUint("errStatus", 32),
    ERR_ADDR: r.optU64("errAddr"),
    ERR_MISC0: r.optU64("errMisc0"),
    ERR_MISC1: r.optU64("errMisc1"),
    ERR_MISC2: r.optU64("errMisc2"),
    ERR_MISC3: r.optU64("errMisc3"),
  };
  return { fields, trailing: new Uint8Array(0) };
}

export function ampereText(v: AmpereSection): string[] {
  const f = v.fields;
  const t = f.Type & 0x3f;
  const lines = [`Ampere Altra payload type ${f.Type >> 6}, source ${AMPERE_TYPES[t] ?? `type ${t}`} (${t}), subtype ${f.Subtype}, socket ${f.Instance >> 14}, instance ${f.Instance & 0x3fff}`];
  if (f.Type >> 6 !== 0) return [...lines, "payload types 1-3 are not decoded (raw fields shown in JSON)"];
  for (const l of renderRegister(decodeRegister(ERR_STATUS, BigInt(f.ERR_STATUS))).trimEnd().split("\n")) lines.push(l);
  for (const l of renderRegister(decodeRegister(ERR_ADDR, f.ERR_ADDR)).trimEnd().split("\n")) lines.push(l);
  lines.push(`ERR<n>MISC0..3 0x${f.ERR_MISC0.toString(16)} 0x${f.ERR_MISC1.toString(16)} 0x${f.ERR_MISC2.toString(16)} 0x${f.ERR_MISC3.toString(16)}`);
  return lines;
}

export function ampereLint(_v: AmpereSection, body: Uint8Array): Finding[] {
  return body.length === 48 ? [] : [{ severity: "error", offset: 0, field: "AmperePayload0", message: `Ampere payload is ${body.length} bytes, 48 expected`, spec: "rasdaemon non-standard-ampere.h" }];
}

export const ampereCodec = withFastJson(moreCodec<AmpereSection>({
  key: "ampere-altra",
  guid: AMPERE_GUID,
  name: "Ampere Altra vendor error",
  libcperKey: "AmpereAltra",
  libcperTypeName: "Ampere Altra",
  message: "An Ampere Altra error occurred",
  decode: (body) => decodeFlat(AmperePayload0, body, 48),
  encode: (v) => encodeFlat(AmperePayload0, v),
  locate: (_v, at) => locateFlat(AmperePayload0, at),
  toLib: ampereToJson,
  fromLib: ampereFromJson,
  renderLinux: (v) => hexDumpLinux(encodeFlat(AmperePayload0, v)),
  renderText: ampereText,
  lint: ampereLint,
}), flatFast(AmperePayload0, 0n));
