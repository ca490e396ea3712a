// The CXL General Media Event Record (CXL 3.0 §8.2.9.2.1.1, Table 8-45) as a
// CPER CXL component section carries it: without the 16-byte Event Record
// Identifier UUID, so offsets here are the table's minus 16. Used by the plain
// text rendering (libcper and Linux's CPER printer leave these bytes opaque;
// Linux's CXL driver decodes them into the cxl_general_media trace event).

import { field, readStruct, readView, struct, type Decoded } from "../../layout/struct.js";
import { bytes, reserved, u16, u64, u8 } from "../../layout/types.js";

export const CxlGeneralMediaEvent = struct(
  "CxlGeneralMediaEvent",
  112,
  {
    EventRecordLength: field(0, u8),
    EventRecordFlags: field(1, bytes(3)),
    EventRecordHandle: field(4, u16),
    RelatedEventRecordHandle: field(6, u16),
    EventRecordTimestamp: field(8, u64),
    MaintenanceOperationClass: field(16, u8),
    Reserved1: field(17, reserved(15)),
    PhysicalAddress: field(32, u64, { doc: "bits 63:6 DPA, 5:0 flags" }),
    MemoryEventDescriptor: field(40, u8),
    MemoryEventType: field(41, u8),
    TransactionType: field(42, u8),
    ValidityFlags: field(43, u16),
    Channel: field(45, u8, { valid: 0 }),
    Rank: field(46, u8, { valid: 1 }),
    Device: field(47, bytes(3), { valid: 2 }),
    ComponentIdentifier: field(50, bytes(16), { valid: 3 }),
    Reserved2: field(66, reserved(46)),
  },
  { spec: "CXL 3.0 Table 8-45 (less the 16-byte UUID)" },
);

// Kernel names (drivers/cxl/core/trace.h: CXL_GMER_EVT_DESC_*, CXL_GMER_VALID_*).
const DESCRIPTOR = ["UNCORRECTABLE_EVENT", "THRESHOLD_EVENT", "POISON_LIST_OVERFLOW"];
const VALIDITY = ["CHANNEL", "RANK", "DEVICE", "COMPONENT"];

const flags = (v: number, names: readonly string[]): string => names.filter((_, i) => (v >> i) & 1).join("|");

export function decodeGeneralMedia(data: Uint8Array): Decoded<typeof CxlGeneralMediaEvent> | undefined {
  if (data.length < CxlGeneralMediaEvent.size) return undefined;
  return readStruct(CxlGeneralMediaEvent, data, readView(data), 0);
}

/** Plain lines for a General Media event record (the fields the kernel's trace event prints). */
export function generalMediaText(data: Uint8Array): string[] {
  const e = decodeGeneralMedia(data);
  if (e === undefined) return [`  CXL General Media event record: ${data.length} byte(s), shorter than the 112-byte record`];
  const dpa = e.PhysicalAddress & ~0x3fn;
  const out = [
    `  event record: length ${e.EventRecordLength}, handle ${e.EventRecordHandle}, related handle ${e.RelatedEventRecordHandle}, timestamp ${e.EventRecordTimestamp}`,
    `  DPA 0x${dpa.toString(16)} (flags 0x${(e.PhysicalAddress & 0x3fn).toString(16)}), descriptor ${flags(e.MemoryEventDescriptor, DESCRIPTOR) || "none"}, type 0x${e.MemoryEventType.toString(16)}, transaction type 0x${e.TransactionType.toString(16)}`,
    `  validity ${flags(e.ValidityFlags, VALIDITY) || "none"}`,
  ];
  const v = e.ValidityFlags;
  const parts: string[] = [];
  if (v & 1) parts.push(`channel ${e.Channel}`);
  if (v & 2) parts.push(`rank ${e.Rank}`);
  if (v & 4) parts.push(`device ${e.Device[0]! | (e.Device[1]! << 8) | (e.Device[2]! << 16)}`);
  if (v & 8) parts.push(`component id ${Array.from(e.ComponentIdentifier, (b) => b.toString(16).padStart(2, "0")).join(" ")}`);
  if (parts.length) out.push(`  ${parts.join(", ")}`);
  return out;
}
