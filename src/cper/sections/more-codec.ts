// Shared machinery of the non-core section codecs:
//  - flat sections: one struct() plus trailing bytes, tolerant of short bodies;
//  - the libcper-JSON codec wrapper: toJson = libcper's object, plus an
//    "_armras" object holding exactly the bytes libcper's JSON cannot express
//    (fields whose validation bit is clear, reserved bits, trailing bytes), so
//    fromJson(toJson(v)) gives back the identical bytes.

import { decodeError, EncodeError, fail, ok, type Result, type Warning } from "../../layout/result.js";
import { readStruct, writeStruct, type Decoded, type Fields, type Struct } from "../../layout/struct.js";
import type { Finding, SectionCodec, SectionDecodeOptions, SectionJsonHint } from "../section-api.js";
import { JsonPathError, obj, type JsonObj } from "./more-json.js";
import { applyExtra, extraOf, patchOf, withExtra } from "../armras-patch.js";
import type { JsonOut } from "../json-out.js";

// ---- flat sections -------------------------------------------------------

export interface Flat<F extends Fields> {
  readonly fields: Decoded<Struct<F>>;
  /** Bytes after the structure (kept verbatim). */
  readonly trailing: Uint8Array;
  /** Set when the body was shorter than the structure: the fields past it decoded as zeros. */
  readonly length?: number;
}

/** The empty trailing part most bodies have (shared: a zero-length array cannot be written). */
const NO_BYTES = new Uint8Array(0);

export function decodeFlat<F extends Fields>(s: Struct<F>, body: Uint8Array, minimum = s.size): Result<Flat<F>> {
  const warnings: Warning[] = [];
  if (body.length >= s.size) {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    return ok({ fields: readStruct(s, body, view, 0), trailing: body.length === s.size ? NO_BYTES : body.slice(s.size) }, warnings);
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
  return ok({ fields: readStruct(s, padded, new DataView(padded.buffer), 0), trailing: new Uint8Array(0), length: body.length }, warnings);
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

// ---- the libcper-JSON codec wrapper ---------------------------------------

/** A codec described by its libcper projection; the identity, decode/encode and printers are the SectionCodec's own members. */
export interface MoreCodecSpec<T>
  extends Pick<SectionCodec<T>, "key" | "guid" | "name" | "libcperKey" | "libcperTypeName" | "linuxName" | "messageOf" | "decode" | "encode" | "renderLinux" | "renderText" | "lint"> {
  /** libcper's "message" text for the section (value-dependent ones: messageOf). */
  readonly message: string;
  /** The object libcper prints (what libcper's JSON holds, nothing more). */
  toLib(value: T, opts: SectionDecodeOptions): JsonObj;
  /** libcper's members written into an open object (when given, toLib is objectOf it: one description). */
  writeLib?(value: T, opts: SectionDecodeOptions, out: JsonOut): void;
  /** libcper's object → value; fields libcper does not print come back as zeros. Throws JsonPathError. */
  fromLib(json: JsonObj, path: string, hint?: SectionJsonHint): T;
  /** Spec name of the field at a byte offset (labels the "_armras" patches). */
  locate?(value: T, offset: number): string;
}

export interface MoreCodec<T> extends SectionCodec<T> {
  readonly message: string;
  /** libcper's object alone (no "_armras"). */
  toLibcperJson(value: T, opts: SectionDecodeOptions): JsonObj;
  /** libcper's members alone, written into an open object (codecs described through JsonOut). */
  readonly writeLib?: (value: T, opts: SectionDecodeOptions, out: JsonOut) => void;
  /** With a fast path (fast-json.ts): toJson by the generic JSON round trip, for the tests that hold the two equal. */
  readonly genericToJson?: (value: T, opts: SectionDecodeOptions) => unknown;
}

// The "_armras" key, its patches and their application: ../armras-patch.ts.
export { EXTRA_KEY } from "../armras-patch.js";

function pathError<T>(e: unknown, fallbackPath: string): Result<T> {
  if (e instanceof JsonPathError) return fail(decodeError("invalid", e.path, 0, e.detail));
  if (e instanceof EncodeError) return fail(decodeError("invalid", `${fallbackPath}.${e.field}`, 0, e.message));
  return fail(decodeError("invalid", fallbackPath, 0, e instanceof Error ? e.message : String(e)));
}

export function moreCodec<T>(spec: MoreCodecSpec<T>): MoreCodec<T> {
  /** The generic "_armras" member: encode(v) diffed against the bytes libcper's object alone encodes to. */
  const extras = (value: T, lib: JsonObj): unknown => {
    const actual = spec.encode(value);
    let base: Uint8Array;
    try {
      base = spec.encode(spec.fromLib(lib, spec.libcperKey));
    } catch {
      base = new Uint8Array(0);
    }
    return patchOf(actual, base, spec.locate ? (o) => spec.locate!(value, o) : undefined);
  };

  const codec: MoreCodec<T> = {
    key: spec.key,
    guid: spec.guid,
    name: spec.name,
    libcperKey: spec.libcperKey,
    libcperTypeName: spec.libcperTypeName,
    ...(spec.linuxName !== undefined ? { linuxName: spec.linuxName } : {}),
    message: spec.message,
    ...(spec.messageOf ? { messageOf: spec.messageOf } : {}),
    decode: (body, opts) => {
      try {
        return spec.decode(body, opts);
      } catch (e) {
        // A codec bug must not crash a caller: report it as undecodable input.
        return fail(decodeError("invalid", spec.name, 0, `internal decoder error: ${e instanceof Error ? e.message : String(e)}`));
      }
    },
    encode: (v) => spec.encode(v),
    toLibcperJson: (v, opts) => spec.toLib(v, opts),
    ...(spec.writeLib ? { writeLib: spec.writeLib } : {}),
    toJson: (v, opts) => {
      const lib = spec.toLib(v, opts);
      const x = extras(v, lib);
      return x === undefined ? lib : withExtra({ ...lib }, x);
    },
    fromJson: (json, hint) => {
      const path = spec.libcperKey;
      try {
        const o = obj(json, path);
        const value = spec.fromLib(o, path, hint);
        const x = extraOf(o);
        if (x === undefined) return ok(value);
        const bytes = applyExtra(spec.encode(value), x, path);
        const r = spec.decode(bytes, { armType: "uefi" });
        return r;
      } catch (e) {
        return pathError(e, path);
      }
    },
    ...(spec.renderLinux ? { renderLinux: spec.renderLinux } : {}),
    ...(spec.renderText ? { renderText: spec.renderText } : {}),
    ...(spec.lint ? { lint: spec.lint } : {}),
  };
  return codec;
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
  const warnings = [...head.warnings];
  const fields = head.value.fields;
  if (head.value.length !== undefined) {
    return ok({ fields, data: new Uint8Array(0), trailing: new Uint8Array(0), length: head.value.length }, warnings);
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
  return ok({ fields, data: body.slice(s.size, end), trailing: body.slice(end) }, warnings);
}

export function encodeLengthed<F extends Fields>(s: Struct<F>, v: Lengthed<F>): Uint8Array {
  const head = encodeFlat(s, { fields: v.fields, trailing: new Uint8Array(0), ...(v.length !== undefined ? { length: v.length } : {}) });
  if (v.length !== undefined) return head;
  const out = new Uint8Array(s.size + v.data.length + v.trailing.length);
  out.set(head);
  out.set(v.data, s.size);
  out.set(v.trailing, s.size + v.data.length);
  return out;
}
