// CCIX PER Log Error Section (UEFI 2.10 N.2.12, Table N-40; the PER log itself
// is CCIX Base Specification 1.1 §7.3.2 Protocol Error Report data, kept as bytes).

import { field, struct } from "../../layout/struct.js";
import { reserved, u32, u64, u8 } from "../../layout/types.js";
import { locateFlat } from "./body.js";
import { declareSection, lengthedBody, type Lengthed } from "./contract.js";
import { lib } from "./json-forms.js";
import { toBase64, getB64, has, bitSet as bit } from "../json/reader.js";
import type { Finding } from "../section-api.js";

const SPEC = "UEFI 2.10 N.2.12 Table N-40";

export const CcixPerLog = struct(
  "CcixPerLog",
  16,
  {
    Length: field(0, u32, { doc: "whole section, this header included", json: lib("length") }),
    ValidationBits: field(4, u64),
    CcixSourceId: field(12, u8, { valid: 0, json: lib("ccixSourceID") }),
    CcixPortId: field(13, u8, { valid: 1, json: lib("ccixPortID") }),
    Reserved: field(14, reserved(2)),
  },
  { validationField: "ValidationBits", spec: SPEC },
);
// Validation bit 2: the CCIX PER log that follows the header.

export type CcixPerSection = Lengthed<(typeof CcixPerLog)["fields"]>;
const ccixLocate = (v: CcixPerSection, at: number): string => (at < 16 ? locateFlat(CcixPerLog, at) : at < 16 + v.data.length ? "CcixPerLog" : "TrailingData");

export const ccixPerCodec = declareSection({
  key: "ccix-per",
  guid: "91335ef6-ebfb-4478-a6a6-88b728cf75d7",
  name: "CCIX PER Log Error",
  libcperKey: "CcixPer",
  libcperTypeName: "CCIX PER Log Error",
  message: "A CCIX PER Log Error occurred",
  layout: CcixPerLog,
  spec: SPEC,
  // libcper's JSON keeps the log (validation bit 2) only when its bit is set; Reserved and bytes past Length are lost.
  body: lengthedBody(CcixPerLog, "Length", (v) => bit(v.fields.ValidationBits, 2)),
  moreValidBits: [2],
  locate: ccixLocate,
  writeMore: (v, _opts, out) => {
    if (bit(v.fields.ValidationBits, 2)) out.ascii("ccixPERLog", toBase64(v.data));
  },
  // Never allocate from the Length field: without the log, the bytes come from "_armras".
  fromLibMore: (v, j, p) => (has(j, "ccixPERLog") ? { ...v, fields: { ...v.fields, ValidationBits: v.fields.ValidationBits | 4n }, data: getB64(j, "ccixPERLog", p) } : v),
  renderText: (v) => {
    const f = v.fields;
    const lines = [`CCIX protocol error report, ${f.Length} bytes`];
    if (bit(f.ValidationBits, 0)) lines.push(`  CCIX source id: ${f.CcixSourceId}`);
    if (bit(f.ValidationBits, 1)) lines.push(`  CCIX port id: ${f.CcixPortId}`);
    if (bit(f.ValidationBits, 2)) lines.push(`  PER log: ${v.data.length} byte(s)`);
    return lines;
  },
  lint: (v, body) => {
    const out: Finding[] = [];
    if (v.length === undefined && v.fields.Length !== body.length) {
      out.push({ severity: "error", offset: 0, field: "Length", message: `Length ${v.fields.Length} does not match the section length ${body.length}`, spec: SPEC });
    }
    return out;
  },
});
