// Linux's rendering of an ARM processor error section: cper_print_proc_arm() and
// cper_print_arm_err_info() (drivers/firmware/efi/cper-arm.c). Works on the body
// bytes exactly as Linux does: error-info entries stepped by 32 bytes (sizeof,
// not the Length byte), context structures stepped by 8 + size (ALIGN()ed to 16 from
// cperArmCtxAlign), the section-length checks by build (src/linux/boundaries.ts PRINT_BOUNDARIES).
// "uefi" (default) prints the UEFI 2.9A format of commit 96b010536ee0; "legacy"
// prints the older format (error_type: %d, %s).
import type { SectionDecodeOptions } from "../section-api.js";
import { hexDumpLinux } from "../render/hexdump.js";
import { LEGACY_LINUX_NAMES, linuxTypeString } from "./arm-type.js";
import { hex } from "../../arch/bits.js";

const TRANS = ["Instruction", "Data Access", "Generic"];
const CACHE_OPS = [
  "Generic error (type cannot be determined)",
  "Generic read (type of instruction or data request cannot be determined)",
  "Generic write (type of instruction of data request cannot be determined)",
  "Data read",
  "Data write",
  "Instruction fetch",
  "Prefetch",
  "Eviction",
  "Snooping (processor initiated a cache snoop that resulted in an error)",
  "Snooped (processor raised a cache error caused by another processor or device snooping its cache)",
  "Management",
];
const TLB_OPS = [
  ...CACHE_OPS.slice(0, 7),
  "Local management operation (processor initiated a TLB management operation that resulted in an error)",
  "External management operation (processor raised a TLB error caused by another processor or device broadcasting TLB operations)",
];
const BUS_OPS = CACHE_OPS.slice(0, 7);
const PART = ["Local processor originated request", "Local processor responded to request", "Local processor observed", "Generic"];
const ADDR_SPACE = ["External Memory Access", "Internal Memory Access", "Unknown", "Device Memory Access"];
const CTX = [
  "AArch32 general purpose registers",
  "AArch32 EL1 context registers",
  "AArch32 EL2 context registers",
  "AArch32 secure context registers",
  "AArch64 general purpose registers",
  "AArch64 EL1 context registers",
  "AArch64 EL2 context registers",
  "AArch64 EL3 context registers",
  "Misc. system register structure",
];


/** What cper_print_proc_arm() does differently by kernel build (src/cper/render/linux.ts profile). */
export interface ArmLinuxOptions extends SectionDecodeOptions {
  /** gdata->error_data_length, the "CPER size" (default: the body length). */
  readonly length?: number;
  readonly profile?: { readonly armLengthBig: boolean; readonly armCtxAlign: boolean };
}

/** printk("%d") of a 32-bit value. */
const int32 = (v: number): number => v | 0;

/**
 * Lines relative to the section's prefix; a leading space per extra nesting level.
 * cper_print_proc_arm(): MIDR, then the length check (which ends the section), then the rest.
 * Without a profile it prints as the newest modelled release.
 */
