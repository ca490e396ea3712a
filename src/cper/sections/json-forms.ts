// The JSON forms a declared field takes in libcper's JSON (contract.ts): each
// form writes the member through the one writer (json/writer.ts), reads it back
// naming the JSON path, says which bits of the field the JSON carries (the rest
// rides in the "_armras" patch) and how the field reads in plain text.
//
// A form is bound to its field declaration (FieldSpec): the integer width and
// the enum names (`values`) come from there, so each is stated once.

import type { FieldJson, FieldSpec } from "../../layout/struct.js";
import type { FieldType } from "../../layout/types.js";
import { JsonReader, toBase64, fitBytes, getB64, getGuid, getNum, getObj, getPairValue, getUint, JsonPathError, type JsonObj } from "../json/reader.js";
import { hexUpperWidth, writeEnum, type JsonOut } from "../json/writer.js";
import type { LinuxLine } from "./linux-forms.js";

/** A form bound to one field. X is the decoded value's type (number, bigint, string). */
export interface BoundForm<X = any> {
  /** Writes the member `key` (libcper's shape); w: the section's validation word, low 32 bits. */
  write(out: JsonOut, key: string, x: X, w: number): void;
  /** Reads the member back; throws JsonPathError naming `path.key`. */
  read(j: JsonObj, key: string, path: string): X;
  /** The part of x the member carries (the projection libcper's JSON rebuilds); whole when absent. w: the validation word, low 32 bits. */
  keep?(x: X, w: number): X;
  /** Whether keep(x, w) is x (a cheaper test than building keep(x, w), for the lossless shortcut). */
  keeps?(x: X, w: number): boolean;
  /** The field in plain text (renderText). */
  text(x: X): string;
  /** A lint finding about a valid field's value, if any. */
  lint?(x: X): { severity: "error" | "warning"; message: string; spec: string } | undefined;
}

export type JsonForm = (f: FieldSpec<any>) => BoundForm;

/** The member of a declared field: libcper's key, its form, and optionally its plain-text label. */
export interface LibField extends FieldJson {
  readonly form: JsonForm;
  /** Other fields the same member carries (one sub-object for several fields under one validation bit): see group(). */
  readonly group?: readonly string[];
  /** Label in renderText's default lines ("  <label>: <text>"); the field is not listed without one. */
  readonly label?: string;
  /** The lines Linux prints for the field when it is valid (linux-forms.ts); contract.ts derives renderLinux from them. */
  readonly linux?: LinuxLine;
}

/** `json:` of a field declaration: libcper's key, the form (default: integer), the text label, Linux's lines. */
export function lib(key: string, form: JsonForm = asInt(), label?: string, linux?: LinuxLine): LibField {
  return { key, form, ...(label !== undefined ? { label } : {}), ...(linux !== undefined ? { linux } : {}) };
}

const bitsOf = (t: FieldType<unknown>): number => (t.kind === "u64" ? 64 : t.size * 8);
/** The writer of u64 members (a number when exact, else digits). */
const writeInt = (out: JsonOut, key: string, x: number | bigint): void => out.int(key, x);
/** The writer of u8/u16/u32 members (always a number: no width test). */
const writeNum = (out: JsonOut, key: string, x: number): void => out.num(key, x);

/** An integer (libcper's uint64 as a number when exact): u8/u16/u32 → number, u64 → bigint. */
export function asInt(text: (x: number | bigint) => string = (x) => `0x${x.toString(16)}`): JsonForm {
  return (f) => {
    const bits = bitsOf(f.type);
    const wide = f.type.kind === "u64";
    return {
      write: wide ? writeInt : writeNum,
      read: wide ? (j, key, p) => getUint(j, key, p, 64) : (j, key, p) => getNum(j, key, p, bits),
      text,
    };
  };
}

/** An integer, plus its "0x%016llX" text under `hexKey` (libcper's *Hex companions); `int`: the integer's form (default asInt()). */
export function asIntWithHex(hexKey: string, int: JsonForm = asInt()): JsonForm {
  return (f) => {
    const base = int(f);
    return { ...base, write: (out, key, x: bigint) => (out.int(key, x), out.ascii(hexKey, hexUpperWidth(x, 16))) };
  };
}

/** libcper's integer_to_readable_pair {value, name} from the field's `values`; `unknown` when not listed. */
export function asEnum(unknown = "Unknown (Reserved)"): JsonForm {
  return (f) => {
    const names = f.values ?? {};
    const bits = bitsOf(f.type);
    return {
      write: (out, key, x: number) => writeEnum(out, key, x, names, "name", unknown),
      read: (j, key, p) => getPairValue(j, key, p, bits),
      text: (x: number) => `${x} (${names[x] ?? "reserved"})`,
    };
  };
}

