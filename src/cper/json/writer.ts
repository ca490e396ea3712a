// One description of a JSON document, three outputs. A printer written against
// JsonOut says each member once (`out.num("node", f.Node)`); the same calls build
// the object tree toJson returns, or print straight into the text toJsonText
// gives (one line or indented) without building the tree first. The text is
// exactly stringifyJson(the tree), which the tests check on every corpus record
// and on generated trees.
//
// One class serves all three outputs, switching on its mode: a printer's call
// sites then see a single receiver shape whichever output runs, and V8 keeps
// inlining them (with one class per output, a process that built trees and
// printed text measured ~30% slower printing text).
//
// Keys passed to JsonOut are our own identifiers (libcper's key names, register
// names from our tables) and are printed without escaping. Values are escaped
// as stringifyJson escapes them.
import { jsonInt, jsonString, jsonStringBody, valueText } from "./reader.js";
import { HEX_UPPER_CODES, hi32, lo32, splitU64, u32At, u64Decimal } from "../../arch/bits.js";

/**
 * A JSON document being written in order. Inside an object every call names its
 * key; inside an array the key is left out. `begin`/`end` bracket an object,
 * `beginArray`/`endArray` an array.
 */
export interface JsonOut {
  begin(key?: string): void;
  end(): void;
  beginArray(key?: string): void;
  endArray(): void;
  /** A finite number (non-finite prints as null, as JSON.stringify does). */
  num(key: string | undefined, v: number): void;
  /** An integer of any width as libcper prints it: a number when exact, else bare digits. */
  int(key: string | undefined, v: number | bigint): void;
  /** An unsigned 64-bit integer given as its two uint32 words (no BigInt on the text path). */
  u64(key: string | undefined, lo: number, hi: number): void;
  str(key: string | undefined, v: string): void;
  /**
   * A string known to need no escaping: printable ASCII without '"' or '\\'
   * (GUIDs, hex digits, timestamps, names from our tables). Printed without the
   * escape scan; anything read from the input goes through `str`.
   */
  ascii(key: string | undefined, v: string): void;
  bool(key: string | undefined, v: boolean): void;
  /** Any JSON value (object trees from printers not written against JsonOut); undefined writes nothing. */
  value(key: string | undefined, v: unknown): void;
  /** The value `f` writes for `id` (see Fragments): one-line text is printed once per id and reused. */
  fragment<I extends number | string>(key: string | undefined, f: Fragments<I>, id: I): void;
  /** Whether this output is one-line text: a printer may then hand over a value it printed itself (`json`). */
  readonly oneLine: boolean;
  /**
   * A value given as its own one-line JSON text, exactly as stringifyJson prints it (one piece
   * instead of a call per member). Only where `oneLine` holds; the other outputs throw.
   */
  json(key: string | undefined, text: string): void;
}

/**
 * A small JSON value that depends only on a small number or a short string (an enum's
 * {value, name}, the defined bits of a flags word, a section type's GUID and name):
 * `write` describes it once; one-line text prints it once per id and then reuses the
 * text (at most `max` ids are kept). The tree and indented outputs run `write` every time.
 */
export class Fragments<I extends number | string = number> {
  /** Texts by id: small whole-number ids index an array (a lookup costs a few ns), others a Map. */
  private readonly byIndex: (string | undefined)[] = [];
  private readonly byKey = new Map<I, string>();
  private count = 0;
  constructor(
    readonly write: (out: JsonOut, key: string | undefined, id: I) => void,
    readonly max = 1024,
  ) {}

  /** The one-line text of `id`, if made. */
  text(id: I): string | undefined {
    return indexedId(id) ? this.byIndex[id as number] : this.byKey.get(id);
  }

  /** Keeps the text of `id` (while fewer than `max` are kept). */
  keep(id: I, t: string): void {
    if (this.count >= this.max) return;
    this.count++;
    if (indexedId(id)) this.byIndex[id as number] = t;
    else this.byKey.set(id, t);
  }

