// Hex, base64 and Latin-1 text of a byte view through Node's native printers, and Latin-1 text
// written into one by Node's writer, called on the view itself: no Buffer is made, and a small
// on-heap array's ArrayBuffer is never materialised (`Buffer.from(b.buffer, …).toString()` on a
// fresh 16–60-byte slice measured ~530 ns, the same printer called on the view ~150 ns). Node has
// these Buffer.prototype methods but does not document them, so each is taken only when present and
// right on a probe; otherwise (the page's Buffer shim, a future Node) hex and base64 go through
// Buffer.from and toString, and Latin-1 (both ways) is left to the caller's own path.

/** Prints view[start, end). */
export type Slicer = (this: Uint8Array, start: number, end: number) => string;

const PROBE = Uint8Array.of(0xfb, 0xff, 0x01);

/** Buffer.prototype[name] when it is a function printing PROBE as `want`. */
export function nativeSlicer(name: string, want: string): Slicer | undefined {
  const f = (Buffer.prototype as unknown as Record<string, unknown>)[name];
  if (typeof f !== "function") return undefined;
  try {
    return (f as Slicer).call(PROBE, 0, 3) === want ? (f as Slicer) : undefined;
  } catch {
    return undefined;
  }
}

/** The documented way: a Buffer over the view's bytes, then toString. */
export function bufferSlicer(enc: "hex" | "base64"): Slicer {
  return function (this: Uint8Array, s, e) {
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString(enc, s, e);
  };
}

export const HEX_SLICE: Slicer = nativeSlicer("hexSlice", "fbff01") ?? bufferSlicer("hex");
export const BASE64_SLICE: Slicer = nativeSlicer("base64Slice", "+/8B") ?? bufferSlicer("base64");
/** Writes `text` at view[offset, offset + length) one byte per character (its low byte); returns the bytes written. */
export type Latin1Writer = (this: Uint8Array, text: string, offset: number, length: number) => number;

/** Node's Latin-1 writer, called on a view, when present and right on a probe; else undefined (the caller's own loop). */
export const LATIN1_WRITE: Latin1Writer | undefined = (() => {
  const f = (Buffer.prototype as unknown as Record<string, unknown>).latin1Write;
  if (typeof f !== "function") return undefined;
  try {
    const b = new Uint8Array(4);
    return (f as Latin1Writer).call(b, "\u00fb\u00ff\u0001", 1, 3) === 3 && b[0] === 0 && b[1] === 0xfb && b[2] === 0xff && b[3] === 1 ? (f as Latin1Writer) : undefined;
  } catch {
    return undefined;
  }
})();

/** Latin-1 (one character per byte), or undefined where Node's printer is missing. */
export const LATIN1_SLICE: Slicer | undefined = nativeSlicer("latin1Slice", "\u00fb\u00ff\u0001");
