// The part of Node's Buffer the library uses (hex, base64 and latin1 conversions of
// byte arrays), for the page bundle: a Uint8Array subclass with from() and toString().
type Encoding = "hex" | "base64" | "latin1" | "binary" | "utf8" | "utf-8";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export class Buffer extends Uint8Array {
  static override from(src: unknown, enc?: unknown, length?: unknown): Buffer {
    if (typeof src === "string") return Buffer.fromString(src, (enc as Encoding | undefined) ?? "utf8");
    if (src instanceof ArrayBuffer) {
      const off = typeof enc === "number" ? enc : 0;
      const len = typeof length === "number" ? length : src.byteLength - off;
      return new Buffer(src, off, len);
    }
    const arr = src as ArrayLike<number>;
    const b = new Buffer(arr.length);
    b.set(arr);
    return b;
  }

  static byteLength(s: string): number {
    return new TextEncoder().encode(s).length;
  }

  private static fromString(s: string, enc: Encoding): Buffer {
    switch (enc) {
      case "hex": {
        const n = s.length >> 1;
        const b = new Buffer(n);
        for (let i = 0; i < n; i++) {
          const v = parseInt(s.slice(2 * i, 2 * i + 2), 16);
          if (Number.isNaN(v)) return b.subarray(0, i) as Buffer;
          b[i] = v;
        }
        return b;
      }
      case "base64": {
        const bin = atob(s.replace(/[^A-Za-z0-9+/]/g, ""));
        return Buffer.fromString(bin, "latin1");
      }
      case "latin1":
      case "binary": {
        const b = new Buffer(s.length);
        for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
        return b;
      }
      default:
        return Buffer.from(new TextEncoder().encode(s));
    }
  }

  override toString(enc: Encoding = "utf8", start = 0, end = this.length): string {
    // Node's (start, end) slice of the bytes, bounded as Node bounds it.
    const from = Math.max(0, Math.min(this.length, Math.trunc(start)));
    const to = Math.max(from, Math.min(this.length, Math.trunc(end)));
    if (from !== 0 || to !== this.length) return (this.subarray(from, to) as Buffer).toString(enc);
    switch (enc) {
      case "hex": {
        let s = "";
        for (let i = 0; i < this.length; i++) s += HEX[this[i]!];
        return s;
      }
      case "base64":
        return btoa(this.toString("latin1"));
      case "latin1":
      case "binary": {
        let s = "";
        for (let i = 0; i < this.length; i += 0x8000) s += String.fromCharCode(...this.subarray(i, i + 0x8000));
        return s;
      }
      default:
        return new TextDecoder().decode(this);
    }
  }
}