  /** Forgets every text (the names they print may have changed). */
  clear(): void {
    this.byIndex.length = 0;
    this.byKey.clear();
    this.count = 0;
  }
}
/** Ids below this index an array in Fragments (the enums, revisions and flag combinations). */
const INDEXED_IDS = 0x10000;
const indexedId = (id: number | string): boolean => typeof id === "number" && id >= 0 && id < INDEXED_IDS && (id | 0) === id;

type Container = Record<string, unknown> | unknown[];

/** 2^53 as a bigint (wider integers print through u64Decimal). */
const BIG_SAFE = 9007199254740992n;
const BIG_END = 1n << 64n;

/** Digits of an integer as stringifyJson prints jsonInt(v). */
function intText(v: number | bigint): string {
  if (typeof v === "number") return "" + v;
  // Below 2^53 through a number: its digits cost half a bigint's (17 against 30 ns).
  if (v < BIG_SAFE && v > -BIG_SAFE) return "" + Number(v);
  if (v < BIG_SAFE || v >= BIG_END) return "" + v;
  // 2^53 <= v < 2^64: two words through a scratch view are cheaper than BigInt's toString.
  splitU64(v);
  return u64Decimal(lo32(), hi32());
}

/**
 * '"key":' and ',"key":' (with their openers) as flat strings, made once per key: a member then
 * adds one short piece to the text instead of a concatenation tree (the final text is flattened
 * once, and its cost grows with the number of pieces). Keys are our own identifiers, so the table
 * stays small; it stops growing at KEY_TEXT_MAX keys. A null-prototype object, not a Map: a keyed
 * load with a constant key measured 10 ns against Map.get's 12.5 ns, one per member printed.
 */
const KEY_TEXTS: Record<string, readonly string[] | undefined> = Object.create(null) as Record<string, readonly string[] | undefined>;
let keyTexts = 0;
const KEY_TEXT_MAX = 4096;
/** What follows the colon in a key text: nothing, a string's opening quote, an object's or an array's bracket. */
const enum Opens {
  None = 0,
  Quote = 1,
  Object = 2,
  Array = 3,
}
const OPENS = ["", '"', "{", "["] as const;
/** What precedes the key in a key text: nothing, a comma, or the previous string's closing quote and a comma. */
const enum Lead {
  None = 0,
  Comma = 1,
  QuoteComma = 2,
}
const LEADS = ['"', ',"', '","'] as const;
/**
 * '"key":' + opener, after `lead` (12 texts per key, made on first use): a member, a string's
 * opening quote, an object's or array's bracket and the previous string's closing quote are then
 * one piece.
 */
function keyText(key: string, lead: Lead, opens: Opens = Opens.None): string {
  let t = KEY_TEXTS[key];
  if (t === undefined) {
    const made: string[] = [];
    for (const o of OPENS) {
      for (const c of LEADS) {
        const x = c + key + '":' + o;
        x.charCodeAt(0); // flattens the concatenation once
        made.push(x);
      }
    }
    t = made;
    if (keyTexts < KEY_TEXT_MAX) {
      keyTexts++;
      KEY_TEXTS[key] = t;
    }
  }
  return t[3 * opens + lead]!;
}

const enum Mode {
  Tree,
  Flat,
  Pretty,
}

/** The one JsonOut: builds the tree (Mode.Tree) or prints (Flat: one line; Pretty: stringifyJson's indented layout). */
class Writer implements JsonOut {
  // Tree mode
  result: unknown = undefined;
  private cur: Container | undefined = undefined;
  private readonly stack: (Container | undefined)[] = [];
  // Text modes
  private s = "";
  /** Whether the current container already has a member (the next one needs a comma). */
  private more = false;
  /**
   * One-line text: the last string value's closing quote is still owed. It is printed with what
   * follows (the next key text, a comma, a bracket): one piece fewer per string, and every piece
   * costs its concatenation and its share of the final flattening (~12 ns).
   */
  private quote = false;
  private readonly gap: string;
  /** "\n" + gap × depth, per depth (built on demand). */
  private readonly lines: string[] = ["\n"];
  private depth = 0;

