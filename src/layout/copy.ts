// Copies of input bytes for decoded values (a decoded tree never aliases its input). V8 keeps a
// typed array of up to 64 bytes on its own heap, where `slice` is cheap (about 45 ns); a longer one
// gets an ArrayBuffer of its own from the embedder's allocator (300-600 ns, and work for the GC).
// Longer copies are carved from a shared slab instead (80-110 ns a view): the register arrays,
// context data and vendor bytes that most sections carry.
//
// What that means for a caller: such an array's `buffer` is the slab, so it is read, as every
// Uint8Array here is, through its byteOffset and byteLength; and an array that is kept keeps its
// slab (at most SLAB_BYTES) alive.

/**
 * The empty byte array every decoded value shares: making one costs about 170 ns in V8 (it takes
 * the runtime's slow path), 30 times a 4-byte slice; with no elements it has nothing to change.
 */
export const NO_BYTES: Uint8Array = new Uint8Array(0);

/** Bytes per slab. */
export const SLAB_BYTES = 16 * 1024;
/**
 * V8 keeps a typed array of up to this many bytes on its own heap. Its `buffer` then does not
 * exist until asked for, and asking (a DataView over it, Buffer.from) costs ~250 ns to make it.
 */
export const ON_HEAP_BYTES = 64;
/** Copies up to this many bytes are plain slices; longer ones up to a quarter slab come from a slab. */
const ON_HEAP = ON_HEAP_BYTES;
const FROM_SLAB = SLAB_BYTES / 4;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A copy of src[from, to) (bounds as Uint8Array.prototype.slice clamps them) that shares no bytes with src. */
export function copyOf(src: Uint8Array, from: number, to: number = src.length): Uint8Array {
  const s = Math.max(0, Math.min(src.length, from));
  const n = Math.max(0, Math.min(src.length, to) - s);
  if (n === 0) return NO_BYTES;
  if (n <= ON_HEAP || n > FROM_SLAB) return src.slice(s, s + n);
  if (used + n > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, n);
  used += (n + 7) & ~7; // 8-byte aligned starts
  out.set(src.subarray(s, s + n));
  return out;
}
