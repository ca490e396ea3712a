// The GHES/GHESv2 runtime over the physical-memory model.
//
// Firmware side (QEMU hw/acpi/ghes.c ghes_record_cper_errors(); ACPI 6.5
// §18.3.2.8): check the record fits, check the previous record was
// acknowledged, clear the read-ack, write the status block, raise the
// notification. OS side (Linux drivers/acpi/apei/ghes.c, kernel.md §5.2–5.3):
// peek, check, read, then clear Block Status and, for GHESv2, write the read-ack,
// on every path that found a pending block.

import { cperEstatusCheck, cperEstatusCheckHeader, cperEstatusLen, GESB_SIZE, readGesb } from "./estatus-check.js";
import type { GenericErrorStatus as Gesb } from "../cper/layouts/estatus.js";
import type { GhesV2Value, GhesValue } from "./hest-types.js";
import { genericSources, type Hest } from "./hest.js";
import { readRegister, writeRegister, type PhysicalMemory } from "./memory.js";
import { notifyTypeName } from "./notify.js";

export type GenericSource = GhesValue | GhesV2Value;

export function isV2(s: GenericSource): s is GhesV2Value {
  return s.type === 10;
}

/** QEMU's refusal when the OS has not acknowledged (hw/acpi/ghes.c). */
export const QEMU_NOT_ACKED = "OSPM does not acknowledge previous error, so can not record CPER for current error anymore";

export type PostResult =
  | {
      readonly ok: true;
      readonly sourceId: number;
      readonly blockAddress: bigint;
      /** The notification to raise: HEST notify type and its name. */
      readonly notify: { readonly type: number; readonly name: string; readonly vector: number };
    }
  | { readonly ok: false; readonly sourceId: number; readonly error: string };

/**
 * How firmware reads and clears the read-ack register.
 * - "spec" (default): acknowledged when (ack & ~preserve) == (write & ~preserve) at the GAS bit
 *   offset (ACPI 6.5 §18.3.2.8); clearing zeroes only the non-preserved bits.
 * - "qemu": QEMU ghes_record_cper_errors(): acknowledged when the 64-bit register is non-zero;
 *   clearing writes 0. The two agree for QEMU's own values (preserve ~1, write 1) and differ
 *   when preserved bits are set (e.g. ack = 2: QEMU says acknowledged, the spec check says not).
 */
export type AckProfile = "spec" | "qemu";

/** Firmware's view: posts error status blocks into the sources of one HEST. */
export class GhesFirmware {
  constructor(
    readonly mem: PhysicalMemory,
    readonly sources: readonly GenericSource[],
    readonly profile: AckProfile = "spec",
  ) {}

  static fromHest(mem: PhysicalMemory, hest: Hest, profile: AckProfile = "spec"): GhesFirmware {
    return new GhesFirmware(mem, genericSources(hest), profile);
  }

  source(sourceId: number): GenericSource | undefined {
    return this.sources.find((s) => s.sourceId === sourceId);
  }

  /** Whether the OS acknowledged the previous record: (ack & ~preserve) == (write & ~preserve), at the GAS bit offset. */
  acknowledged(s: GhesV2Value): boolean | string {
    const r = readRegister(this.mem, s.readAckRegister);
    if (!r.ok) return r.error;
    if (this.profile === "qemu") return r.value !== 0n;
    const sh = BigInt(s.readAckRegister.bitOffset);
    const keep = ~(s.readAckPreserve << sh);
    return (r.value & keep) === ((s.readAckWrite << sh) & keep);
  }

  post(sourceId: number, block: Uint8Array): PostResult {
    const s = this.source(sourceId);
    const fail = (error: string): PostResult => ({ ok: false, sourceId, error });
    if (!s) return fail(`HEST has no GHES/GHESv2 error source with Source Id ${sourceId}`);
    if (block.length > s.errorStatusBlockLength) return fail(`GHES CPER record is too big: ${block.length} (Error Status Block Length ${s.errorStatusBlockLength})`);
    const addr = readRegister(this.mem, s.errorStatusAddress);
    if (!addr.ok) return fail(`cannot read the Error Status Address register: ${addr.error}`);
    if (isV2(s)) {
      const acked = this.acknowledged(s);
      if (typeof acked === "string") return fail(`cannot read the Read Ack register: ${acked}`);
      if (!acked) return fail(QEMU_NOT_ACKED);
      // "spec": clear the write bits, keeping the preserved ones; "qemu": write 0.
      const r = readRegister(this.mem, s.readAckRegister);
      const cleared = this.profile === "qemu" ? 0n : (r as { value: bigint }).value & (s.readAckPreserve << BigInt(s.readAckRegister.bitOffset));
      writeRegister(this.mem, s.readAckRegister, cleared);
    } else {
      // GHES (v1) has no read-ack: the block is free once the OS has zeroed Block Status.
      const status = this.mem.readUint(addr.value, 4);
      if (status === undefined) return fail(`error status block at 0x${addr.value.toString(16)} is not mapped`);
      if (status !== 0n) return fail("previous error status block not yet cleared by OSPM (Block Status != 0)");
    }
    if (!this.mem.write(addr.value, block)) return fail(`error status block at 0x${addr.value.toString(16)} is not mapped`);
    return { ok: true, sourceId, blockAddress: addr.value, notify: { type: s.notify.type, name: notifyTypeName(s.notify.type), vector: s.notify.vector } };
  }
}

/** Kernel return codes, as ghes.c returns them. */
export const ENOENT = -2;
export const EIO = -5;