  constructor(
    private readonly mode: Mode,
    indent = 0,
  ) {
    this.gap = mode === Mode.Pretty ? " ".repeat(Math.max(1, Math.min(indent, 10))) : "";
  }

  get text(): string {
    return this.quote ? this.s + '"' : this.s;
  }

  get oneLine(): boolean {
    return this.mode === Mode.Flat;
  }

  private put(key: string | undefined, v: unknown): void {
    const c = this.cur;
    if (c === undefined) this.result = v;
    else if (Array.isArray(c)) c.push(v);
    else c[key!] = v;
  }
  private open(key: string | undefined, c: Container): void {
    this.put(key, c);
    this.stack.push(this.cur);
    this.cur = c;
  }

  private line(depth: number): string {
    let l = this.lines[depth];
    if (l === undefined) {
      l = this.line(depth - 1) + this.gap;
      this.lines[depth] = l;
    }
    return l;
  }

  /** In one-line text: comma, key and `opens` as one piece (undefined in the other modes). */
  private preOpen(key: string | undefined, opens: Opens): string | undefined {
    if (this.mode !== Mode.Flat || key === undefined) return undefined;
    const c = this.more;
    this.more = true;
    if (this.quote) {
      this.quote = false;
      return keyText(key, Lead.QuoteComma, opens);
    }
    return keyText(key, c ? Lead.Comma : Lead.None, opens);
  }

  /** Comma, (newline and indent,) key before a value; marks the container non-empty. */
  private pre(key: string | undefined): string {
    const c = this.more;
    this.more = true;
    if (this.mode === Mode.Flat) {
      if (this.quote) {
        this.quote = false;
        return key === undefined ? '",' : keyText(key, Lead.QuoteComma);
      }
      if (key === undefined) return c ? "," : "";
      return keyText(key, c ? Lead.Comma : Lead.None);
    }
    const head = this.depth > 0 ? (c ? "," : "") + this.line(this.depth) : c ? "," : "";
    return key === undefined ? head : head + '"' + key + '": ';
  }
  private close(bracket: string): void {
    if (this.mode === Mode.Tree) {
      this.cur = this.stack.pop();
      return;
    }
    if (this.mode === Mode.Pretty) {
      this.depth--;
      if (this.more) bracket = this.line(this.depth) + bracket;
    } else if (this.quote) {
      this.quote = false;
      bracket = bracket === "}" ? '"}' : '"]';
    }
    this.s += bracket;
    this.more = true;
  }

