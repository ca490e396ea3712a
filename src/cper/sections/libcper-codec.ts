// The SectionCodec a declaration becomes (contract.ts): identity, a decode that never throws,
// libcper's JSON (toLibcperJson / writeLib) plus the "_armras" member holding exactly the bytes
// libcper's JSON cannot express, and JSON in that applies it back, so fromJson(toJson(v)) gives
// the identical bytes. The "_armras" object is found the cheapest way the declaration allows:
//  - `lossless(v)`: a cheap proof that nothing is dropped (no "_armras" at all);
//  - `direct(v)`: the patch computed field by field or as a byte diff in place;
//  - `project(v)`: the value libcper's JSON alone rebuilds, so the patch is a diff of
//    encode(v) against encode(project(v));
//  - otherwise the generic round trip: encode(fromLib(toLib(v))) diffed against encode(v)
//    (`genericToJson`, which the tests hold every faster path equal to).
// The patch format, its printing and its application live in ../json/patches.ts.

import { NO_BYTES } from "../../layout/copy.js";
import { decodeError, EncodeError, fail, ok, type Result } from "../../layout/result.js";
import type { SectionCodec, SectionDecodeOptions, SectionJsonHint } from "../section-api.js";
import { JsonPathError, obj, type JsonObj } from "../json/reader.js";
import { applyExtra, EXTRA_KEY, extraOf, patchOf, withExtra, writeExtra } from "../json/patches.js";
import type { JsonOut } from "../json/writer.js";

/** A codec described by its libcper projection; the identity, decode/encode and printers are the SectionCodec's own members. */
export interface LibcperCodecSpec<T>
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

export interface LibcperCodec<T> extends SectionCodec<T> {
  readonly message: string;
  /** libcper's object alone (no "_armras"). */
  toLibcperJson(value: T, opts: SectionDecodeOptions): JsonObj;
  /** libcper's members alone, written into an open object (codecs described through JsonOut). */
  readonly writeLib?: (value: T, opts: SectionDecodeOptions, out: JsonOut) => void;
  /** With a fast path (below): toJson by the generic JSON round trip, for the tests that hold the two equal. */
  readonly genericToJson?: (value: T, opts: SectionDecodeOptions) => unknown;
}

function pathError<T>(e: unknown, fallbackPath: string): Result<T> {
  if (e instanceof JsonPathError) return fail(decodeError("invalid", e.path, 0, e.detail));
  if (e instanceof EncodeError) return fail(decodeError("invalid", `${fallbackPath}.${e.field}`, 0, e.message));
  return fail(decodeError("invalid", fallbackPath, 0, e instanceof Error ? e.message : String(e)));
}

export function libcperCodec<T>(spec: LibcperCodecSpec<T>): LibcperCodec<T> {
  /** The generic "_armras" member: encode(v) diffed against the bytes libcper's object alone encodes to. */
  const extras = (value: T, lib: JsonObj): unknown => {
    const actual = spec.encode(value);
    let base: Uint8Array;
    try {
      base = spec.encode(spec.fromLib(lib, spec.libcperKey));
    } catch {
      base = NO_BYTES;
    }
    return patchOf(actual, base, spec.locate ? (o) => spec.locate!(value, o) : undefined);
  };

  const codec: LibcperCodec<T> = {
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


// ---- the fastest "_armras" path a codec gives ----------------------------

export interface FastJson<T> {
  lossless(v: T, opts: SectionDecodeOptions): boolean;
  /** undefined: use the generic path for this value. */
  project?(v: T, opts: SectionDecodeOptions): T | undefined;
  locate?(v: T, offset: number): string;
  /** The "_armras" object computed directly (undefined: nothing dropped; null: use `project`). */
  direct?(v: T, opts: SectionDecodeOptions): Record<string, unknown> | undefined | null;
}

export function withFastJson<T>(c: LibcperCodec<T>, fast: FastJson<T> | ((v: T, opts: SectionDecodeOptions) => boolean)): LibcperCodec<T> {
  const f: FastJson<T> = typeof fast === "function" ? { lossless: fast } : fast;
  /** The "_armras" object (undefined: libcper's keys carry every byte). */
  const extraOf = (v: T, opts: SectionDecodeOptions): unknown => {
    if (f.lossless(v, opts)) return undefined;
    if (f.direct) {
      const d = f.direct(v, opts);
      if (d !== null) return d;
    }
    const p = f.project?.(v, opts);
    if (p === undefined) return (c.toJson(v, opts) as Record<string, unknown>)[EXTRA_KEY];
    return patchOf(c.encode(v), c.encode(p), f.locate ? (o) => f.locate!(v, o) : undefined);
  };
  const writeLib = c.writeLib;
  return {
    ...c,
    genericToJson: c.toJson,
    toJson: (v, opts) => {
      const lib = c.toLibcperJson(v, opts);
      const x = extraOf(v, opts);
      return x === undefined ? lib : withExtra(lib, x);
    },
    ...(writeLib
      ? {
          writeJson: (v: T, opts: SectionDecodeOptions, out: JsonOut) => {
            writeLib(v, opts, out);
            const x = extraOf(v, opts);
            if (x !== undefined) writeExtra(out, x);
          },
        }
      : {}),
  };
}

/** The codec with a value-dependent libcper "message". */
export function withMessage<T>(c: LibcperCodec<T>, messageOf: (v: T, opts: SectionDecodeOptions) => string): LibcperCodec<T> {
  return { ...c, messageOf };
}

