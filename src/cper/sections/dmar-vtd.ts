// Intel VT for Directed I/O specific DMAr Error Section (UEFI 2.10 N.2.11.2,
// Table N-38; the fault record is the VT-d Fault Recording Register, Intel VT-d
// spec 3.x §11.4.14: FI 63:12, SID 79:64, PRIV 93, EXE 94, PP 95, FR 103:96,
// PV 123:104, AT 125:124, T 126).

import { bitField, extractWords, insert, putU32At, toWords, u32At } from "../../arch/bits.js";
import { field, struct } from "../../layout/struct.js";
import { bytes, reserved, u32, u64, u8 } from "../../layout/types.js";
import { PTE_FIELDS, pteText } from "./dmar-pte.js";
import { declareSection, type Flat } from "./contract.js";
import { asBase64, asForm, lib } from "./json-forms.js";
import { getBool, getNum, getObj, getPairValue, getUint } from "../json/reader.js";
import { writeEnum } from "../json/writer.js";

const SPEC = "UEFI 2.10 N.2.11.2 Table N-38";

export type VtdDmarSection = Flat<(typeof VtdDmarError)["fields"]>;

// Fault record bit fields, split into its two 64-bit halves.
const FR_LO = { FaultInformation: bitField("FI", 63, 12) } as const;
const FR_HI = {
  SourceIdentifier: bitField("SID", 15, 0),
  PrivilegeModeRequested: bitField("PRIV", 29),
  ExecutePermissionRequested: bitField("EXE", 30),
  PasidPresent: bitField("PP", 31),
  FaultReason: bitField("FR", 39, 32),
  PasidValue: bitField("PV", 59, 40),
  AddressType: bitField("AT", 61, 60),
  Type: bitField("T", 62),
} as const;
const maskOf = (fs: Readonly<Record<string, { mask: bigint }>>): bigint => Object.values(fs).reduce((m, f) => m | f.mask, 0n);
const FR_LO_KEPT = maskOf(FR_LO);
const FR_HI_KEPT = maskOf(FR_HI);
/** The kept bits as uint32 words (lo word, hi word) of each 64-bit half: the text path needs no BigInt. */
const [LO_KEPT_0, LO_KEPT_1] = toWords(FR_LO_KEPT);
const [HI_KEPT_0, HI_KEPT_1] = toWords(FR_HI_KEPT);
export const VTD_FAULT_TYPES: Readonly<Record<number, string>> = { 0: "Write Request", 1: "Read/AtomicOp Request" };


function oemId(b: Uint8Array): number {
  let v = 0;
  for (let i = 5; i >= 0; i--) v = v * 256 + b[i]!;
  return v;
}

/** OEM ID: six bytes printed as one little-endian integer. */
const OEM_ID = asForm<Uint8Array>({
  write: (out, key, x) => out.num(key, oemId(x)),
  read: (j, key, p) => {
    const oem = new Uint8Array(6);
    let o = getNum(j, key, p, 48);
    for (let i = 0; i < 6; i++) {
      oem[i] = o % 256;
      o = Math.floor(o / 256);
    }
    return oem;
  },
  text: (x) => `0x${oemId(x).toString(16)}`,
});

