// Section bodies around a declared structure (contract.ts): flat (the structure, then kept
// trailing bytes; a short body decodes as zeros past its end with a warning) and lengthed (a
// header whose Length field covers the header and a variable part: CCIX PER, CXL component
// events), each as the decode / encode / locate / lint helpers and the BodyKind declareSection
// takes. A section with a layout of its own (ARM, PCI component, CXL protocol) writes its own
// BodyKind against the same helpers.

import { copyOf, NO_BYTES } from "../../layout/copy.js";
import { EncodeError, ok, type Result, type Warning } from "../../layout/result.js";
import { readStruct, viewOf, writeStruct, type Decoded, type Fields, type Struct } from "../../layout/struct.js";
import type { Finding } from "../section-api.js";

// ---- flat bodies ----------------------------------------------------------

export interface Flat<F extends Fields> {
  readonly fields: Decoded<Struct<F>>;
  /** Bytes after the structure (kept verbatim). */
  readonly trailing: Uint8Array;
  /** Set when the body was shorter than the structure: the fields past it decoded as zeros. */
  readonly length?: number;
}

export function decodeFlat<F extends Fields>(s: Struct<F>, body: Uint8Array, minimum = s.size): Result<Flat<F>> {
  const warnings: Warning[] = [];
  if (body.length >= s.size) {
    return ok({ fields: readStruct(s, body, viewOf(body), 0), trailing: body.length === s.size ? NO_BYTES : copyOf(body, s.size) }, warnings);
  }
  const first = s.order.find((k) => s.fields[k]!.at + s.fields[k]!.type.size > body.length) ?? s.order[0]!;
  if (body.length < minimum) {
    warnings.push({
      code: "short-section",
      field: `${s.name}.${first}`,
      offset: s.fields[first]!.at,
      message: `${s.name} needs ${s.size} bytes, the body has ${body.length}; fields from ${first} on are absent (decoded as zero)`,
    });
  }
  const padded = new Uint8Array(s.size);
  padded.set(body);
  return ok({ fields: readStruct(s, padded, new DataView(padded.buffer), 0), trailing: NO_BYTES, length: body.length }, warnings);
}

export function encodeFlat<F extends Fields>(s: Struct<F>, v: Flat<F>): Uint8Array {
  const out = new Uint8Array(s.size + v.trailing.length);
  writeStruct(s, v.fields, out, 0);
  out.set(v.trailing, s.size);
  if (v.length !== undefined) {
    if (v.trailing.length > 0) throw new EncodeError(s.name, "a short body cannot have trailing bytes");
    return out.slice(0, v.length);
  }
  return out;
}

/** The spec name of the field covering a byte offset of a flat structure. */
export function locateFlat<F extends Fields>(s: Struct<F>, offset: number): string {
  if (offset >= s.size) return "TrailingData";
  let names = FIELD_AT.get(s);
  if (names === undefined) {
    // One name per byte of the structure, made once (patches name their field without a walk).
    names = Array.from({ length: s.size }, () => s.name);
    for (const k of [...s.order].reverse()) {
      const f = s.fields[k]!;
      for (let i = f.at; i < Math.min(s.size, f.at + f.type.size); i++) names[i] = k;
    }
    FIELD_AT.set(s, names);
  }
  return names[offset] ?? s.name;
}
const FIELD_AT = new WeakMap<object, string[]>();

/** Lint findings common to flat sections: short body, reserved bytes, validation bits beyond the structure. */
export function lintFlat<F extends Fields>(
  s: Struct<F>,
  v: Flat<F>,
  spec: string,
  opts: { validMask?: bigint; minimum?: number } = {},
): Finding[] {
  const out: Finding[] = [];
  if (v.length !== undefined && v.length < (opts.minimum ?? s.size)) {
    out.push({ severity: "error", offset: v.length, field: s.name, message: `section body is ${v.length} bytes, ${s.name} is ${s.size}`, spec });
  }
  for (const k of s.order) {
    const f = s.fields[k]!;
    if (f.type.kind !== "reserved") continue;
    const b = (v.fields as Record<string, unknown>)[k] as Uint8Array;
    if (b.some((x) => x !== 0)) out.push({ severity: "warning", offset: f.at, field: k, message: `reserved field ${k} is not zero`, spec });
  }
  if (opts.validMask !== undefined && s.validationField !== undefined) {
    const raw = (v.fields as Record<string, unknown>)[s.validationField];
    const vb = typeof raw === "bigint" ? raw : BigInt(raw as number);
    const extra = vb & ~opts.validMask;
    if (extra !== 0n) {
      out.push({
        severity: "error",
        offset: s.fields[s.validationField]!.at,
        field: s.validationField,
        message: `validation bits 0x${extra.toString(16)} name fields beyond the structure (reserved)`,
        spec,
      });
    }
  }
  return out;
}

// ---- header + self-described length (CCIX PER, CXL component events) -------

export interface Lengthed<F extends Fields> {
  readonly fields: Decoded<Struct<F>>;
  /** The variable part the header's Length covers (bounded by the body). */
  readonly data: Uint8Array;
  /** Bytes past Length (kept verbatim). */
  readonly trailing: Uint8Array;
  /** Set when the body was shorter than the header. */
  readonly length?: number;
}