/** What __ghes_check_estatus() (truncated, too-long, bad-header) and __ghes_read_estatus() (bad-sections) reject (T3 row 4). */
export type EstatusDefect = "truncated" | "too-long" | "bad-header" | "bad-sections";

/** The kernel's FW_WARN GHES_PFX text for each rejection. */
export const ESTATUS_DEFECT_MESSAGES: Readonly<Record<EstatusDefect, string>> = {
  truncated: "Truncated error status block!",
  "too-long": "Invalid error status block length!",
  "bad-header": "Invalid CPER header!",
  "bad-sections": "Failed to read error status block!",
};

/** The kernel's messages (FW_WARN GHES_PFX …). */
export const GHES_MESSAGES = {
  addressRead: (id: number) => `[Firmware Warn]: GHES: Failed to read error status block address for hardware error source: ${id}.`,
  truncated: `[Firmware Warn]: GHES: ${ESTATUS_DEFECT_MESSAGES.truncated}`,
  invalidLength: `[Firmware Warn]: GHES: ${ESTATUS_DEFECT_MESSAGES["too-long"]}`,
  invalidHeader: `[Firmware Warn]: GHES: ${ESTATUS_DEFECT_MESSAGES["bad-header"]}`,
  readFailed: `[Firmware Warn]: GHES: ${ESTATUS_DEFECT_MESSAGES["bad-sections"]}`,
} as const;

/**
 * __ghes_check_estatus() then __ghes_read_estatus() on a pending block whose header is `gesb`:
 * cper_estatus_len() against error_block_length and cper_estatus_check_header(), then the
 * cper_estatus_len() bytes (`read(len)`, undefined when they cannot be read) and
 * cper_estatus_check() over their entries. Returns those bytes, or why the block is rejected.
 */
export function ghesCheckEstatus(gesb: Gesb, errorBlockLength: number, read: (len: number) => Uint8Array | undefined): { readonly defect: EstatusDefect } | { readonly block: Uint8Array } {
  const len = cperEstatusLen(gesb);
  if (len < GESB_SIZE) return { defect: "truncated" };
  if (len > errorBlockLength) return { defect: "too-long" };
  if (!cperEstatusCheckHeader(gesb)) return { defect: "bad-header" };
  const block = read(len);
  if (!block || !cperEstatusCheck(block)) return { defect: "bad-sections" };
  return { block };
}

export interface OsResult {
  readonly sourceId: number;
  /** nothing: no pending block (-ENOENT); claimed: a valid block was read (0); rejected: a pending block failed the checks (-EIO); address-failed: the status address register could not be read (-EIO). */
  readonly outcome: "nothing" | "claimed" | "rejected" | "address-failed";
  readonly rc: 0 | typeof ENOENT | typeof EIO;
  readonly message?: string;
  /** The block as read (claimed only). */
  readonly estatus?: Uint8Array;
  readonly blockAddress?: bigint;
  /** Block Status written back as 0. */
  readonly cleared: boolean;
  /** GHESv2 read-ack written. */
  readonly acked: boolean;
}

/** The OS's view of one source: Linux ghes_proc() → ghes_read_estatus() → ghes_clear_estatus(). */
export function ghesProc(mem: PhysicalMemory, s: GenericSource): OsResult {
  const id = s.sourceId;
  // __ghes_peek_estatus()
  const addr = readRegister(mem, s.errorStatusAddress);
  if (!addr.ok) return { sourceId: id, outcome: "address-failed", rc: EIO, message: GHES_MESSAGES.addressRead(id), cleared: false, acked: false };
  const pa = addr.value;
  if (pa === 0n) return { sourceId: id, outcome: "nothing", rc: ENOENT, cleared: false, acked: false };
  const head = mem.read(pa, GESB_SIZE);
  if (!head) return { sourceId: id, outcome: "address-failed", rc: EIO, message: GHES_MESSAGES.readFailed, blockAddress: pa, cleared: false, acked: false };
  const gesb = readGesb(head);
  if (gesb.BlockStatus === 0) return { sourceId: id, outcome: "nothing", rc: ENOENT, blockAddress: pa, cleared: false, acked: false };
  // From here a pending block was found: every path ends in ghes_clear_estatus().
  const r = ghesCheckEstatus(gesb, s.errorStatusBlockLength, (len) => mem.read(pa, len));
  const { cleared, acked } = ghesClearEstatus(mem, s, pa);
  return "block" in r
    ? { sourceId: id, outcome: "claimed", rc: 0, estatus: r.block, blockAddress: pa, cleared, acked }
    : { sourceId: id, outcome: "rejected", rc: EIO, message: `[Firmware Warn]: GHES: ${ESTATUS_DEFECT_MESSAGES[r.defect]}`, blockAddress: pa, cleared, acked };
}

/** Linux ghes_clear_estatus() + ghes_ack_error(): Block Status = 0, then (GHESv2) ack = (ack & preserve<<off) | (write<<off). */
export function ghesClearEstatus(mem: PhysicalMemory, s: GenericSource, pa: bigint): { cleared: boolean; acked: boolean } {
  const cleared = mem.writeUint(pa, 4, 0n);
  if (!isV2(s)) return { cleared, acked: false };
  const r = readRegister(mem, s.readAckRegister);
  if (!r.ok) return { cleared, acked: false };
  const sh = BigInt(s.readAckRegister.bitOffset);
  const v = (r.value & (s.readAckPreserve << sh)) | (s.readAckWrite << sh);
  return { cleared, acked: writeRegister(mem, s.readAckRegister, v) };
}
