// CCIX PER Log Error Section (UEFI 2.10 N.2.12, Table N-40; the PER log itself
// is CCIX Base Specification 1.1 §7.3.2 Protocol Error Report data, kept as bytes).

import { field, struct } from "../../layout/struct.js";
import { reserved, u32, u64, u8 } from "../../layout/types.js";
import { decodeLengthed, encodeLengthed, lintFlat, locateFlat, moreCodec, type Lengthed } from "./more-codec.js";
import { flatLossless, flatProject, withFastJson } from "./fast-json.js";
import { b64, getB64, getNum, has, type JsonObj } from "./more-json.js";

const SPEC = "UEFI 2.10 N.2.12 Table N-40";

export const CcixPerLog = struct(
  "CcixPerLog",
  16,
  {
    Length: field(0, u32, { doc: "whole section, this header included" }),
    ValidationBits: field(4, u64),
    CcixSourceId: field(12, u8, { valid: 0 }),
    CcixPortId: field(13, u8, { valid: 1 }),
    Reserved: field(14, reserved(2)),
  },
  { validationField: "ValidationBits", spec: SPEC },
);
// Validation bit 2: the CCIX PER log that follows the header.

export type CcixPerSection = Lengthed<(typeof CcixPerLog)["fields"]>;
const bit = (vb: bigint, n: number): boolean => ((vb >> BigInt(n)) & 1n) === 1n;
const NO_BYTES = new Uint8Array(0);
const ccixLocate = (v: CcixPerSection, at: number): string => (at < 16 ? locateFlat(CcixPerLog, at) : at < 16 + v.data.length ? "CcixPerLog" : "TrailingData");

export const ccixPerCodec = withFastJson(moreCodec<CcixPerSection>({
  key: "ccix-per",
  guid: "91335ef6-ebfb-4478-a6a6-88b728cf75d7",
  name: "CCIX PER Log Error",
  libcperKey: "CcixPer",
  libcperTypeName: "CCIX PER Log Error",
  message: "A CCIX PER Log Error occurred",
  decode: (body) => decodeLengthed(CcixPerLog, "Length", body),
  encode: (v) => encodeLengthed(CcixPerLog, v),
  locate: ccixLocate,
  toLib: (v) => {
    const f = v.fields;
    const out: JsonObj = { length: f.Length };
    if (bit(f.ValidationBits, 0)) out.ccixSourceID = f.CcixSourceId;
    if (bit(f.ValidationBits, 1)) out.ccixPortID = f.CcixPortId;
    if (bit(f.ValidationBits, 2)) out.ccixPERLog = b64(v.data);
    return out;
  },
  fromLib: (j, p) => {
    const length = getNum(j, "length", p, 32);
    let vb = 0n;
    if (has(j, "ccixSourceID")) vb |= 1n;
    if (has(j, "ccixPortID")) vb |= 2n;
    // Never allocate from the Length field: without the log, the bytes come from "_armras".
    let log: Uint8Array = new Uint8Array(0);
    if (has(j, "ccixPERLog")) {
      vb |= 4n;
      log = getB64(j, "ccixPERLog", p);
    }
    return {
      fields: {
        Length: length,
        ValidationBits: vb,
        CcixSourceId: has(j, "ccixSourceID") ? getNum(j, "ccixSourceID", p, 8) : 0,
        CcixPortId: has(j, "ccixPortID") ? getNum(j, "ccixPortID", p, 8) : 0,
        Reserved: new Uint8Array(2),
      },
      data: log,
      trailing: new Uint8Array(0),
    };
  },
  renderText: (v) => {
    const f = v.fields;
    const lines = [`CCIX protocol error report, ${f.Length} bytes`];
    if (bit(f.ValidationBits, 0)) lines.push(`  CCIX source id: ${f.CcixSourceId}`);
    if (bit(f.ValidationBits, 1)) lines.push(`  CCIX port id: ${f.CcixPortId}`);
    if (bit(f.ValidationBits, 2)) lines.push(`  PER log: ${v.data.length} byte(s)`);
    return lines;
  },
  lint: (v, body) => {
    const out = lintFlat(CcixPerLog, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, SPEC, { validMask: 7n });
    if (v.length === undefined && v.fields.Length !== body.length) {
      out.push({ severity: "error", offset: 0, field: "Length", message: `Length ${v.fields.Length} does not match the section length ${body.length}`, spec: SPEC });
    }
    return out;
  },
}), {
  lossless: (v) => flatLossless(CcixPerLog, { fields: v.fields, trailing: v.trailing, ...(v.length !== undefined ? { length: v.length } : {}) }, 7n) && (bit(v.fields.ValidationBits, 2) || v.data.length === 0),
  // libcper's JSON keeps Length, the ids and the log under their validation bits; Reserved and bytes past Length are lost.
  project: (v) => {
    if (v.length !== undefined) return undefined;
    const head = flatProject(CcixPerLog, { fields: v.fields, trailing: v.trailing }, 7n);
    return head && { fields: head.fields, data: bit(v.fields.ValidationBits, 2) ? v.data : NO_BYTES, trailing: NO_BYTES };
  },
  locate: ccixLocate,
});