/**
 * Decodes a header whose `lengthField` counts the whole section (header
 * included). A Length beyond the body is a warning and decodes what fits; a
 * body longer than Length keeps the extra bytes as trailing data.
 */
export function decodeLengthed<F extends Fields>(s: Struct<F>, lengthField: keyof F & string, body: Uint8Array): Result<Lengthed<F>> {
  const head = decodeFlat(s, body);
  if (!head.ok) return head;
  const warnings = head.warnings as Warning[]; // decodeFlat's own fresh array
  const fields = head.value.fields;
  if (head.value.length !== undefined) {
    return ok({ fields, data: NO_BYTES, trailing: NO_BYTES, length: head.value.length }, warnings);
  }
  const declared = (fields as Record<string, unknown>)[lengthField] as number;
  const at = s.fields[lengthField]!.at;
  let end = declared;
  if (declared < s.size) {
    warnings.push({ code: "bad-length", field: `${s.name}.${lengthField}`, offset: at, message: `${lengthField} ${declared} is smaller than the ${s.size}-byte header` });
    end = s.size;
  } else if (declared > body.length) {
    warnings.push({
      code: "bad-length",
      field: `${s.name}.${lengthField}`,
      offset: at,
      message: `${lengthField} ${declared} exceeds the section body (${body.length} bytes); decoding the ${body.length - s.size} bytes that are there`,
    });
    end = body.length;
  } else if (declared < body.length) {
    warnings.push({
      code: "trailing-bytes",
      field: `${s.name}.${lengthField}`,
      offset: declared,
      message: `${body.length - declared} byte(s) after the ${declared} bytes ${lengthField} covers (kept)`,
    });
  }
  return ok({ fields, data: copyOf(body, s.size, end), trailing: end === body.length ? NO_BYTES : copyOf(body, end) }, warnings);
}

export function encodeLengthed<F extends Fields>(s: Struct<F>, v: Lengthed<F>): Uint8Array {
  const head = encodeFlat(s, { fields: v.fields, trailing: NO_BYTES, ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  const out = new Uint8Array(s.size + v.data.length + v.trailing.length);
  out.set(head);
  out.set(v.data, s.size);
  out.set(v.trailing, s.size + v.data.length);
  return out;
}

// ---- body kinds ------------------------------------------------------------

/** A section value: the declared structure's fields, the bytes kept after it, the length of a short body (a body kind of its own, e.g. ARM's, may keep its parts otherwise). */
export type Body<F extends Fields> = { readonly fields: Decoded<Struct<F>>; readonly trailing?: Uint8Array; readonly length?: number };

/**
 * How a body is laid out around the declared structure: `flatBody` (the structure, then kept
 * trailing bytes) or `lengthedBody(field, keepData)` (a header whose Length field covers the
 * header and a variable part, CCIX PER and CXL component events).
 */
export interface BodyKind<F extends Fields, V extends Body<F>> {
  decode(s: Struct<F>, body: Uint8Array, minimum: number): Result<V>;
  encode(s: Struct<F>, v: V): Uint8Array;
  /** The value libcper's declared members alone rebuild, from the structure's projected fields. */
  project(v: V, head: Flat<F>): V;
  /** Whether everything outside the structure is carried by the JSON (for the lossless shortcut). */
  keepsRest(v: V): boolean;
  /** A value from the fields fromLib read (the composite part empty: fromLibMore fills it). */
  fromFields(fields: Decoded<Struct<F>>): V;
  /** The bytes after the structure, in order (for the byte-level projection; absent: the value path). */
  after?(v: V): readonly Uint8Array[];
  /** What libcper's JSON keeps of the bytes after the structure (`after`: what after(v) gave, to reuse). */
  keptAfter?(v: V, after: readonly Uint8Array[]): Uint8Array;
  /** Structure fields the body's projection sets itself (after the declaration's rules), e.g. counts the JSON rebuilds. */
  baseFields?(v: V): Readonly<Record<string, unknown>>;
}


export function flatBody<F extends Fields>(): BodyKind<F, Flat<F>> {
  return {
    decode: (s, body, minimum) => decodeFlat(s, body, minimum),
    encode: (s, v) => encodeFlat(s, v),
    project: (_v, head) => head,
    keepsRest: () => true,
    fromFields: (fields) => ({ fields, trailing: NO_BYTES }),
    after: (v) => [v.trailing],
    keptAfter: () => NO_BYTES,
  };
}

/** Header `_s` + the part its `lengthField` covers; `keepData(v)`: whether libcper's JSON prints that part. */
export function lengthedBody<F extends Fields>(_s: Struct<F>, lengthField: keyof F & string, keepData: (v: Lengthed<F>) => boolean): BodyKind<F, Lengthed<F>> {
  return {
    decode: (s, body) => decodeLengthed(s, lengthField, body),
    encode: (s, v) => encodeLengthed(s, v),
    project: (v, head) => ({ fields: head.fields, data: keepData(v) ? v.data : NO_BYTES, trailing: NO_BYTES }),
    keepsRest: (v) => keepData(v) || v.data.length === 0,
    fromFields: (fields) => ({ fields, data: NO_BYTES, trailing: NO_BYTES }),
    after: (v) => [v.data, v.trailing],
    keptAfter: (v) => (keepData(v) ? v.data : NO_BYTES),
  };
}
