// Arm RAS node section (Arm DEN0085, "Arm RAS CPER"; GUID bf32d4d5-b427-4025-8495-8a9e5d4030e4):
// an 80-byte node header, ErrorSyndromeArrayNumEntries 72-byte error record
// descriptors (ERR<n>FR/CTLR/STATUS/ADDR/MISC0-3), then optional auxiliary data
// (header, register contexts, key/value pairs). Field layout as libcper decodes
// it (the DEN0085 text itself was not available to us; see docs/cper.md).
import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { ascii, bytes, guid, reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { u32At } from "../../arch/bits.js";
import { field, readStruct, struct, viewOf, writeStruct, type Decoded, type Fields, type Struct } from "../../layout/struct.js";
import { decodeError, fail, ok, type Result, type Warning } from "../../layout/result.js";
import type { Finding } from "../section-api.js";
import { compiledWriter } from "../../layout/compile.js";
import { JsonReader, type JsonObject } from "../json/reader.js";
import { hexUpper32, hexUpper64At, hexUpper64Fast, hexUpperWidth, type JsonOut } from "../json/writer.js";
import { PatchBuilder, patchOf } from "../json/patches.js";
import { guidToBytes } from "../../layout/guid.js";
import { declareSection, type BodyKind } from "./contract.js";
import { asForm, group, lib, type BoundForm } from "./json-forms.js";
import { hexDumpLinux } from "../render/hexdump.js";
import { decodeRegister, renderText as renderRegister } from "../../sysregs/render.js";
import { ERR_STATUS } from "../../sysregs/registers/err-record.js";
import { scratchBody } from "../json/patches.js";

export const ARM_RAS_GUID = "bf32d4d5-b427-4025-8495-8a9e5d4030e4";


const INSTANCE_FORMATS: Readonly<Record<number, string>> = { 0: "PE", 1: "SystemPhysicalAddress", 2: "LocalAddressIdentifier", 3: "SocSpecificIpIdentifier" };
const TYPE_FORMATS: Readonly<Record<number, string>> = { 0: "PE", 1: "SMMU_IIDR", 2: "GIC_IIDR", 3: "PIDR" };

// libcper's node members (cper_section_arm_ras_to_ir) as forms, read with JsonReader's rules
// (every member may be absent: Revision then reads as 1, the others as 0).
const reader = (j: Record<string, unknown>, p: string): JsonReader => new JsonReader(j as JsonObject, p);

/** "revision": an integer, absent → 1. */
const REVISION: BoundForm<number> = { write: (out, key, x) => out.num(key, x), read: (j, key, p) => reader(j, p).optUint(key, 32, 1), text: (x) => `${x}` };

/** An integer of `bits` bits, absent → 0 (ErrorSyndromeArrayNumEntries: fromLibMore counts the syndromes instead). */
function readerInt(bits: number): BoundForm<number> {
  return { write: (out, key, x) => out.num(key, x), read: (j, key, p) => reader(j, p).optUint(key, bits), text: (x) => `${x}` };
}

/** libcper's {raw, value} pair from the field's names ("Unknown" when not listed); read back from raw, absent → 0. */
function rawValue(names: Readonly<Record<number, string>>): BoundForm<number> {
  return {
    write: (out, key, x) => {
      out.begin(key);
      out.num("raw", x);
      out.ascii("value", names[x] ?? "Unknown");
      out.end();
    },
    read: (j, key, p) => {
      const r = reader(j, p);
      return r.has(key) ? r.obj(key).uint("raw", 8) : 0;
    },
    text: (x) => `${x} (${names[x] ?? "Unknown"})`,
  };
}

/** "userData": the 16 ASCII bytes up to the first NUL. */
const USER_DATA: BoundForm<string> = {
  write: (out, key, x) => {
    const z = x.indexOf("\0");
    out.str(key, z < 0 ? x : x.slice(0, z));
  },
  read: (j, key, p) => reader(j, p).optStr(key),
  text: (x) => x,
};

export const ArmRasNode = struct("ArmRasNode", 80, {
  Revision: field(0, u32, { json: lib("revision", asForm(REVISION)) }),
  ComponentType: field(4, u8, { values: { 0: "ProcessorErrorNode", 1: "MemoryErrorNode", 2: "SMMUErrorNode", 3: "VendorDefinedErrorNode", 4: "GICErrorNode", 5: "PciExpressErrorNode", 6: "ProxyErrorNode" }, json: lib("componentType", (f) => rawValue(f.values!)) }),
  Reserved0: field(5, reserved(3)),
  ErrorSyndromeArrayNumEntries: field(8, u16, { json: lib("errorSyndromeArrayNumEntries", asForm(readerInt(16))) }),
  Reserved1: field(10, reserved(2)),
  ErrorSyndromeArrayOffset: field(12, u16),
  AuxiliaryDataOffset: field(14, u16),
  IPInstanceFormat: field(16, u8, { values: INSTANCE_FORMATS, json: lib("ipInstanceFormat", (f) => rawValue(f.values!)) }),
  IPTypeFormat: field(17, u8, { values: TYPE_FORMATS, json: lib("ipTypeFormat", (f) => rawValue(f.values!)) }),
  Reserved2: field(18, reserved(6)),
  IPInstance: field(24, bytes(16), { json: group("ipInstance", ["IPInstanceFormat"], { write: (out, key, f) => writeIpInstance(out, key, f.IPInstanceFormat, f.IPInstance), read: (j, key, p) => ({ IPInstance: ipInstanceFromJson(JsonReader.of(j, p), key) }), text: (f) => Buffer.from(f.IPInstance).toString("hex") }) }),
  IPType: field(40, bytes(24), { json: group("ipType", ["IPTypeFormat"], { write: (out, key, f) => writeIpType(out, key, f.IPTypeFormat, f.IPType), read: (j, key, p) => ({ IPType: ipTypeFromJson(JsonReader.of(j, p).optObj(key)) }), text: (f) => Buffer.from(f.IPType).toString("hex") }) }),
  UserData: field(64, ascii(16), { json: lib("userData", asForm(USER_DATA)) }),
}, { spec: "Arm DEN0085 (libcper cper-section-arm-ras)" });
export type ArmRasNode = Decoded<typeof ArmRasNode>;

export const ErrorRecordDescriptor = struct("ErrorRecordDescriptor", 72, {
  ErrorRecordIndex: field(0, u32),
  RasExtension: field(4, u8, { doc: "7:4 revision field, 3:0 architecture version" }),
  Reserved: field(5, reserved(3)),
  ERR_FR: field(8, u64),
  ERR_CTLR: field(16, u64),
  ERR_STATUS: field(24, u64),
  ERR_ADDR: field(32, u64),
  ERR_MISC0: field(40, u64),
  ERR_MISC1: field(48, u64),
  ERR_MISC2: field(56, u64),
  ERR_MISC3: field(64, u64),
}, { spec: "Arm DEN0085 error record descriptor" });
export type ErrorRecordDescriptor = Decoded<typeof ErrorRecordDescriptor>;

export const AuxHeader = struct("AuxiliaryDataHeader", 16, {
  Version: field(0, u16),
  NumContexts: field(2, u16),
  AuxDataSize: field(4, u32),
  KeyValuePairArrayOffset: field(8, u32),
  KeyValuePairArrayEntries: field(12, u32),
});
export const AuxContext = struct("AuxiliaryContext", 16, {
  Length: field(0, u32),
  Flags: field(4, u16, { doc: "bit 0: address space identifier scope (1 local)" }),
  RegisterArrayNumEntries: field(6, u16),
  AddressSpaceIdentifier: field(8, u64),
});
export const AuxRegister = struct("AuxiliaryRegister", 16, { Address: field(0, u64), Value: field(8, u64) });
export const KeyValuePair = struct("KeyValuePair", 24, { Key: field(0, guid), Value: field(16, u64) });

export interface ArmRasAux {
  readonly header: Decoded<typeof AuxHeader>;
  readonly contexts: { header: Decoded<typeof AuxContext>; registers: Decoded<typeof AuxRegister>[] }[];
  readonly pairs: Decoded<typeof KeyValuePair>[];
}

export interface ArmRasSection {
  /** The node header (the declared structure). */
  readonly fields: ArmRasNode;
  readonly records: ErrorRecordDescriptor[];
  readonly aux?: ArmRasAux;
  /** The body as decoded: bytes outside the structures are re-emitted from it. Absent for trees built from JSON. */
  readonly raw?: Uint8Array;
  /** Always empty: bytes outside the structures ride in `raw`. */
  readonly trailing: Uint8Array;
}

export function decodeArmRas(body: Uint8Array): Result<ArmRasSection> {
  const warnings: Warning[] = [];
  if (body.length < 80) return fail(decodeError("truncated", "ArmRasNode", 0, `the Arm RAS node header needs 80 bytes, the section has ${body.length}`));
  const view = viewOf(body);
  const node = readStruct(ArmRasNode, body, view, 0);
  const records: ErrorRecordDescriptor[] = [];
  let at = node.ErrorSyndromeArrayOffset;
  for (let i = 0; i < node.ErrorSyndromeArrayNumEntries; i++, at += 72) {
    if (at + 72 > body.length) {
      warnings.push({ code: "arm-ras-count", field: "ArmRasNode.ErrorSyndromeArrayNumEntries", offset: 8, message: `${node.ErrorSyndromeArrayNumEntries} descriptors declared, ${i} fit` });
      break;
    }
    records.push(readStruct(ErrorRecordDescriptor, body, view, at));
  }
  let aux: ArmRasAux | undefined;
  const a = node.AuxiliaryDataOffset;
  if (a !== 0 && a + 16 <= body.length) {
    const header = readStruct(AuxHeader, body, view, a);
    const contexts: ArmRasAux["contexts"] = [];
    let c = a + 16;
    for (let i = 0; i < header.NumContexts && c + 16 <= body.length; i++) {
      const h = readStruct(AuxContext, body, view, c);
      const registers: Decoded<typeof AuxRegister>[] = [];
      for (let j = 0; j < h.RegisterArrayNumEntries && c + 16 + 16 * (j + 1) <= body.length; j++) registers.push(readStruct(AuxRegister, body, view, c + 16 + 16 * j));
      contexts.push({ header: h, registers });
      c += Math.max(16, h.Length);
    }
    const pairs: Decoded<typeof KeyValuePair>[] = [];
    for (let i = 0; i < header.KeyValuePairArrayEntries; i++) {
      const p = a + header.KeyValuePairArrayOffset + 24 * i;
      if (p + 24 > body.length) {
        warnings.push({ code: "arm-ras-aux", field: "AuxiliaryDataHeader.KeyValuePairArrayEntries", offset: a + 12, message: "key/value pairs run past the section" });
        break;
      }
      pairs.push(readStruct(KeyValuePair, body, view, p));
    }
    aux = { header, contexts, pairs };
  }
  return ok(aux ? { fields: node, records, aux, raw: copyOf(body, 0), trailing: NO_BYTES } : { fields: node, records, raw: copyOf(body, 0), trailing: NO_BYTES }, warnings);
}

function armRasSize(v: ArmRasSection): number {
  if (v.raw) return v.raw.length;
  const n = v.fields;
  const size = Math.max(80, n.ErrorSyndromeArrayOffset + 72 * v.records.length);
  return v.aux ? Math.max(size, n.AuxiliaryDataOffset + v.aux.header.AuxDataSize) : size;
}

/** writeStruct through one DataView for the whole body (the compiled writer; writeStruct itself for its errors). */
function put<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>>, out: Uint8Array, dv: DataView, at: number): void {
  if (at + s.size > out.length || !compiledWriter(s)(out, dv, at, value as Record<string, unknown>, s.name)) writeStruct(s, value, out, at);
}