export function armRenderLinux(body: Uint8Array, opts: ArmLinuxOptions): string[] {
  const legacy = opts.armType === "legacy";
  const profile = opts.profile ?? { armLengthBig: false, armCtxAlign: true };
  const cperSize = opts.length ?? body.length;
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: string[] = [];
  if (body.length < 40) return out;
  const vb = dv.getUint32(0, true);
  const errNum = dv.getUint16(4, true);
  const ctxNum = dv.getUint16(6, true);
  const secLen = dv.getUint32(8, true);
  out.push(`MIDR: ${hex(dv.getBigUint64(24, true), 16)}`);
  // int len = section_length - (sizeof(*proc) + err_info_num * sizeof(*err_info)): truncated to int.
  let len = int32(secLen - (40 + errNum * 32));
  if (profile.armLengthBig) {
    if (len < 0 || secLen > cperSize) {
      out.push(`section length: ${int32(secLen)}, CPER size: ${int32(cperSize)}`, `section length is too ${len < 0 ? "small" : "big"}`);
      out.push("firmware-generated error record is incorrect", `ERR_INFO_NUM is ${errNum}`);
      return out;
    }
  } else if (len < 0) {
    out.push(`section length: ${int32(secLen)}`, "section length is too small", "firmware-generated error record is incorrect", `ERR_INFO_NUM is ${errNum}`);
    return out;
  }
  if (vb & 1) out.push(`Multiprocessor Affinity Register (MPIDR): ${hex(dv.getBigUint64(16, true), 16)}`);
  if (vb & 2) out.push(`error affinity level: ${body[12]}`);
  if (vb & 4) {
    out.push(`running state: 0x${dv.getUint32(32, true).toString(16)}`);
    out.push(`Power State Coordination Interface state: ${dv.getInt32(36, true)}`);
  }
  let at = 40;
  for (let i = 0; i < errNum; i++) {
    // Only reachable past the body when the build has no CPER-size check (the kernel then reads on).
    if (at + 32 > body.length) return out;
    out.push(`Error info structure ${i}:`);
    out.push(`num errors: ${dv.getUint16(at + 5, true) + 1}`);
    const evb = dv.getUint16(at + 2, true);
    const type = body[at + 4]!;
    if (evb & 2) {
      const f = body[at + 7]!;
      if (f & 1) out.push(" first error captured");
      if (f & 2) out.push(" last error captured");
      if (f & 4) out.push(" propagated error captured");
      if (f & 8) out.push(" overflow occurred, error info is incomplete");
    }
    if (legacy) {
      out.push(` error_type: ${type}, ${LEGACY_LINUX_NAMES[type] ?? "unknown"}`);
    } else {
      out.push(` error_type: 0x${type.toString(16).padStart(2, "0")}: ${linuxTypeString(type)}${type & ~0x1e ? " with reserved bit(s)" : ""}`);
    }
    if (evb & 4) {
      const info = dv.getBigUint64(at + 8, true);
      out.push(` error_info: ${hex(info, 16)}`);
      for (const l of errInfoLines(type, info, legacy)) out.push("  " + l);
    }
    if (evb & 8) out.push(` virtual fault address: ${hex(dv.getBigUint64(at + 16, true), 16)}`);
    if (evb & 16) out.push(` physical fault address: ${hex(dv.getBigUint64(at + 24, true), 16)}`);
    at += 32;
  }
  for (let i = 0; i < ctxNum; i++) {
    if (at + 8 > body.length) return out;
    const type = dv.getUint16(at + 2, true);
    const size = dv.getUint32(at + 4, true);
    // int size = sizeof(*ctx_info) + ctx_info->size, ALIGN()ed to 16 from cperArmCtxAlign.
    const step = int32(profile.armCtxAlign ? Math.ceil((8 + size) / 16) * 16 : 8 + size);
    out.push(`Context info structure ${i}:`);
    if (len < step) {
      out.push(" section length is too small", "firmware-generated error record is incorrect");
      return out;
    }
    if (type > 8) {
      out.push(` Invalid context type: ${type} (max: 8)`);
      return out;
    }
    out.push(` register context type: ${CTX[type]}`);
    for (const l of hexDumpLinux(body.subarray(at + 8, Math.min(body.length, at + 8 + size)), false)) out.push(" " + l);
    // A size of 2^31 - 8 or more wraps the int step to zero or below: the kernel's dump has already
    // run past the section (undecidable), and its walk would go backwards; stop here.
    if (step <= 0) return out;
    len -= step;
    at += step;
  }
  if (len > 0) {
    out.push(`Vendor specific error info has ${len} bytes:`);
    for (const l of hexDumpLinux(body.subarray(at, Math.min(body.length, at + len)), true)) out.push(" " + l);
  }
  return out;
}

/** cper_print_arm_err_info(): the decoded error_info fields. */
function errInfoLines(type: number, info: bigint, legacy: boolean): string[] {
  const out: string[] = [];
  const bit = (n: number) => Number((info >> BigInt(n)) & 1n) === 1;
  const fld = (lsb: number, width: number) => Number((info >> BigInt(lsb)) & ((1n << BigInt(width)) - 1n));
  const isCache = legacy ? type === 0 : (type & 2) !== 0;
  const isTlb = legacy ? type === 1 : (type & 4) !== 0;
  const isBus = legacy ? type === 2 : (type & 8) !== 0;
  // Vendor (micro-architectural) errors carry vendor-specific error_info: legacy type 3
  // (and the types past it); UEFI 2.9A BIT(4), whatever else is set.
  if (legacy ? type > 3 : (type & 0x10) !== 0) return out;
  if (bit(0)) {
    const t = fld(16, 2);
    if (t < TRANS.length) out.push(`transaction type: ${TRANS[t]}`);
  }
  if (bit(1)) {
    const op = fld(18, 4);
    const pre = (kind: string) => (legacy ? "operation type" : `${kind}, operation type`);
    if (isCache && op < CACHE_OPS.length) out.push(`${pre("cache error")}: ${CACHE_OPS[op]}`);
    if (isTlb && op < TLB_OPS.length) out.push(`${pre("TLB error")}: ${TLB_OPS[op]}`);
    if (isBus && op < BUS_OPS.length) out.push(`${pre("bus error")}: ${BUS_OPS[op]}`);
  }
  if (bit(2)) {
    const level = fld(22, 3);
    if (isCache) out.push(`cache level: ${level}`);
    if (isTlb) out.push(`TLB level: ${level}`);
    if (isBus) out.push(`affinity level at which the bus error occurred: ${level}`);
  }
  if (bit(3)) out.push(bit(25) ? "processor context corrupted" : "processor context not corrupted");
  if (bit(4)) out.push(bit(26) ? "the error has been corrected" : "the error has not been corrected");
  if (bit(5)) out.push(bit(27) ? "PC is precise" : "PC is imprecise");
  if (bit(6) && bit(28)) out.push("Program execution can be restarted reliably at the PC associated with the error.");
  // The bus-only fields print for a pure bus error (type == CPER_ARM_BUS_ERROR), not for a mix.
  if (type !== (legacy ? 2 : 8)) return out;
  if (bit(7)) out.push(`participation type: ${PART[fld(29, 2)]}`);
  if (bit(8) && bit(31)) out.push("request timed out");
  if (bit(9)) out.push(`address space: ${ADDR_SPACE[fld(32, 2)]}`);
  if (bit(10)) out.push(`memory access attributes:0x${fld(34, 9).toString(16)}`);
  if (bit(11)) out.push(bit(43) ? "access mode: normal" : "access mode: secure");
  return out;
}
