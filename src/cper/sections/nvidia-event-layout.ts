// NVIDIA event section (Vera), GUID 9068e568-6ca0-11f0-aeaf-159343591eac:
// the binary layouts, declared once. Source: libcper
// sections/cper-section-nvidia-events.c (layout comment and the EFI_NVIDIA_*
// structures it reads, all packed), checked against the two libcper example
// records libcper_nvidia_event_{all_types,gpu_init}.bin.
//
//   EventHeader (32) | InfoHeader (3) | device info (InfoSize - 3)
//   | contexts: CtxHeader (16) + Data (DataSize) + padding, CtxSize bytes each
//
// libcper's reader finds context 0 at 32 + InfoSize and context n+1 at
// context n + CtxSize (get_event_context_n()).

import { field, struct } from "../../layout/struct.js";
import { ascii, reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import { JsonPathError, JsonReader } from "../json/reader.js";
import { hexUpperWidth } from "../json/writer.js";
import { group } from "./json-forms.js";

export const SPEC = "libcper cper-section-nvidia-events (NVIDIA vendor section)";

/** NVIDIA_EVENT_SRC_DEV (libcper's sourceDeviceTypeNames). */
export const SOURCE_DEVICE_TYPES: Readonly<Record<number, string>> = { 0: "CPU", 1: "GPU", 2: "DPU", 3: "NIC", 4: "SWX", 5: "BMC" };

/** EFI_NVIDIA_GPU_EVENT_INFO.EventOriginator (libcper's event_originator_names). */
export const EVENT_ORIGINATORS: Readonly<Record<number, string>> = {
  0: "Invalid",
  1: "Reserved1",
  2: "PF_GSP_FW",
  3: "VF_GSP_FW",
  4: "PF_DRIVER",
  5: "VF_DRIVER",
};

/** NV_PMC_BOOT_42 architecture, bits 29:24 of ArchitectureId (libcper's arch_names). */
export const GPU_ARCHITECTURES: Readonly<Record<number, string>> = {
  0x16: "Turing",
  0x17: "Ampere",
  0x18: "Hopper",
  0x19: "Ada",
  0x1a: "Blackwell",
  0x1b: "Blackwell2",
  0x1c: "Rubin",
};

/** NVIDIA_EVENT_CTX_DATA_TYPE. */
export const DATA_FORMAT = {
  OPAQUE: 0,
  TYPE_1: 1,
  TYPE_2: 2,
  TYPE_3: 3,
  TYPE_4: 4,
  GPU_INIT_METADATA: 0x8000,
  GPU_EVENT_LEGACY_XID: 0x8001,
  GPU_RECOMMENDED_ACTIONS: 0x8002,
} as const;

/** The header version libcper accepts (EFI_NVIDIA_EVENT_HEADER_VERSION); it returns no section for others. */
export const EVENT_HEADER_VERSION = 1;
/** Major versions of the device info libcper decodes (CPU "0.x", GPU "1.x", as in the examples). */
export const CPU_INFO_MAJOR = 0;
export const GPU_INFO_MAJOR = 1;

// ---- libcper's "eventHeader" member (cper_section_nvidia_events_to_ir), declared on EventHeader ----

/** printableLength of the text's first n Latin-1 bytes (NUL-padded), read from the text itself (no byte copy). */
export function printableTextLength(s: string, n: number): number {
  for (let i = 0; i < n; i++) {
    const c = i < s.length ? s.charCodeAt(i) & 0xff : 0;
    if (c === 0) return i;
    if (c < 0x20 || c > 0x7e) return -1;
  }
  return n;
}

/** The signature as libcper prints it: its printable prefix, or "" when that is not printable. */
export function signatureOf(s: string): string {
  const len = printableTextLength(s, 16);
  return len <= 0 ? "" : s.slice(0, len);
}

/** An optional unsigned integer of the JSON (absent: 0), with the forms' integer rules. */
export const uintOf = (r: JsonReader, key: string, bits: number): bigint => (r.has(key) ? r.libU64(key, bits) : 0n);
export const numOf = (r: JsonReader, key: string, bits: number): number => Number(uintOf(r, key, bits));

/** An optional Latin-1 string of at most n characters (absent or null: ""). */
export function text(r: JsonReader, key: string, n: number): string {
  const s = r.raw(key) ?? "";
  if (typeof s !== "string") throw new JsonPathError(`${r.path}.${key}`, "expected a string");
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) throw new JsonPathError(`${r.path}.${key}`, "character outside Latin-1");
  return s.slice(0, n); // libcper copies strnlen(s, n) bytes
}

/** A value from its name in `names` (a number as itself; an unknown name: 0, its value rides in "_armras"). */
export function nameIndex(names: Readonly<Record<number, string>>, v: unknown, p: string): number {
  if (typeof v === "number") return v;
  for (const [k, n] of Object.entries(names)) if (n === v) return Number(k);
  if (typeof v === "string") return 0; // "Unknown": the value is in "_armras"
  throw new JsonPathError(p, "expected a name or a number");
}