/** Encodes v into `out` (armRasSize(v) bytes, all zero). */
function encodeArmRasInto(v: ArmRasSection, out: Uint8Array): void {
  const n = v.fields;
  const size = out.length;
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (v.raw) out.set(v.raw);
  put(ArmRasNode, n, out, dv, 0);
  for (let i = 0; i < v.records.length; i++) {
    if (n.ErrorSyndromeArrayOffset + 72 * (i + 1) <= size) put(ErrorRecordDescriptor, v.records[i]!, out, dv, n.ErrorSyndromeArrayOffset + 72 * i);
  }
  if (v.aux) {
    const a = n.AuxiliaryDataOffset;
    put(AuxHeader, v.aux.header, out, dv, a);
    let c = a + 16;
    for (const ctx of v.aux.contexts) {
      put(AuxContext, ctx.header, out, dv, c);
      for (let j = 0; j < ctx.registers.length; j++) put(AuxRegister, ctx.registers[j]!, out, dv, c + 16 + 16 * j);
      c += Math.max(16, ctx.header.Length);
    }
    for (let i = 0; i < v.aux.pairs.length; i++) put(KeyValuePair, v.aux.pairs[i]!, out, dv, a + v.aux.header.KeyValuePairArrayOffset + 24 * i);
  }
}

