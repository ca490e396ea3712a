// EFI_GUID in its on-disk form: Data1 (u32 LE), Data2 (u16 LE), Data3 (u16 LE), Data4[8].
// Canonical text form is lowercase 8-4-4-4-12 (UEFI spec Appendix A).

import { HEX_LOWER_CODES } from "../arch/bits.js";

// Byte order of the 16 on-disk bytes as they appear in the text form.
const TEXT_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

/**
 * GUIDs seen before, in a direct-mapped cache (a slot per hash of the first and last four bytes,
 * the 16 bytes kept to compare), so a record's repeated GUIDs (section types, notification types,
 * the zero GUID) come back as the same flat string: making the text costs a call with 36
 * arguments, and a string made afresh is hashed again by every Map lookup keyed by it (the
 * registry's). A new GUID takes its slot's place; memory is fixed (GUID_SLOTS × 16 bytes + texts).
 */
const GUID_SLOT_BITS = 12;
const GUID_SLOTS = 1 << GUID_SLOT_BITS;
const slotBytes = new Uint8Array(GUID_SLOTS * 16);
const slotText: (string | undefined)[] = new Array<string | undefined>(GUID_SLOTS).fill(undefined);

/** The canonical text of the 16 bytes at offset. */
export function guidFromBytes(bytes: Uint8Array, offset = 0): string {
  const b = bytes;
  const o = offset;
  const w0 = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
  const w3 = b[o + 12]! | (b[o + 13]! << 8) | (b[o + 14]! << 16) | (b[o + 15]! << 24);
  // a multiplicative hash of the two words; its top GUID_SLOT_BITS bits pick the slot
  const slot = Math.imul(w0 ^ Math.imul(w3, 0x9e3779b1), 0x85ebca6b) >>> (32 - GUID_SLOT_BITS);
  const at = slot << 4;
  const known = slotText[slot];
  if (known !== undefined) {
    let j = 0;
    while (j < 16 && slotBytes[at + j] === b[o + j]) j++;
    if (j === 16) return known;
  }
  const text = guidText(b, o);
  for (let j = 0; j < 16; j++) slotBytes[at + j] = b[o + j]!;
  slotText[slot] = text;
  return text;
}

/**
 * The registry form of the GUID at bytes[offset]: the first three groups little-endian, the last
 * two in byte order. Made by one String.fromCharCode call: one flat string (twenty joined pieces
 * made a tree that printing flattens again).
 */
function guidText(bytes: Uint8Array, offset: number): string {
  const b = bytes;
  const o = offset;
  const L = HEX_LOWER_CODES;
  const hi = (i: number): number => L[b[o + i]! >>> 4]!;
  const lo = (i: number): number => L[b[o + i]! & 15]!;
  return String.fromCharCode(
    hi(3), lo(3), hi(2), lo(2), hi(1), lo(1), hi(0), lo(0), 45,
    hi(5), lo(5), hi(4), lo(4), 45,
    hi(7), lo(7), hi(6), lo(6), 45,
    hi(8), lo(8), hi(9), lo(9), 45,
    hi(10), lo(10), hi(11), lo(11), hi(12), lo(12), hi(13), lo(13), hi(14), lo(14), hi(15), lo(15),
  );
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isGuid(text: string): boolean {
  return GUID_RE.test(text.toLowerCase());
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Character index of each of the 32 hex digits in the 36-character text form. */
const DIGIT_AT: number[] = [];
for (let i = 0; i < 36; i++) if (i !== 8 && i !== 13 && i !== 18 && i !== 23) DIGIT_AT.push(i);

/** Writes a canonical GUID string (either case); returns false (writing nothing) when it is not one. */
export function guidToBytes(text: string, out: Uint8Array, offset = 0): boolean {
  if (typeof text !== "string" || text.length !== 36) return false;
  if (text.charCodeAt(8) !== 45 || text.charCodeAt(13) !== 45 || text.charCodeAt(18) !== 45 || text.charCodeAt(23) !== 45) return false;
  const tmp = new Array<number>(16);
  for (let i = 0; i < 16; i++) {
    const hi = nibble(text.charCodeAt(DIGIT_AT[2 * i]!));
    const lo = nibble(text.charCodeAt(DIGIT_AT[2 * i + 1]!));
    if (hi < 0 || lo < 0) return false;
    tmp[i] = hi * 16 + lo;
  }
  for (let i = 0; i < 16; i++) out[offset + TEXT_ORDER[i]!] = tmp[i]!;
  return true;
}

export const NULL_GUID = "00000000-0000-0000-0000-000000000000";