/** "eventHeader": the 32-byte header's members in one object (the context count is read back from the contexts). */
const EVENT_HEADER = group("eventHeader", ["EventContextCount", "SourceDeviceType", "EventType", "EventSubtype", "EventLinkId", "Signature"], {
  write: (out, key, h) => {
    out.begin(key);
    out.str("signature", signatureOf(h.Signature));
    out.num("version", h.EventVersion);
    out.ascii("sourceDeviceType", SOURCE_DEVICE_TYPES[h.SourceDeviceType] ?? "Unknown");
    out.ascii("type", hexUpperWidth(h.EventType, 4));
    out.ascii("subtype", hexUpperWidth(h.EventSubtype, 4));
    if (h.EventLinkId !== 0n) out.ascii("linkId", hexUpperWidth(h.EventLinkId, 16));
    out.end();
  },
  read: (j, key, p) => {
    const eh = JsonReader.of(j, p).obj(key);
    const sourceDeviceType = eh.has("sourceDeviceType") ? nameIndex(SOURCE_DEVICE_TYPES, eh.raw("sourceDeviceType"), `${eh.path}.sourceDeviceType`) : 0;
    return {
      EventVersion: numOf(eh, "version", 8),
      EventContextCount: 0,
      SourceDeviceType: sourceDeviceType & 0xff,
      EventType: numOf(eh, "type", 16),
      EventSubtype: numOf(eh, "subtype", 16),
      EventLinkId: uintOf(eh, "linkId", 64),
      Signature: text(eh, "signature", 16).replace(/\0+$/, ""),
    };
  },
  text: (h) => signatureOf(h.Signature),
});


export const EventHeader = struct(
  "EventHeader",
  32,
  {
    EventVersion: field(0, u8, { json: EVENT_HEADER }),
    EventContextCount: field(1, u8),
    SourceDeviceType: field(2, u8, { values: SOURCE_DEVICE_TYPES }),
    Reserved1: field(3, reserved(1)),
    EventType: field(4, u16),
    EventSubtype: field(6, u16),
    EventLinkId: field(8, u64),
    Signature: field(16, ascii(16)),
  },
  { spec: SPEC },
);

export const InfoHeader = struct(
  "EventInfoHeader",
  3,
  {
    /** High byte major, low byte minor. */
    InfoVersion: field(0, u16),
    /** Header (3 bytes) + device info. */
    InfoSize: field(2, u8),
  },
  { spec: SPEC },
);

/** EFI_NVIDIA_CPU_EVENT_INFO (packed, 29 bytes). Architecture: HidFam 3:0, MajorRev 7:4, ChipId 15:8, MinorRev 19:16, PreSiPlatform 24:20, ErrorInjection 31. */
export const CpuEventInfo = struct(
  "CpuEventInfo",
  29,
  {
    SocketNum: field(0, u8),
    Architecture: field(1, u32),
    Ecid1: field(5, u32),
    Ecid2: field(9, u32),
    Ecid3: field(13, u32),
    Ecid4: field(17, u32),
    InstanceBase: field(21, u64),
  },
  { spec: SPEC },
);

/** EFI_NVIDIA_GPU_EVENT_INFO (packed, 13 bytes). */
export const GpuEventInfo = struct(
  "GpuEventInfo",
  13,
  {
    EventOriginator: field(0, u8, { values: EVENT_ORIGINATORS }),
    SourcePartition: field(1, u16),
    SourceSubPartition: field(3, u16),
    Pdi: field(5, u64),
  },
  { spec: SPEC },
);

export const CtxHeader = struct(
  "EventContextHeader",
  16,
  {
    CtxSize: field(0, u32),
    CtxVersion: field(4, u16),
    Reserved1: field(6, reserved(2)),
    DataFormatType: field(8, u16),
    DataFormatVersion: field(10, u16),
    DataSize: field(12, u32),
  },
  { spec: SPEC },
);

/** EFI_NVIDIA_GPU_CTX_INIT_METADATA (0x8000, 192 bytes; the PCI info is the union member for HardwareInfoType 0). */
export const GpuInitMetadata = struct(
  "GpuInitMetadata",
  192,
  {
    DeviceName: field(0, ascii(48)),
    FirmwareVersion: field(48, ascii(16)),
    PfDriverMicrocodeVersion: field(64, ascii(16)),
    PfDriverVersion: field(80, ascii(16)),
    VfDriverVersion: field(96, ascii(16)),
    Configuration: field(112, u64),
    Pdi: field(120, u64),
    ArchitectureId: field(128, u32),
    HardwareInfoType: field(132, u8),
    Class: field(133, u8),
    Subclass: field(134, u8),
    Rev: field(135, u8),
    VendorId: field(136, u16),
    DeviceId: field(138, u16),
    SubsystemVendorId: field(140, u16),
    SubsystemId: field(142, u16),
    Bar0Start: field(144, u64),
    Bar0Size: field(152, u64),
    Bar1Start: field(160, u64),
    Bar1Size: field(168, u64),
    Bar2Start: field(176, u64),
    Bar2Size: field(184, u64),
  },
  { spec: SPEC },
);

/** EFI_NVIDIA_GPU_CTX_LEGACY_XID (0x8001, up to 240 bytes: DataSize may cut the message). */
export const GpuLegacyXid = struct(
  "GpuLegacyXid",
  240,
  {
    XidCode: field(0, u32),
    Message: field(4, ascii(236)),
  },
  { spec: SPEC },
);

/** EFI_NVIDIA_GPU_CTX_RECOMMENDED_ACTIONS (0x8002, 16 bytes). */
export const GpuRecommendedActions = struct(
  "GpuRecommendedActions",
  16,
  {
    Flags: field(0, u8),
    Reserved1: field(1, reserved(3)),
    RecoveryAction: field(4, u16),
    DiagnosticFlow: field(6, u16),
    Reserved2: field(8, reserved(8)),
  },
  { spec: SPEC },
);

/** Element layouts of the common data formats 1-4 (arrays filling DataSize). */
export const KeyVal64 = struct("KeyVal64", 16, { Key: field(0, u64), Value: field(8, u64) }, { spec: SPEC });
export const KeyVal32 = struct("KeyVal32", 8, { Key: field(0, u32), Value: field(4, u32) }, { spec: SPEC });
export const Val64 = struct("Val64", 8, { Value: field(0, u64) }, { spec: SPEC });
export const Val32 = struct("Val32", 4, { Value: field(0, u32) }, { spec: SPEC });