export function encodeArmRas(v: ArmRasSection): Uint8Array {
  const out = new Uint8Array(armRasSize(v));
  encodeArmRasInto(v, out);
  return out;
}

/** The MPAM partition-ID key of the auxiliary key/value pairs (DEN0085; libcper EFI_ARM_RAS_KVP_UUID_MPAM_PARTID). */
export const MPAM_PARTID_KEY = "ebb45182-fb03-4bf9-9aca-8613709fd789";
/**
 * IPType as libcper 7c410e2 prints it (arm_ras_add_fixed_fields): format 0 MIDR/REVIDR/AIDR (u64
 * each), format 1 IIDR/AIDR (u32 each), format 2 the eight PIDR bytes in libcper's key order, and
 * nothing for format 3. DEN0085 names format 2 GIC_IIDR and format 3 PIDR, so libcper's switch is one
 * step off for 2 and 3; we print libcper's keys and, beside them, the spec's reading (format 2:
 * iidr/aidr; format 3: the PIDR bytes) so neither is hidden.
 */
const PIDR_KEYS = ["pidr3", "pidr2", "pidr1", "pidr0", "pidr7", "pidr6", "pidr5", "pidr4"] as const;
const IP_TYPE_U64 = [["midrEl1", 0], ["revidrEl1", 8], ["aidrEl1", 16]] as const;
const IP_TYPE_U32 = [["iidr", 0], ["aidr", 4]] as const;
const hex2 = (b: number): string => hexUpperWidth(b, 2);
const hex8 = hexUpper32;
const hex64 = hexUpper64Fast;

