// A gzip'd "newc" cpio archive (the initramfs format Linux unpacks: Documentation/driver-api/
// early-userspace/buffer-format.rst): 110-byte ASCII headers, names and data padded to 4 bytes,
// a "TRAILER!!!" entry last.
import { gzipSync } from "node:zlib";

export interface CpioEntry {
  readonly path: string;
  /** File mode with type bits: 0o100755 regular executable, 0o40755 directory, 0o120777 symlink, 0o20600 char device. */
  readonly mode: number;
  /** File contents, or the symlink target. */
  readonly data?: Uint8Array | string;
  /** For device nodes: major, minor. */
  readonly rdev?: readonly [number, number];
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0");
const pad4 = (n: number): number => (4 - (n % 4)) % 4;

/** The archive's bytes (uncompressed). */
export function cpioNewc(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  let ino = 1;
  const add = (path: string, mode: number, data: Uint8Array, rdev: readonly [number, number] = [0, 0]): void => {
    const name = Buffer.from(path + "\0");
    const fields = [ino++, mode, 0, 0, 1, 0, data.length, 0, 0, rdev[0], rdev[1], name.length, 0];
    const header = Buffer.from("070701" + fields.map(hex8).join(""), "ascii");
    parts.push(header, name, Buffer.alloc(pad4(header.length + name.length)), Buffer.from(data), Buffer.alloc(pad4(data.length)));
  };
  for (const e of entries) {
    const data = typeof e.data === "string" ? Buffer.from(e.data) : e.data ?? new Uint8Array(0);
    add(e.path, e.mode, data, e.rdev);
  }
  add("TRAILER!!!", 0, new Uint8Array(0));
  return Buffer.concat(parts);
}

export function initramfs(entries: readonly CpioEntry[]): Uint8Array {
  return gzipSync(cpioNewc(entries), { level: 1 });
}
