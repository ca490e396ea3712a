// EFI_GUID in its on-disk form: Data1 (u32 LE), Data2 (u16 LE), Data3 (u16 LE), Data4[8].
// Canonical text form is lowercase 8-4-4-4-12 (UEFI spec Appendix A).

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
// Byte order of the 16 on-disk bytes as they appear in the text form.
const TEXT_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const DASH_AFTER = new Set([3, 5, 7, 9]);

export function guidFromBytes(bytes: Uint8Array, offset = 0): string {
  let s = "";
  for (let i = 0; i < 16; i++) {
    s += HEX[bytes[offset + TEXT_ORDER[i]!]!]!;
    if (DASH_AFTER.has(i)) s += "-";
  }
  return s;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isGuid(text: string): boolean {
  return GUID_RE.test(text.toLowerCase());
}

/** Writes a canonical GUID string; returns false (writing nothing) when it is not one. */
export function guidToBytes(text: string, out: Uint8Array, offset = 0): boolean {
  const t = text.toLowerCase();
  if (!GUID_RE.test(t)) return false;
  const hex = t.replace(/-/g, "");
  for (let i = 0; i < 16; i++) out[offset + TEXT_ORDER[i]!] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return true;
}

export const NULL_GUID = "00000000-0000-0000-0000-000000000000";