function writeIpInstance(out: JsonOut, key: string, format: number, b: Uint8Array): void {
  out.begin(key);
  if (format === 0) out.ascii("mpidrEl1", hexUpper64At(b, 0));
  else if (format === 1) out.ascii("systemPhysicalAddress", hexUpper64At(b, 0));
  else if (format === 2) {
    out.ascii("localAddressIdentifier", hexUpper64At(b, 0));
    out.ascii("baseAddress", hexUpper64At(b, 8));
  } else if (format === 3) out.ascii("socSpecificIpIdentifier", "<OpaqueData>"); // libcper's placeholder; the bytes ride in "_armras"
  out.end();
}

/** The IP instance bytes its format (read from "ipInstanceFormat") prints. */
function ipInstanceFromJson(r: JsonReader, key: string): Uint8Array {
  const instFmt = r.has("ipInstanceFormat") ? r.obj("ipInstanceFormat").uint("raw", 8) : 0;
  const inst = new Uint8Array(16);
  const ii = r.optObj(key);
  // Format 2 also accepts "localAddress" (armras before it took libcper's key).
  const ik = [["mpidrEl1"], ["systemPhysicalAddress"], ["localAddressIdentifier", "localAddress"]][instFmt]?.find((k) => ii?.has(k));
  if (ii && ik) new DataView(inst.buffer).setBigUint64(0, hexBig(ii.str(ik), `${ii.path}.${ik}`), true);
  if (ii && instFmt === 2 && ii.has("baseAddress")) new DataView(inst.buffer).setBigUint64(8, hexBig(ii.str("baseAddress"), `${ii.path}.baseAddress`), true);
  return inst;
}

function writeIpType(out: JsonOut, key: string, format: number, b: Uint8Array): void {
  out.begin(key);
  if (format === 0) for (const [k, at] of IP_TYPE_U64) out.ascii(k, hexUpper64At(b, at));
  if (format === 1 || format === 2) for (const [k, at] of IP_TYPE_U32) out.ascii(k, hex8(u32At(b, at)));
  if (format === 2 || format === 3) for (let i = 0; i < PIDR_KEYS.length; i++) out.ascii(PIDR_KEYS[i]!, hex2(b[i]!));
  out.end();
}

function ipTypeFromJson(r: JsonReader | undefined): Uint8Array {
  const b = new Uint8Array(24);
  if (!r) return b;
  const dv = new DataView(b.buffer);
  for (const [k, at] of IP_TYPE_U64) if (r.has(k)) dv.setBigUint64(at, hexBig(r.str(k), `${r.path}.${k}`), true);
  PIDR_KEYS.forEach((k, i) => {
    if (r.has(k)) b[i] = Number(hexBig(r.str(k), `${r.path}.${k}`) & 0xffn);
  });
  // The spec's IIDR/AIDR words are written last: for format 2 they and the PIDR bytes are the same bytes.
  for (const [k, at] of IP_TYPE_U32) if (r.has(k)) dv.setUint32(at, Number(hexBig(r.str(k), `${r.path}.${k}`) & 0xffffffffn), true);
  return b;
}

const REGS = [
  ["errorRecordFeatureRegister", "ERR_FR"],
  ["errorRecordControlRegister", "ERR_CTLR"],
  ["errorRecordPrimaryStatusRegister", "ERR_STATUS"],
  ["errorRecordAddressRegister", "ERR_ADDR"],
  ["errorRecordMiscRegister0", "ERR_MISC0"],
  ["errorRecordMiscRegister1", "ERR_MISC1"],
  ["errorRecordMiscRegister2", "ERR_MISC2"],
  ["errorRecordMiscRegister3", "ERR_MISC3"],
] as const;

function hexBig(s: string, path: string): bigint {
  if (!/^0x[0-9a-f]{1,16}$/i.test(s)) throw new Error(`${path}: expected a 0x-prefixed 64-bit hex string`);
  return BigInt(s);
}

