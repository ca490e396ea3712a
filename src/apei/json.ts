// JSON views of decoded tables: bigints and byte arrays become hex strings,
// GAS-valued fields are given both as the address (hex string) and as the
// full structure (<name>Gas), and every enumeration carries its name.

import type { Warning } from "../layout/index.js";
import { ADDRESS_SPACE_NAMES } from "./gas.js";
import { sourceKind } from "./hest-types.js";
import type { Hest, HestSource } from "./hest.js";
import { configWriteEnable, notifyTypeName } from "./notify.js";
import type { AcpiHeader } from "./table.js";
import type { SimpleTable, InstructionEntry } from "./tables.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function jsonValue(v: unknown): Json {
  if (typeof v === "bigint") return "0x" + v.toString(16);
  if (v instanceof Uint8Array) return hexBytes(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === "object") {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) o[k] = jsonValue(x);
    return o;
  }
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return null;
}

function gasJson(g: Record<string, unknown>): Json {
  const o = jsonValue(g) as { [k: string]: Json };
  o["spaceIdName"] = ADDRESS_SPACE_NAMES[g["spaceId"] as number] ?? "Reserved";
  return o;
}

export function headerJson(h: AcpiHeader, checksumValid: boolean): { [k: string]: Json } {
  return { ...(jsonValue(h) as { [k: string]: Json }), checksumValid };
}

export function findingsJson(f: readonly Warning[]): Json {
  return f.map((w) => ({ code: w.code, field: w.field, offset: w.offset, message: w.message }));
}

export function sourceJson(s: HestSource): { [k: string]: Json } {
  if (s.kind === "raw") return { type: s.type, offset: s.offset, raw: hexBytes(s.bytes), reason: s.reason };
  const o: { [k: string]: Json } = { typeName: sourceKind(s.type)!.name, offset: s.offset };
  for (const [k, v] of Object.entries(s.value)) {
    if (k === "errorStatusAddress" || k === "readAckRegister") {
      const g = v as Record<string, unknown>;
      o[k] = jsonValue(g["address"]);
      o[`${k}Gas`] = gasJson(g);
    } else if (k === "notify") {
      const n = v as Record<string, unknown> & { type: number; configWriteEnable: number };
      o[k] = { ...(jsonValue(n) as { [k: string]: Json }), typeName: notifyTypeName(n.type), configWriteEnableBits: configWriteEnable(n.configWriteEnable) };
    } else {
      o[k] = jsonValue(v);
    }
  }
  if (sourceKind(s.type)!.banks) o["banks"] = jsonValue(s.banks);
  return o;
}

export function hestJson(h: Hest): { [k: string]: Json } {
  return {
    ...headerJson(h.header, h.checksumValid),
    errorSourceCount: h.errorSourceCount,
    errorSources: h.errorSources.map(sourceJson),
    ...(h.trailing.length ? { trailing: hexBytes(h.trailing) } : {}),
    ...(h.after.length ? { after: hexBytes(h.after) } : {}),
    findings: findingsJson(h.findings),
  };
}

function entryJson(e: InstructionEntry, actions: Readonly<Record<number, string>>, instructions: Readonly<Record<number, string>>): Json {
  const o = jsonValue(e) as { [k: string]: Json };
  o["actionName"] = actions[e.action] ?? "Reserved";
  o["instructionName"] = instructions[e.instruction] ?? "Reserved";
  o["registerRegion"] = gasJson(e.registerRegion as unknown as Record<string, unknown>);
  return o;
}

export function simpleJson<B>(
  t: SimpleTable<B>,
  names?: { actions: Readonly<Record<number, string>>; instructions: Readonly<Record<number, string>> },
): { [k: string]: Json } {
  return {
    ...headerJson(t.header, t.checksumValid),
    ...(jsonValue(t.body) as { [k: string]: Json }),
    ...(names ? { entries: t.entries.map((e) => entryJson(e, names.actions, names.instructions)) } : {}),
    ...(t.trailing.length ? { trailing: hexBytes(t.trailing) } : {}),
    findings: findingsJson(t.findings),
  };
}