  begin(key?: string): void {
    if (this.mode === Mode.Tree) return this.open(key, {});
    this.s += this.preOpen(key, Opens.Object) ?? this.pre(key) + "{";
    this.more = false;
    this.depth++;
  }
  end(): void {
    this.close("}");
  }
  beginArray(key?: string): void {
    if (this.mode === Mode.Tree) return this.open(key, []);
    this.s += this.preOpen(key, Opens.Array) ?? this.pre(key) + "[";
    this.more = false;
    this.depth++;
  }
  endArray(): void {
    this.close("]");
  }
  num(key: string | undefined, v: number): void {
    if (this.mode === Mode.Tree) this.put(key, v);
    else this.s += this.pre(key) + (Number.isFinite(v) ? "" + v : "null");
  }
  int(key: string | undefined, v: number | bigint): void {
    if (this.mode === Mode.Tree) this.put(key, jsonInt(v));
    else this.s += this.pre(key) + intText(v);
  }
  u64(key: string | undefined, lo: number, hi: number): void {
    if (this.mode !== Mode.Tree) this.s += this.pre(key) + u64Decimal(lo, hi);
    else this.put(key, hi < 0x20_0000 ? hi * 0x1_0000_0000 + lo : (BigInt(hi) << 32n) | BigInt(lo));
  }
  str(key: string | undefined, v: string): void {
    if (this.mode === Mode.Tree) this.put(key, v);
    else if (this.mode === Mode.Pretty) this.s += this.pre(key) + jsonString(v);
    else {
      // The opening quote with the key, the closing one owed (`quote`).
      const k = this.preOpen(key, Opens.Quote);
      this.s += (k !== undefined ? k : this.pre(key) + '"') + jsonStringBody(v);
      this.quote = true;
    }
  }
  ascii(key: string | undefined, v: string): void {
    if (this.mode === Mode.Tree) this.put(key, v);
    else if (this.mode === Mode.Pretty) this.s += this.pre(key) + '"' + v + '"';
    else {
      const k = this.preOpen(key, Opens.Quote);
      this.s += k !== undefined ? k + v : this.pre(key) + '"' + v;
      this.quote = true;
    }
  }
  bool(key: string | undefined, v: boolean): void {
    if (this.mode === Mode.Tree) this.put(key, v);
    else this.s += this.pre(key) + (v ? "true" : "false");
  }
  fragment<I extends number | string>(key: string | undefined, f: Fragments<I>, id: I): void {
    if (this.mode !== Mode.Flat) return f.write(this, key, id);
    let t = f.text(id);
    if (t === undefined) {
      const w = new Writer(Mode.Flat);
      f.write(w, undefined, id);
      t = w.text;
      f.keep(id, t);
    }
    this.s += this.pre(key) + t;
  }
  json(key: string | undefined, text: string): void {
    if (this.mode !== Mode.Flat) throw new Error("JsonOut.json: only one-line text takes a printed value");
    this.s += this.pre(key) + text;
  }
  value(key: string | undefined, v: unknown): void {
    if (this.mode === Mode.Tree) {
      if (v !== undefined) this.put(key, v);
      return;
    }
    const t = valueText(v, this.gap, this.mode === Mode.Flat ? "" : this.line(this.depth));
    if (t !== undefined) this.s += this.pre(key) + t;
  }
}

/** The object whose members `write` writes (it opens nothing itself). */
export function membersOf<R = Record<string, unknown>>(write: (out: JsonOut) => void): R {
  const o = new Writer(Mode.Tree);
  o.begin();
  write(o);
  return o.result as R;
}

/** The object tree `write` describes. */
export function objectOf<R = Record<string, unknown>>(write: (out: JsonOut) => void): R {
  const o = new Writer(Mode.Tree);
  write(o);
  return o.result as R;
}

/** The text `write` describes (`indent` 0: one line). */
export function textOf(write: (out: JsonOut) => void, indent = 0): string {
  const o = new Writer(indent > 0 ? Mode.Pretty : Mode.Flat, indent);
  write(o);
  return o.text;
}

// ---- shapes libcper repeats ----------------------------------------------------

/** {value, name} (enumJson's shape): `names[value]`, else `unknown`; printed once per value. */
export function writeEnum(out: JsonOut, key: string | undefined, value: number, names: Readonly<Record<number, string>>, nameKey = "name", unknown = "Unknown"): void {
  // Looked up by the two strings in turn (our constants: their hashes are cached), never by a
  // string built per call (hashing a fresh concatenation cost more than printing the member).
  let byKey = ENUM_FRAGMENTS.get(names);
  if (byKey === undefined) ENUM_FRAGMENTS.set(names, (byKey = new Map()));
  let byUnknown = byKey.get(nameKey);
  if (byUnknown === undefined) byKey.set(nameKey, (byUnknown = new Map()));
  let f = byUnknown.get(unknown);
  if (f === undefined) {
    f = new Fragments((o, k, v) => {
      o.begin(k);
      o.num("value", v);
      o.ascii(nameKey, names[v] ?? unknown);
      o.end();
    });
    byUnknown.set(unknown, f);
  }
  out.fragment(key, f, value);
}
const ENUM_FRAGMENTS = new WeakMap<object, Map<string, Map<string, Fragments>>>();