/** libcper's composite members after the node's: the error syndromes, then the auxiliary data. */
function writeMore(v: ArmRasSection, out: JsonOut): void {
  out.beginArray("errorSyndromes");
  for (const r of v.records) {
    out.begin();
    out.num("errorRecordIndex", r.ErrorRecordIndex);
    out.num("rasExtensionRevisionField", r.RasExtension >> 4);
    out.num("rasExtensionArchVersion", r.RasExtension & 0xf);
    // REGS's members in its order, with named loads (a keyed load per register costs more); MISC2/MISC3 only when non-zero.
    out.ascii(REGS[0][0], hex64(r.ERR_FR));
    out.ascii(REGS[1][0], hex64(r.ERR_CTLR));
    out.ascii(REGS[2][0], hex64(r.ERR_STATUS));
    out.ascii(REGS[3][0], hex64(r.ERR_ADDR));
    out.ascii(REGS[4][0], hex64(r.ERR_MISC0));
    out.ascii(REGS[5][0], hex64(r.ERR_MISC1));
    if (r.ERR_MISC2 !== 0n) out.ascii(REGS[6][0], hex64(r.ERR_MISC2));
    if (r.ERR_MISC3 !== 0n) out.ascii(REGS[7][0], hex64(r.ERR_MISC3));
    out.end();
  }
  out.endArray();
  if (v.aux) {
    out.begin("auxData");
    out.num("version", v.aux.header.Version);
    out.beginArray("contexts");
    for (const c of v.aux.contexts) {
      out.begin();
      out.begin("flags");
      out.ascii("addressSpaceIdentifierScope", c.header.Flags & 1 ? "LocalAddressSpace" : "SystemPhysicalAddressSpace");
      out.end();
      if (c.header.Flags & 1) out.int("addressSpaceIdentifier", c.header.AddressSpaceIdentifier);
      out.beginArray("registers");
      for (const r of c.registers) {
        out.begin();
        out.ascii("address", hex64(r.Address));
        out.ascii("value", hex64(r.Value));
        out.end();
      }
      out.endArray();
      out.end();
    }
    out.endArray();
    // libcper prints an MPAM pair's partition ID (value bits 15:0) instead of its value; we print both.
    out.beginArray("keyValuePairs");
    for (const p of v.aux.pairs) {
      out.begin();
      out.ascii("key", p.Key);
      if (p.Key === MPAM_PARTID_KEY) out.num("mpamPartId", Number(p.Value & 0xffffn));
      out.ascii("value", hex64(p.Value));
      out.end();
    }
    out.endArray();
    out.end();
  }
}

/** The syndromes and auxiliary data read into the node the declared members gave, laid out canonically (descriptors at 80, aux data after them). */
function fromLibMore(v: ArmRasSection, json: Record<string, unknown>, path: string): ArmRasSection {
  const r = reader(json, path);
  const syn = r.has("errorSyndromes") ? r.arr("errorSyndromes") : [];
  const records = syn.map((_, i) => {
    const s = r.at(i, "errorSyndromes");
    const rec: Record<string, unknown> = {
      ErrorRecordIndex: s.optUint("errorRecordIndex", 32),
      RasExtension: (s.optUint("rasExtensionRevisionField", 4) << 4) | s.optUint("rasExtensionArchVersion", 4),
      Reserved: new Uint8Array(3),
    };
    for (const [k, f] of REGS) rec[f] = s.has(k) ? hexBig(s.str(k), `${s.path}.${k}`) : 0n;
    return rec as ErrorRecordDescriptor;
  });
  let aux: ArmRasAux | undefined;
  const auxOffset = 80 + 72 * records.length;
  if (r.has("auxData")) {
    const a = r.obj("auxData");
    const cs = a.has("contexts") ? a.arr("contexts") : [];
    let len = 16;
    const contexts = cs.map((_, i) => {
      const c = a.at(i, "contexts");
      const regs = c.has("registers") ? c.arr("registers") : [];
      const local = c.has("flags") && c.obj("flags").optStr("addressSpaceIdentifierScope") === "LocalAddressSpace";
      const registers = regs.map((__, j) => {
        const x = c.at(j, "registers");
        return { Address: hexBig(x.str("address"), `${x.path}.address`), Value: hexBig(x.str("value"), `${x.path}.value`) };
      });
      const header = { Length: 16 + 16 * registers.length, Flags: local ? 1 : 0, RegisterArrayNumEntries: registers.length, AddressSpaceIdentifier: c.optU64("addressSpaceIdentifier") };
      len += header.Length;
      return { header, registers };
    });
    const kv = a.has("keyValuePairs") ? a.arr("keyValuePairs") : [];
    const pairs = kv.map((_, i) => {
      const p = a.at(i, "keyValuePairs");
      return { Key: p.guid("key"), Value: p.has("value") ? hexBig(p.str("value"), `${p.path}.value`) : BigInt(p.optUint("mpamPartId", 16)) };
    });
    aux = { header: { Version: a.optUint("version", 16), NumContexts: contexts.length, AuxDataSize: len + 24 * pairs.length, KeyValuePairArrayOffset: len, KeyValuePairArrayEntries: pairs.length }, contexts, pairs };
  }
  const fields: ArmRasNode = {
    ...v.fields,
    ErrorSyndromeArrayNumEntries: r.has("errorSyndromeArrayNumEntries") ? v.fields.ErrorSyndromeArrayNumEntries : records.length,
    ErrorSyndromeArrayOffset: 80,
    AuxiliaryDataOffset: aux ? auxOffset : 0,
  };
  return aux ? { fields, records, aux, trailing: NO_BYTES } : { fields, records, trailing: NO_BYTES };
}

