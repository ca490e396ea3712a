// Ampere Altra vendor section, GUID e8ed898d-df16-43cc-8ecc-54f060ef157f (what Altra
// firmware sends; libcper keys its Ampere decoder to another GUID and prints this
// one as Unknown). 48 bytes; payload type 0 = an Armv8 RAS error record:
// rasdaemon non-standard-ampere.h struct amp_payload0_type_sec
// (TYPE = byte 0 & 0x3f, PAYLOAD_TYPE = byte 0 >> 6, socket = Instance >> 14).
// ERR<n>STATUS/ADDR are rendered with our register definitions (src/sysregs).
import { u16, u32, u64, u8 } from "../../layout/types.js";
import { field, struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";
import { encodeFlat } from "./body.js";
import { declareSection, type Flat } from "./contract.js";
import { asForm, asReaderInt, lib } from "./json-forms.js";
import { JsonReader } from "../json/reader.js";
import { hexDumpLinux } from "../render/hexdump.js";
import { decodeRegister, renderText as renderRegister } from "../../sysregs/render.js";
import { ERR_ADDR, ERR_STATUS } from "../../sysregs/registers/err-record.js";

export const AMPERE_GUID = "e8ed898d-df16-43cc-8ecc-54f060ef157f";

/** Error source types seen in Altra payloads; others print as numbers. */
export const AMPERE_TYPES: Readonly<Record<number, string>> = { 5: "GIC" };

/** Type: payload type 7:6 and error source type 5:0 (libcper-style {value, name}), two members. */
const TYPE = asForm<number>({
  write: (out, _key, x) => {
    out.num("payloadType", x >> 6);
    out.begin("type");
    out.num("value", x & 0x3f);
    out.str("name", AMPERE_TYPES[x & 0x3f] ?? "Unknown");
    out.end();
  },
  read: (j, _key, p) => {
    const r = JsonReader.of(j, p);
    return (r.optUint("payloadType", 2) << 6) | (r.has("type") ? r.enumValue("type", 6) : 0);
  },
  text: (x) => `${x}`,
});
/** Instance: instance 13:0 and socket 15:14, two members. */
const INSTANCE = asForm<number>({
  write: (out, _key, x) => {
    out.num("instance", x & 0x3fff);
    out.num("socket", x >> 14);
  },
  read: (j, _key, p) => {
    const r = JsonReader.of(j, p);
    return (r.optUint("socket", 2) << 14) | r.optUint("instance", 14);
  },
  text: (x) => `${x}`,
});

export const AmperePayload0 = struct("AmperePayload0", 48, {
  Type: field(0, u8, { doc: "5:0 error source type, 7:6 payload type", json: lib("payloadType", TYPE) }),
  Subtype: field(1, u8, { json: lib("subtype", asReaderInt()) }),
  Instance: field(2, u16, { doc: "15:14 socket", json: lib("instance", INSTANCE) }),
  ERR_STATUS: field(4, u32, { doc: "ERR<n>STATUS bits 31:0", json: lib("errStatus", asReaderInt()) }),
  ERR_ADDR: field(8, u64, { json: lib("errAddr", asReaderInt()) }),
  ERR_MISC0: field(16, u64, { json: lib("errMisc0", asReaderInt()) }),
  ERR_MISC1: field(24, u64, { json: lib("errMisc1", asReaderInt()) }),
  ERR_MISC2: field(32, u64, { json: lib("errMisc2", asReaderInt()) }),
  ERR_MISC3: field(40, u64, { json: lib("errMisc3", asReaderInt()) }),
}, { spec: "rasdaemon non-standard-ampere.h amp_payload0_type_sec" });

export type AmpereSection = Flat<(typeof AmperePayload0)["fields"]>;

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

export const ampereCodec = declareSection({
  key: "ampere-altra",
  guid: AMPERE_GUID,
  name: "Ampere Altra vendor error",
  libcperKey: "AmpereAltra",
  libcperTypeName: "Ampere Altra",
  message: "An Ampere Altra error occurred",
  layout: AmperePayload0,
  spec: "rasdaemon non-standard-ampere.h amp_payload0_type_sec",
  minimum: 48,
  lenient: true,
  renderLinux: (v) => hexDumpLinux(encodeFlat(AmperePayload0, v)),
  renderText: ampereText,
  lint: ampereLint,
  ownLint: true,
});
