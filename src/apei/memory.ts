// A sparse physical-memory model (4 KiB pages, allocated on map) holding the
// APEI registers and error status blocks; unmapped accesses fail, like a bus error.

import type { Decoded } from "../layout/index.js";
import type { GAS } from "./gas.js";

const PAGE = 4096;
const PAGE_SHIFT = 12n;
const MASK64 = (1n << 64n) - 1n;
const PAGE_MASK = BigInt(PAGE - 1);

export type Gas = Decoded<typeof GAS>;

export type RegRead = { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly error: string };

export class PhysicalMemory {
  private readonly pages = new Map<number, Uint8Array>();

  /** Makes [addr, addr + length) accessible (zero-filled where new). */
  map(addr: bigint, length: number): void {
    if (length <= 0) return;
    const first = Number(addr >> PAGE_SHIFT);
    const last = Number((addr + BigInt(length) - 1n) >> PAGE_SHIFT);
    for (let p = first; p <= last; p++) if (!this.pages.has(p)) this.pages.set(p, new Uint8Array(PAGE));
  }

  isMapped(addr: bigint, length: number): boolean {
    if (addr < 0n || addr + BigInt(length) > 1n << 64n) return false;
    if (length <= 0) return true;
    const first = Number(addr >> PAGE_SHIFT);
    const last = Number((addr + BigInt(length) - 1n) >> PAGE_SHIFT);
    for (let p = first; p <= last; p++) if (!this.pages.has(p)) return false;
    return true;
  }

  /** A copy of the bytes, or undefined when any of them is unmapped. */
  read(addr: bigint, length: number): Uint8Array | undefined {
    if (!this.isMapped(addr, length)) return undefined;
    const out = new Uint8Array(length);
    let a = addr;
    let done = 0;
    while (done < length) {
      const page = this.pages.get(Number(a >> PAGE_SHIFT))!;
      const off = Number(a & PAGE_MASK);
      const n = Math.min(PAGE - off, length - done);
      out.set(page.subarray(off, off + n), done);
      done += n;
      a += BigInt(n);
    }
    return out;
  }

  /** Writes the bytes; false (writing nothing) when any of them is unmapped. */
  write(addr: bigint, data: Uint8Array): boolean {
    if (!this.isMapped(addr, data.length)) return false;
    let a = addr;
    let done = 0;
    while (done < data.length) {
      const page = this.pages.get(Number(a >> PAGE_SHIFT))!;
      const off = Number(a & PAGE_MASK);
      const n = Math.min(PAGE - off, data.length - done);
      page.set(data.subarray(done, done + n), off);
      done += n;
      a += BigInt(n);
    }
    return true;
  }

  readUint(addr: bigint, bytes: number): bigint | undefined {
    const page = this.pages.get(Number(addr >> PAGE_SHIFT));
    const off = Number(addr & PAGE_MASK);
    if (page && off + bytes <= PAGE) {
      // Fast path: the access stays inside one page.
      const v = new DataView(page.buffer, page.byteOffset + off, bytes);
      if (bytes === 8) return v.getBigUint64(0, true);
      if (bytes === 4) return BigInt(v.getUint32(0, true));
      if (bytes === 2) return BigInt(v.getUint16(0, true));
      if (bytes === 1) return BigInt(v.getUint8(0));
    }
    const b = this.read(addr, bytes);
    if (!b) return undefined;
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return v;
  }

  writeUint(addr: bigint, bytes: number, value: bigint): boolean {
    const page = this.pages.get(Number(addr >> PAGE_SHIFT));
    const off = Number(addr & PAGE_MASK);
    if (page && off + bytes <= PAGE && bytes === 8) {
      new DataView(page.buffer, page.byteOffset + off, 8).setBigUint64(0, value & MASK64, true);
      return true;
    }
    const b = new Uint8Array(bytes);
    let v = value;
    for (let i = 0; i < bytes; i++, v >>= 8n) b[i] = Number(v & 0xffn);
    return this.write(addr, b);
  }

  readU64(addr: bigint): bigint | undefined {
    return this.readUint(addr, 8);
  }

  writeU64(addr: bigint, value: bigint): boolean {
    return this.writeUint(addr, 8, value & MASK64);
  }

  /** Number of mapped pages (for tests and layout reports). */
  get pageCount(): number {
    return this.pages.size;
  }
}

/** Register width in bytes from a GAS (Linux apei_check_gar(): 8/16/32/64-bit SystemMemory registers). */
function gasWidth(g: Gas): number | string {
  if (g.spaceId !== 0) return `address space ${g.spaceId} is not modelled (SystemMemory only)`;
  if (g.address === 0n) return "register address is 0";
  const w = g.bitWidth;
  if (w !== 8 && w !== 16 && w !== 32 && w !== 64) return `invalid bit width ${w}`;
  return w / 8;
}

/** apei_read(): the register value the GAS describes. */
export function readRegister(mem: PhysicalMemory, g: Gas): RegRead {
  const w = gasWidth(g);
  if (typeof w === "string") return { ok: false, error: w };
  const v = mem.readUint(g.address, w);
  return v === undefined ? { ok: false, error: `register at 0x${g.address.toString(16)} is not mapped` } : { ok: true, value: v };
}

/** apei_write(). */
export function writeRegister(mem: PhysicalMemory, g: Gas, value: bigint): boolean {
  const w = gasWidth(g);
  if (typeof w === "string") return false;
  return mem.writeUint(g.address, w, value & ((1n << BigInt(w * 8)) - 1n));
}