/** The fault record as libcper's object of its bit fields (the reserved bits ride in "_armras"). */
const FAULT_RECORD = asForm<Uint8Array>({
  write: (out, key, x) => {
    // The two 64-bit halves as words; every field is at most 52 bits wide, so a number (extractWords).
    const l0 = u32At(x, 0);
    const l1 = u32At(x, 4);
    const h0 = u32At(x, 8);
    const h1 = u32At(x, 12);
    out.begin(key);
    out.num("faultInformation", extractWords(l0, l1, FR_LO.FaultInformation));
    out.num("sourceIdentifier", extractWords(h0, h1, FR_HI.SourceIdentifier));
    out.bool("privelegeModeRequested", extractWords(h0, h1, FR_HI.PrivilegeModeRequested) === 1);
    out.bool("executePermissionRequested", extractWords(h0, h1, FR_HI.ExecutePermissionRequested) === 1);
    out.bool("pasidPresent", extractWords(h0, h1, FR_HI.PasidPresent) === 1);
    out.num("faultReason", extractWords(h0, h1, FR_HI.FaultReason));
    out.num("pasidValue", extractWords(h0, h1, FR_HI.PasidValue));
    out.num("addressType", extractWords(h0, h1, FR_HI.AddressType));
    writeEnum(out, "type", extractWords(h0, h1, FR_HI.Type), VTD_FAULT_TYPES, "name", "Unknown (Reserved)");
    out.end();
  },
  read: (j, key, p) => {
    const fr = getObj(j, key, p);
    const fp = `${p}.${key}`;
    const lo = insert(0n, FR_LO.FaultInformation, getUint(fr, "faultInformation", fp, 52));
    let hi = insert(0n, FR_HI.SourceIdentifier, getUint(fr, "sourceIdentifier", fp, 16));
    hi = insert(hi, FR_HI.PrivilegeModeRequested, getBool(fr, "privelegeModeRequested", fp) ? 1n : 0n);
    hi = insert(hi, FR_HI.ExecutePermissionRequested, getBool(fr, "executePermissionRequested", fp) ? 1n : 0n);
    hi = insert(hi, FR_HI.PasidPresent, getBool(fr, "pasidPresent", fp) ? 1n : 0n);
    hi = insert(hi, FR_HI.FaultReason, getUint(fr, "faultReason", fp, 8));
    hi = insert(hi, FR_HI.PasidValue, getUint(fr, "pasidValue", fp, 20));
    hi = insert(hi, FR_HI.AddressType, getUint(fr, "addressType", fp, 2));
    hi = insert(hi, FR_HI.Type, BigInt(getPairValue(fr, "type", fp, 1)));
    const frBytes = new Uint8Array(16);
    const dv = new DataView(frBytes.buffer);
    dv.setBigUint64(0, lo, true);
    dv.setBigUint64(8, hi, true);
    return frBytes;
  },
  // FI (lo 63:12) and SID..T (hi 15:0, 62:29) are kept; the other bits are reserved.
  keep: (x) => {
    const fr = new Uint8Array(16);
    putU32At(fr, 0, u32At(x, 0) & LO_KEPT_0);
    putU32At(fr, 4, u32At(x, 4) & LO_KEPT_1);
    putU32At(fr, 8, u32At(x, 8) & HI_KEPT_0);
    putU32At(fr, 12, u32At(x, 12) & HI_KEPT_1);
    return fr;
  },
  keeps: (x) => (u32At(x, 0) & ~LO_KEPT_0) === 0 && (u32At(x, 4) & ~LO_KEPT_1) === 0 && (u32At(x, 8) & ~HI_KEPT_0) === 0 && (u32At(x, 12) & ~HI_KEPT_1) === 0,
  text: (x) => Buffer.from(x).toString("hex"),
});

export const VtdDmarError = struct(
  "VtdDmarError",
  144,
  {
    Version: field(0, u8, { json: lib("version") }),
    Revision: field(1, u8, { json: lib("revision") }),
    OemId: field(2, bytes(6), { json: lib("oemID", OEM_ID) }),
    Capability: field(8, u64, { json: lib("capabilityRegister") }),
    ExtendedCapability: field(16, u64, { json: lib("extendedCapabilityRegister") }),
    GlobalCommand: field(24, u32, { json: lib("globalCommandRegister") }),
    GlobalStatus: field(28, u32, { json: lib("globalStatusRegister") }),
    FaultStatus: field(32, u32, { json: lib("faultStatusRegister") }),
    Reserved: field(36, reserved(12)),
    FaultRecord: field(48, bytes(16), { json: lib("faultRecord", FAULT_RECORD) }),
    RootEntry: field(64, bytes(16), { json: lib("rootEntry", asBase64()) }),
    ContextEntry: field(80, bytes(16), { json: lib("contextEntry", asBase64()) }),
    ...PTE_FIELDS,
  },
  { spec: SPEC },
);

export const dmarVtdCodec = declareSection({
  key: "dmar-vtd",
  guid: "71761d37-32b2-45cd-a7d0-b0fedd93e8cf",
  name: "Intel VT for Directed I/O specific DMAr Error",
  libcperKey: "VtdDmar",
  libcperTypeName: "Intel VT for Directed I/O Specific DMAr",
  message: "A VT-d DMAr Error occurred",
  layout: VtdDmarError,
  spec: SPEC,
  renderText: (v) => {
    const f = v.fields;
    const r = f.FaultRecord;
    const h0 = u32At(r, 8);
    const h1 = u32At(r, 12);
    return [
      `Intel VT-d DMAr error (version ${f.Version}, revision ${f.Revision})`,
      `  fault status register: 0x${f.FaultStatus.toString(16).padStart(8, "0")}`,
      `  fault record: source id 0x${extractWords(h0, h1, FR_HI.SourceIdentifier).toString(16).padStart(4, "0")}, reason 0x${extractWords(h0, h1, FR_HI.FaultReason).toString(16)}, ${VTD_FAULT_TYPES[extractWords(h0, h1, FR_HI.Type)]}, fault information 0x${extractWords(u32At(r, 0), u32At(r, 4), FR_LO.FaultInformation).toString(16)}`,
      ...pteText(f),
    ];
  },
});