export function armRasLint(v: ArmRasSection, body: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const spec = "Arm DEN0085";
  if (v.fields.Revision !== 1) out.push({ severity: "warning", offset: 0, field: "ArmRasNode.Revision", message: `Revision ${v.fields.Revision} (1 expected)`, spec });
  if (v.fields.ErrorSyndromeArrayOffset < 80) out.push({ severity: "error", offset: 12, field: "ArmRasNode.ErrorSyndromeArrayOffset", message: "error record descriptors overlap the node header", spec });
  if (v.records.length !== v.fields.ErrorSyndromeArrayNumEntries) out.push({ severity: "error", offset: 8, field: "ArmRasNode.ErrorSyndromeArrayNumEntries", message: `${v.fields.ErrorSyndromeArrayNumEntries} declared, ${v.records.length} fit in ${body.length} bytes`, spec });
  return out;
}

function armRasText(v: ArmRasSection): string[] {
  const lines = [`Arm RAS node: ${ArmRasNode.fields.ComponentType.values![v.fields.ComponentType] ?? `component type ${v.fields.ComponentType}`}, ${v.records.length} error record(s)`];
  for (const r of v.records) {
    lines.push(`error record ${r.ErrorRecordIndex}:`);
    for (const l of renderRegister(decodeRegister(ERR_STATUS, r.ERR_STATUS)).trimEnd().split("\n")) lines.push("  " + l);
    lines.push(`  ERR<n>ADDR 0x${r.ERR_ADDR.toString(16).padStart(16, "0")}  MISC0 0x${r.ERR_MISC0.toString(16)}  MISC1 0x${r.ERR_MISC1.toString(16)}`);
  }
  return lines;
}

// ---- the fast "_armras" path (the contract's projection): what the JSON read back rebuilds, directly ----

const ZERO_3 = new Uint8Array(3);
const ZERO_6 = new Uint8Array(6);

/** `b` with bytes from `n` on zeroed. */
function keepFirst(b: Uint8Array, n: number): Uint8Array {
  if (n >= b.length) return b;
  const out = new Uint8Array(b.length);
  out.set(b.subarray(0, n));
  return out;
}

/**
 * The JSON keeps every descriptor and register word, the IP instance/type bytes its format prints
 * (instance: 8 bytes for formats 0/1, 16 for 2; type: 24 for format 0, 8 for 1-3), the user data up
 * to its first NUL, and rebuilds the layout canonically (descriptors at 80, aux data after them,
 * context lengths from their register counts, key/value pairs after the contexts).
 */