/** libcper's flag object {name: bool, …} for flags below bit 32; printed once per combination of the named bits. */
export function writeFlags32(out: JsonOut, key: string | undefined, value: number, bits: readonly (readonly [name: string, bit: number])[]): void {
  let f = FLAG_FRAGMENTS.get(bits);
  if (f === undefined) {
    let mask = 0;
    for (const b of bits) mask = (mask | (1 << b[1])) >>> 0;
    f = { mask, frags: new Fragments((o, k, v) => {
      o.begin(k);
      writeBits32(o, v, bits);
      o.end();
    }) };
    FLAG_FRAGMENTS.set(bits, f);
  }
  out.fragment(key, f.frags, (value & f.mask) >>> 0);
}
const FLAG_FRAGMENTS = new WeakMap<object, { mask: number; frags: Fragments }>();

/** The members of writeFlags32's object, into the open object. */
export function writeBits32(out: JsonOut, value: number, bits: readonly (readonly [name: string, bit: number])[]): void {
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    out.bool(b[0], ((value >>> b[1]) & 1) === 1);
  }
}

// ---- hex text libcper prints ---------------------------------------------------

/** Two uppercase hex digits per byte value. */
export const HEX_UPPER: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));


// The texts below are made by one String.fromCharCode call each: one flat string, where a chain of
// two-digit pieces made a small tree of joined pieces that printing then flattens again (measured:
// 0x%016llX at 60-70 ns against 140 ns a value, joining and flattening included).

/** "0x" + 8 uppercase hex digits of a uint32. */
export function hexUpper32(w: number): string {
  const C = HEX_UPPER_CODES;
  return String.fromCharCode(48, 120, C[w >>> 28]!, C[(w >>> 24) & 15]!, C[(w >>> 20) & 15]!, C[(w >>> 16) & 15]!, C[(w >>> 12) & 15]!, C[(w >>> 8) & 15]!, C[(w >>> 4) & 15]!, C[w & 15]!);
}

/** "0x" + 16 uppercase hex digits of the uint64 hi:lo (two uint32 words). */
export function hexUpperWords(lo: number, hi: number): string {
  const C = HEX_UPPER_CODES;
  return String.fromCharCode(
    48, 120,
    C[hi >>> 28]!, C[(hi >>> 24) & 15]!, C[(hi >>> 20) & 15]!, C[(hi >>> 16) & 15]!, C[(hi >>> 12) & 15]!, C[(hi >>> 8) & 15]!, C[(hi >>> 4) & 15]!, C[hi & 15]!,
    C[lo >>> 28]!, C[(lo >>> 24) & 15]!, C[(lo >>> 20) & 15]!, C[(lo >>> 16) & 15]!, C[(lo >>> 12) & 15]!, C[(lo >>> 8) & 15]!, C[(lo >>> 4) & 15]!, C[lo & 15]!,
  );
}

/** "0x" + 16 uppercase hex digits of a uint64 (libcper's "0x%016llX"), without BigInt's toString. */
export function hexUpper64Fast(v: bigint): string {
  splitU64(v);
  return hexUpperWords(lo32(), hi32());
}

/** "0x" + 16 uppercase hex digits of the little-endian uint64 at b[at] (read from the bytes: no BigInt). */
export function hexUpper64At(b: Uint8Array, at: number): string {
  return hexUpperWords(u32At(b, at), u32At(b, at + 4));
}

/**
 * "0x" + uppercase hex digits, zero-padded to `digits` (libcper's "0x%0<n>X"); the common widths
 * through the lookup table (no toString/toUpperCase/padStart per value).
 */
export function hexUpperWidth(v: number | bigint, digits: number): string {
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= 0) {
      if (digits === 2 && v <= 0xff) return "0x" + HEX_UPPER[v]!;
      if (digits === 4 && v <= 0xffff) {
        const C = HEX_UPPER_CODES;
        return String.fromCharCode(48, 120, C[v >>> 12]!, C[(v >>> 8) & 15]!, C[(v >>> 4) & 15]!, C[v & 15]!);
      }
      if (digits === 8 && v <= 0xffff_ffff) return hexUpper32(v);
    }
  } else if (digits === 16 && v >= 0n && v <= 0xffff_ffff_ffff_ffffn) return hexUpper64Fast(v);
  return `0x${v.toString(16).toUpperCase().padStart(digits, "0")}`;
}
