// The OS's checks of a Generic Error Status Block before it trusts it
// (Linux drivers/firmware/efi/cper.c: cper_estatus_len(), cper_estatus_check_header(),
// cper_estatus_check(); ACPI 6.5 §18.3.2.7.1). Full section decode is the CPER codec's.

import { readStruct } from "../layout/index.js";
import { GenericErrorStatus, type GenericErrorStatus as Gesb } from "../cper/layouts/estatus.js";

export const GESB_SIZE = 20;
/** sizeof(struct acpi_hest_generic_data): the GEDE header without TimeStamp. */
export const GEDE_SIZE = 64;
export const GEDE_V3_SIZE = 72;

export function readGesb(bytes: Uint8Array, offset = 0): Gesb {
  return readStruct(GenericErrorStatus, bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset);
}

/** Linux cper_estatus_len(): raw data end when there is raw data, else 20 + DataLength (u32 arithmetic). */
export function cperEstatusLen(b: Gesb): number {
  return b.RawDataLength ? (b.RawDataOffset + b.RawDataLength) >>> 0 : (GESB_SIZE + b.DataLength) >>> 0;
}

/** Linux cper_estatus_check_header(): 0 when plausible. */
export function cperEstatusCheckHeader(b: Gesb): boolean {
  if (b.DataLength && b.DataLength < GEDE_SIZE) return false;
  if (b.RawDataLength && b.RawDataOffset < GESB_SIZE + b.DataLength) return false;
  return true;
}

/** acpi_hest_get_size(): 72 for GEDE revision >= 0x300 (major version 3), else 64. */
export function gedeHeaderSize(revision: number): number {
  return revision >> 8 >= 3 ? GEDE_V3_SIZE : GEDE_SIZE;
}

/**
 * Linux cper_estatus_check(): the header check, then every entry's header and
 * record must fit in what is left of DataLength, which must be used up exactly.
 * `block` holds the block from its first byte.
 */
export function cperEstatusCheck(block: Uint8Array): boolean {
  if (block.length < GESB_SIZE) return false;
  const b = readGesb(block);
  if (!cperEstatusCheckHeader(b)) return false;
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  let remaining = b.DataLength;
  let at = GESB_SIZE;
  // apei_estatus_for_each_section(): while the entry starts inside DataLength.
  while (at - GESB_SIZE < b.DataLength) {
    if (at + 26 > block.length) return false;
    const size = gedeHeaderSize(view.getUint16(at + 20, true));
    if (size > remaining) return false;
    if (at + 28 > block.length) return false;
    const record = size + view.getUint32(at + 24, true);
    if (record > remaining) return false;
    remaining -= record;
    at += record;
  }
  return remaining === 0;
}