/** libcper's integer_to_readable_pair_with_desc {value, name, description?}: [name, description] per value. */
export function asEnumDesc(names: Readonly<Record<number, readonly [string, string]>>, unknown = "Unknown (Reserved)"): JsonForm {
  return (f) => {
    const bits = bitsOf(f.type);
    return {
      write: (out, key, x: number) => {
        const e = names[x];
        out.begin(key);
        out.num("value", x);
        out.str("name", e === undefined ? unknown : e[0]);
        if (e !== undefined) out.str("description", e[1]);
        out.end();
      },
      read: (j, key, p) => getPairValue(j, key, p, bits),
      text: (x: number) => `${x} (${names[x]?.[1] ?? "reserved"})`,
    };
  };
}

/** A GUID as its lowercase text. */
export function asGuid(): JsonForm {
  return () => ({ write: (out, key, x: string) => out.ascii(key, x), read: (j, key, p) => getGuid(j, key, p), text: (x: string) => x });
}

/** A sub-object of bit fields of an integer field: [key, lsb, width] each, in libcper's order. */
export function asBits(parts: readonly (readonly [key: string, lsb: number, width: number])[], text: (x: number) => string): JsonForm {
  return () => ({
    write: (out, key, x: number) => {
      out.begin(key);
      for (const [k, lsb, w] of parts) out.num(k, Math.floor(x / 2 ** lsb) % 2 ** w);
      out.end();
    },
    read: (j, key, p) => {
      const o = getObj(j, key, p);
      let x = 0;
      for (const [k, lsb, w] of parts) x += getNum(o, k, `${p}.${key}`, w) * 2 ** lsb;
      return x;
    },
    text,
  });
}

/** The bits under `mask` of a 64-bit field, as one of the names in `choices` (e.g. PCI/PCI-X). */
export function asChoice(mask: bigint, choices: readonly (readonly [value: bigint, name: string])[]): JsonForm {
  const expected = `expected ${choices.map(([, n]) => JSON.stringify(n)).join(" or ")}`;
  const nameOf = (x: bigint): string => choices.find(([v]) => v === (x & mask))?.[1] ?? choices[0]![1];
  return () => ({
    write: (out, key, x: bigint) => out.str(key, nameOf(x)),
    read: (j, key, p) => {
      const c = choices.find(([, n]) => n === j[key]);
      if (c === undefined) throw new JsonPathError(`${p}.${key}`, expected);
      return c[0];
    },
    keep: (x: bigint) => x & mask,
    text: (x: bigint) => `0x${x.toString(16)} (${nameOf(x)})`,
  });
}

/**
 * One member carrying several fields (e.g. libcper's deviceID object): declared on the first
 * field with the others listed; `write` sees every field, `read` returns every listed field,
 * `keep` what the member carries of them.
 */
export interface GroupForm {
  /** w: the section's validation word, low 32 bits. */
  write(out: JsonOut, key: string, f: Readonly<Record<string, any>>, w: number): void;
  read(j: JsonObj, key: string, path: string): Record<string, unknown>;
  keep?(f: Readonly<Record<string, any>>, w: number): Record<string, unknown>;
  /** Whether keep(f, w) gives the fields back unchanged (cheaper than building it). */
  keeps?(f: Readonly<Record<string, any>>, w: number): boolean;
  text(f: Readonly<Record<string, any>>): string;
}

/** `json:` of the first field of a group: the member `key` carries it and `others`. */
export function group(key: string, others: readonly string[], form: GroupForm, label?: string): LibField {
  const bound: BoundForm = {
    write: (out, k, f, w) => form.write(out, k, f, w),
    read: (j, k, p) => form.read(j, k, p),
    ...(form.keep ? { keep: (f: Readonly<Record<string, any>>, w: number) => form.keep!(f, w) } : {}),
    ...(form.keeps ? { keeps: (f: Readonly<Record<string, any>>, w: number) => form.keeps!(f, w) } : {}),
    text: (f) => form.text(f),
  };
  return { key, form: () => bound, group: others, ...(label !== undefined ? { label } : {}) };
}

/**
 * An integer read with JsonReader's rules (a number or bigint; u64 also a decimal or 0x string),
 * absent → 0: the reading of the sections whose JSON in predates the contract.
 */
export function asReaderInt(): JsonForm {
  return (f) => {
    const wide = f.type.kind === "u64";
    const bits = bitsOf(f.type);
    return {
      write: wide ? writeInt : writeNum,
      read: wide ? (j, key, p) => JsonReader.of(j, p).optU64(key) : (j, key, p) => JsonReader.of(j, p).optUint(key, bits),
      text: (x: number | bigint) => `0x${x.toString(16)}`,
    };
  };
}

/** A form of one named shape written by hand (e.g. the Error Status object, error-status.ts). */
export function asForm<X>(form: BoundForm<X>): JsonForm {
  return () => form;
}

/** Bytes as base64 text (libcper's base64 members); JSON in pads a shorter value with zeros. */
export function asBase64(): JsonForm {
  return (f) => {
    const n = f.type.size;
    return {
      write: (out, key, x: Uint8Array) => out.ascii(key, toBase64(x)),
      read: (j, key, p) => fitBytes(getB64(j, key, p), n, `${p}.${key}`),
      text: (x: Uint8Array) => Buffer.from(x).toString("hex"),
    };
  };
}
