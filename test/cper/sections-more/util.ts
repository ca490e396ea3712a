// Test utilities for the non-core section codecs: a lossless JSON reader for
// libcper's oracles (integers beyond 2^53 become bigint), and a CPER record
// splitter (UEFI 2.10 N.2.1/N.2.2: 128-byte header, 72-byte descriptors with
// SectionOffset @0, SectionLength @4, SectionType GUID @16).
import { readFileSync } from "node:fs";
import { guidFromBytes } from "../../../src/layout/guid.js";
import { sharedPath } from "../../helpers.js";

export function parseJsonBig(text: string): unknown {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") return i++, o;
      for (;;) {
        ws();
        const k = value() as string;
        ws();
        i++; // :
        o[k] = value();
        ws();
        if (text[i++] === "}") return o;
      }
    }
    if (c === "[") {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === "]") return i++, a;
      for (;;) {
        a.push(value());
        ws();
        if (text[i++] === "]") return a;
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i))!;
      i += m[0].length;
      return JSON.parse(m[0]);
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i))!;
    i += m[0].length;
    if (/^-?\d+$/.test(m[0])) {
      const b = BigInt(m[0]);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    return JSON.parse(m[0]);
  };
  return value();
}

export interface RecordSection {
  guid: string;
  offset: number;
  body: Uint8Array;
}

export function sectionsOfRecord(rec: Uint8Array): RecordSection[] {
  const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const count = dv.getUint16(10, true);
  const out: RecordSection[] = [];
  for (let s = 0; s < count; s++) {
    const d = 128 + 72 * s;
    const offset = dv.getUint32(d, true);
    const length = dv.getUint32(d + 4, true);
    out.push({ guid: guidFromBytes(rec, d + 16), offset, body: rec.slice(offset, offset + length) });
  }
  return out;
}

export function sharedRecord(name: string): { bytes: Uint8Array; json: { sections: Record<string, unknown>[] } } {
  const bytes = new Uint8Array(readFileSync(sharedPath("corpus", "cper", "record", `${name}.bin`)));
  const jsonName = name.startsWith("libcper_") ? `${name}.libcper.json` : `${name}.libcper-derived.json`;
  const json = parseJsonBig(readFileSync(sharedPath("corpus", "cper", "record", jsonName), "utf8")) as { sections: Record<string, unknown>[] };
  return { bytes, json };
}

/** A deep copy without the "_armras" keys (what libcper's JSON has). */
export function withoutExtras(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutExtras);
  if (v instanceof Uint8Array || typeof v !== "object" || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (k !== "_armras") o[k] = withoutExtras(x);
  return o;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

/** JSON text of anything (bigint as digits, bytes as hex): for assertion messages and round trips. */
export function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? hex(x) : x));
}

/** Bytes from hex text with spaces (hand-built bodies). */
export function fromHex(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h.replace(/\s+/g, ""), "hex"));
}