function armRasProject(v: ArmRasSection): ArmRasSection {
  const n = v.fields;
  // Zero fields are shared constants: the projection is only encoded, never changed.
  const records = v.records.map((r): ErrorRecordDescriptor => ({
    ErrorRecordIndex: r.ErrorRecordIndex,
    RasExtension: r.RasExtension,
    Reserved: ZERO_3,
    ERR_FR: r.ERR_FR,
    ERR_CTLR: r.ERR_CTLR,
    ERR_STATUS: r.ERR_STATUS,
    ERR_ADDR: r.ERR_ADDR,
    ERR_MISC0: r.ERR_MISC0,
    ERR_MISC1: r.ERR_MISC1,
    ERR_MISC2: r.ERR_MISC2,
    ERR_MISC3: r.ERR_MISC3,
  }));
  let aux: ArmRasAux | undefined;
  if (v.aux) {
    let len = 16;
    const contexts = v.aux.contexts.map((c) => {
      const local = (c.header.Flags & 1) === 1;
      const header = { Length: 16 + 16 * c.registers.length, Flags: local ? 1 : 0, RegisterArrayNumEntries: c.registers.length, AddressSpaceIdentifier: local ? c.header.AddressSpaceIdentifier : 0n };
      len += header.Length;
      return { header, registers: c.registers };
    });
    const pairs = v.aux.pairs;
    aux = { header: { Version: v.aux.header.Version, NumContexts: contexts.length, AuxDataSize: len + 24 * pairs.length, KeyValuePairArrayOffset: len, KeyValuePairArrayEntries: pairs.length }, contexts, pairs };
  }
  const instKept = n.IPInstanceFormat <= 1 ? 8 : n.IPInstanceFormat === 2 ? 16 : 0;
  const typeKept = n.IPTypeFormat === 0 ? 24 : n.IPTypeFormat <= 3 ? 8 : 0;
  const fields: ArmRasNode = {
    Revision: n.Revision,
    ComponentType: n.ComponentType,
    Reserved0: ZERO_3,
    ErrorSyndromeArrayNumEntries: n.ErrorSyndromeArrayNumEntries,
    Reserved1: ZERO_3.subarray(0, 2),
    ErrorSyndromeArrayOffset: 80,
    AuxiliaryDataOffset: aux ? 80 + 72 * records.length : 0,
    IPInstanceFormat: n.IPInstanceFormat,
    IPTypeFormat: n.IPTypeFormat,
    Reserved2: ZERO_6,
    IPInstance: keepFirst(n.IPInstance, instKept),
    IPType: keepFirst(n.IPType, typeKept),
    UserData: n.UserData.split("\0")[0]!,
  };
  return aux ? { fields, records, aux, trailing: NO_BYTES } : { fields, records, trailing: NO_BYTES };
}


/**
 * The patch field by field (json/patches.ts PatchBuilder) when v's layout is already the canonical
 * one armRasProject rebuilds (descriptors at 80, aux data right after them, context lengths from
 * their register counts, key/value pairs right after the contexts, no bytes between structures):
 * then both encodings hold every structure at the same offset and only field values differ.
 * null otherwise (the two encodings are diffed).
 */
function canonicalPatch(v: ArmRasSection): Record<string, unknown> | undefined | null {
  const n = v.fields;
  if (n.ErrorSyndromeArrayOffset !== 80) return null;
  let end = 80 + 72 * v.records.length;
  const aux = v.aux;
  if (aux) {
    if (n.AuxiliaryDataOffset !== end) return null;
    let len = 16;
    for (const c of aux.contexts) {
      if (c.header.Length !== 16 + 16 * c.registers.length) return null;
      len += c.header.Length;
    }
    if (aux.header.KeyValuePairArrayOffset !== len) return null;
    end += len + 24 * aux.pairs.length;
  }
  const size = armRasSize(v);
  if (size < end || (v.raw !== undefined && v.raw.length !== size)) return null;
  const p = new PatchBuilder<ArmRasSection>(v, undefined);
  p.int(0, 4, n.Revision, n.Revision);
  p.int(4, 1, n.ComponentType, n.ComponentType);
  p.bytesVs(5, n.Reserved0, ZERO_6);
  p.int(8, 2, n.ErrorSyndromeArrayNumEntries, n.ErrorSyndromeArrayNumEntries);
  p.bytesVs(10, n.Reserved1, ZERO_6);
  p.int(12, 2, 80, 80);
  p.int(14, 2, n.AuxiliaryDataOffset, aux ? n.AuxiliaryDataOffset : 0);
  p.int(16, 1, n.IPInstanceFormat, n.IPInstanceFormat);
  p.int(17, 1, n.IPTypeFormat, n.IPTypeFormat);
  p.bytesVs(18, n.Reserved2, ZERO_6);
  const instKept = n.IPInstanceFormat <= 1 ? 8 : n.IPInstanceFormat === 2 ? 16 : 0;
  const typeKept = n.IPTypeFormat === 0 ? 24 : n.IPTypeFormat <= 3 ? 8 : 0;
  for (let i = 0; i < 16; i++) p.int(24 + i, 1, n.IPInstance[i]!, i < instKept ? n.IPInstance[i]! : 0);
  for (let i = 0; i < 24; i++) p.int(40 + i, 1, n.IPType[i]!, i < typeKept ? n.IPType[i]! : 0);
  // UserData: the characters before the first NUL are kept.
  const u = n.UserData;
  let z = u.indexOf("\0");
  if (z < 0) z = u.length;
  for (let i = 0; i < 16; i++) {
    const c = i < u.length ? u.charCodeAt(i) : 0;
    p.int(64 + i, 1, c, i < z ? c : 0);
  }
  let at = 80;
  for (const r of v.records) {
    p.int(at, 4, r.ErrorRecordIndex, r.ErrorRecordIndex);
    p.int(at + 4, 1, r.RasExtension, r.RasExtension);
    p.bytesVs(at + 5, r.Reserved, ZERO_6);
    p.u64(at + 8, r.ERR_FR, r.ERR_FR);
    p.u64(at + 16, r.ERR_CTLR, r.ERR_CTLR);
    p.u64(at + 24, r.ERR_STATUS, r.ERR_STATUS);
    p.u64(at + 32, r.ERR_ADDR, r.ERR_ADDR);
    p.u64(at + 40, r.ERR_MISC0, r.ERR_MISC0);
    p.u64(at + 48, r.ERR_MISC1, r.ERR_MISC1);
    p.u64(at + 56, r.ERR_MISC2, r.ERR_MISC2);
    p.u64(at + 64, r.ERR_MISC3, r.ERR_MISC3);
    at += 72;
  }
  if (aux) {
    const h = aux.header;
    p.int(at, 2, h.Version, h.Version);
    p.int(at + 2, 2, h.NumContexts, aux.contexts.length);
    p.int(at + 4, 4, h.AuxDataSize, end - at);
    p.int(at + 8, 4, h.KeyValuePairArrayOffset, h.KeyValuePairArrayOffset);
    p.int(at + 12, 4, h.KeyValuePairArrayEntries, aux.pairs.length);
    at += 16;
    for (const c of aux.contexts) {
      const ch = c.header;
      const local = (ch.Flags & 1) === 1;
      p.int(at, 4, ch.Length, ch.Length);
      p.int(at + 4, 2, ch.Flags, local ? 1 : 0);
      p.int(at + 6, 2, ch.RegisterArrayNumEntries, c.registers.length);
      p.u64(at + 8, ch.AddressSpaceIdentifier, local ? ch.AddressSpaceIdentifier : 0n);
      at += 16;
      for (const r of c.registers) {
        p.u64(at, r.Address, r.Address);
        p.u64(at + 8, r.Value, r.Value);
        at += 16;
      }
    }
    for (const kv of aux.pairs) {
      guidToBytes(kv.Key, GUID_BYTES);
      p.bytes(at, GUID_BYTES, false);
      p.u64(at + 16, kv.Value, kv.Value);
      at += 24;
    }
  }
  // Bytes past the canonical end (the body's own, or the zeros a larger AuxDataSize asks for): all dropped.
  if (size > end) {
    if (v.raw !== undefined) p.bytes(end, v.raw.subarray(end, size), true);
    else p.bytes(end, new Uint8Array(size - end), true);
  }
  return p.finish(size > end ? size : undefined);
}
const GUID_BYTES = new Uint8Array(16);

/** patchOf(encode(v), encode(armRasProject(v))), field by field when the layout is canonical, else the two encodings written into scratch bodies. */
export function armRasDirect(v: ArmRasSection): Record<string, unknown> | undefined {
  const c = canonicalPatch(v);
  if (c !== null) return c;
  const p = armRasProject(v);
  const a = scratchBody(0, armRasSize(v));
  encodeArmRasInto(v, a);
  const b = scratchBody(1, armRasSize(p));
  encodeArmRasInto(p, b);
  return patchOf(a, b);
}

/** The node header, its error record descriptors and auxiliary data at the offsets it gives (arm-ras.ts decodeArmRas). */
const NODE_BODY: BodyKind<(typeof ArmRasNode)["fields"], ArmRasSection> = {
  decode: (_s, body) => decodeArmRas(body),
  encode: (_s, v) => encodeArmRas(v),
  project: (v) => armRasProject(v),
  keepsRest: () => false,
  fromFields: (fields) => ({ fields, records: [], trailing: NO_BYTES }),
};

export const armRasCodec = declareSection({
  key: "arm-ras",
  guid: ARM_RAS_GUID,
  name: "Arm RAS Node",
  libcperKey: "ArmRas",
  libcperTypeName: "ARM RAS",
  message: "ARM RAS error occured",
  layout: ArmRasNode,
  spec: "Arm DEN0085",
  body: NODE_BODY,
  jsonOrder: ["Revision", "ComponentType", "ErrorSyndromeArrayNumEntries", "IPInstanceFormat", "IPInstance", "IPTypeFormat", "IPType", "UserData"],
  lenient: true,
  unlocated: true,
  writeMore: (v, _opts, out) => writeMore(v, out),
  fromLibMore: (v, j, p) => fromLibMore(v, j, p),
  renderLinux: (v) => hexDumpLinux(encodeArmRas(v)),
  renderText: armRasText,
  lint: armRasLint,
  ownLint: true,
  // Never lossless: the layout is rebuilt canonically from the JSON; the patch is computed directly.
  projection: { lossless: () => false, project: armRasProject, direct: armRasDirect },
});
