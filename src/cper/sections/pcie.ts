// PCI Express Error Section (UEFI 2.10 N.2.7, Tables N-28/N-29), with the
// 60-byte PCI Express Capability Structure and the 96-byte AER Extended
// Capability kept as bytes and decoded for JSON (pcie-regs.ts).

import { field, struct } from "../../layout/struct.js";
import { bytes, reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import type { SectionDecodeOptions } from "../section-api.js";
import { decodeFlat, encodeFlat, lintFlat, locateFlat, moreCodec, type Flat } from "./more-codec.js";
import { flatFast, withFastJson } from "./fast-json.js";
import { b64, enumPair, fitBytes, getB64, getNum, getObj, getPairValue, getUint, has, jsonU64, linuxHexDump, type JsonObj } from "./more-json.js";
import { AER_REGISTERS, CAPABILITY_REGISTERS, registersToJson } from "./pcie-regs.js";
import { hexDigits } from "../../arch/bits.js";
import { bcdValue, toBcd } from "../layouts/timestamp.js";

const SPEC = "UEFI 2.10 N.2.7 Table N-28";

export const PCIE_PORT_TYPES: Readonly<Record<number, string>> = {
  0: "PCI Express End Point",
  1: "Legacy PCI End Point Device",
  4: "Root Port",
  5: "Upstream Switch Port",
  6: "Downstream Switch Port",
  7: "PCI Express to PCI/PCI-X Bridge",
  8: "PCI/PCI-X Bridge to PCI Express Bridge",
  9: "Root Complex Integrated Endpoint Device",
  10: "Root Complex Event Collector",
};
// Linux: cper_pcie_port_type_strs[]
const LINUX_PORT_TYPES = [
  "PCIe end point",
  "legacy PCI end point",
  "unknown",
  "unknown",
  "root port",
  "upstream switch port",
  "downstream switch port",
  "PCIe to PCI/PCI-X bridge",
  "PCI/PCI-X to PCIe bridge",
  "root complex integrated endpoint device",
  "root complex event collector",
];

export const PcieError = struct(
  "PcieError",
  208,
  {
    ValidationBits: field(0, u64),
    PortType: field(8, u32, { valid: 0, values: PCIE_PORT_TYPES }),
    VersionMinor: field(12, u8, { valid: 1 }),
    VersionMajor: field(13, u8, { valid: 1 }),
    VersionReserved: field(14, reserved(2)),
    CommandRegister: field(16, u16, { valid: 2 }),
    StatusRegister: field(18, u16, { valid: 2 }),
    Reserved: field(20, reserved(4)),
    VendorId: field(24, u16, { valid: 3 }),
    DeviceId: field(26, u16, { valid: 3 }),
    ClassCode: field(28, bytes(3), { valid: 3 }),
    FunctionNumber: field(31, u8, { valid: 3 }),
    DeviceNumber: field(32, u8, { valid: 3 }),
    SegmentNumber: field(33, u16, { valid: 3 }),
    DeviceBusNumber: field(35, u8, { valid: 3, doc: "primary or device bus number" }),
    SecondaryBusNumber: field(36, u8, { valid: 3 }),
    SlotNumber: field(37, u16, { valid: 3, doc: "bits 15:3 slot number, 2:0 reserved" }),
    DeviceIdReserved: field(39, reserved(1)),
    DeviceSerialNumber: field(40, u64, { valid: 4 }),
    SecondaryStatusRegister: field(48, u16, { valid: 5 }),
    BridgeControlRegister: field(50, u16, { valid: 5 }),
    CapabilityStructure: field(52, bytes(60), { valid: 6, doc: "PCIe 6.0 §7.5.3" }),
    AerInfo: field(112, bytes(96), { valid: 7, doc: "PCIe 6.0 §7.8.4" }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);

export type PcieSection = Flat<(typeof PcieError)["fields"]>;
const bit = (vb: bigint, n: number): boolean => ((vb >> BigInt(n)) & 1n) === 1n;
const u24 = (b: Uint8Array): number => b[0]! | (b[1]! << 8) | (b[2]! << 16);
/** libcper's "0x%0NX" of the value's low 4N bits. */
const hexN = (v: number, digits: number): string => "0x" + hexDigits(v % 16 ** digits, digits).toUpperCase();

function toLib(v: PcieSection): JsonObj {
  const f = v.fields;
  const vb = f.ValidationBits;
  const out: JsonObj = {};
  if (bit(vb, 0)) out.portType = enumPair(f.PortType, PCIE_PORT_TYPES);
  // UEFI 2.10 N.2.7: the version bytes are BCD; libcper prints them as decimal (bcd_to_int).
  if (bit(vb, 1)) out.version = { minor: bcdValue(f.VersionMinor), major: bcdValue(f.VersionMajor) };
  if (bit(vb, 2)) out.commandStatus = { commandRegister: f.CommandRegister, statusRegister: f.StatusRegister };
  if (bit(vb, 3)) {
    // libcper prints each ID twice: "<key>_Hex" first (0x%02X for the byte-sized ones, which
    // truncates the 16-bit segment and slot numbers to their low byte), then the decimal values.
    const slot = f.SlotNumber >> 3;
    out.deviceID = {
      deviceID_Hex: hexN(f.DeviceId, 4),
      vendorID_Hex: hexN(f.VendorId, 4),
      classCode_Hex: hexN(u24(f.ClassCode), 6),
      functionNumber_Hex: hexN(f.FunctionNumber, 2),
      deviceNumber_Hex: hexN(f.DeviceNumber, 2),
      segmentNumber_Hex: hexN(f.SegmentNumber, 2),
      primaryOrDeviceBusNumber_Hex: hexN(f.DeviceBusNumber, 2),
      secondaryBusNumber_Hex: hexN(f.SecondaryBusNumber, 2),
      slotNumber_Hex: hexN(slot, 2),
      vendorID: f.VendorId,
      deviceID: f.DeviceId,
      classCode: u24(f.ClassCode),
      functionNumber: f.FunctionNumber,
      deviceNumber: f.DeviceNumber,
      segmentNumber: f.SegmentNumber,
      primaryOrDeviceBusNumber: f.DeviceBusNumber,
      secondaryBusNumber: f.SecondaryBusNumber,
      slotNumber: slot,
    };
  }
  if (bit(vb, 4)) out.deviceSerialNumber = jsonU64(f.DeviceSerialNumber);
  if (bit(vb, 5)) out.bridgeControlStatus = { secondaryStatusRegister: f.SecondaryStatusRegister, controlRegister: f.BridgeControlRegister };
  if (bit(vb, 6)) out.capabilityStructure = { data: b64(f.CapabilityStructure), ...registersToJson(CAPABILITY_REGISTERS, f.CapabilityStructure) };
  if (bit(vb, 7)) out.aerInfo = { data: b64(f.AerInfo), ...registersToJson(AER_REGISTERS, f.AerInfo) };
  return out;
}

function fromLib(j: JsonObj, p: string): PcieSection {
  let vb = 0n;
  const sub = (k: string, n: number): JsonObj | undefined => (has(j, k) ? ((vb |= 1n << BigInt(n)), getObj(j, k, p)) : undefined);
  const version = sub("version", 1);
  const cs = sub("commandStatus", 2);
  const id = sub("deviceID", 3);
  const bridge = sub("bridgeControlStatus", 5);
  const cap = sub("capabilityStructure", 6);
  const aer = sub("aerInfo", 7);
  const PortType = has(j, "portType") ? ((vb |= 1n), getPairValue(j, "portType", p, 32)) : 0;
  const DeviceSerialNumber = has(j, "deviceSerialNumber") ? ((vb |= 16n), getUint(j, "deviceSerialNumber", p, 64)) : 0n;
  const ip = `${p}.deviceID`;
  const cc = id ? getNum(id, "classCode", ip, 24) : 0;
  return {
    fields: {
      ValidationBits: vb,
      PortType,
      VersionMinor: version ? toBcd(getNum(version, "minor", `${p}.version`, 8)) : 0,
      VersionMajor: version ? toBcd(getNum(version, "major", `${p}.version`, 8)) : 0,
      VersionReserved: new Uint8Array(2),
      CommandRegister: cs ? getNum(cs, "commandRegister", `${p}.commandStatus`, 16) : 0,
      StatusRegister: cs ? getNum(cs, "statusRegister", `${p}.commandStatus`, 16) : 0,
      Reserved: new Uint8Array(4),
      VendorId: id ? getNum(id, "vendorID", ip, 16) : 0,
      DeviceId: id ? getNum(id, "deviceID", ip, 16) : 0,
      ClassCode: Uint8Array.of(cc & 0xff, (cc >> 8) & 0xff, cc >> 16),
      FunctionNumber: id ? getNum(id, "functionNumber", ip, 8) : 0,
      DeviceNumber: id ? getNum(id, "deviceNumber", ip, 8) : 0,
      SegmentNumber: id ? getNum(id, "segmentNumber", ip, 16) : 0,
      DeviceBusNumber: id ? getNum(id, "primaryOrDeviceBusNumber", ip, 8) : 0,
      SecondaryBusNumber: id ? getNum(id, "secondaryBusNumber", ip, 8) : 0,
      SlotNumber: id ? getNum(id, "slotNumber", ip, 13) << 3 : 0,
      DeviceIdReserved: new Uint8Array(1),
      DeviceSerialNumber,
      SecondaryStatusRegister: bridge ? getNum(bridge, "secondaryStatusRegister", `${p}.bridgeControlStatus`, 16) : 0,
      BridgeControlRegister: bridge ? getNum(bridge, "controlRegister", `${p}.bridgeControlStatus`, 16) : 0,
      CapabilityStructure: cap ? fitBytes(getB64(cap, "data", `${p}.capabilityStructure`), 60, `${p}.capabilityStructure.data`) : new Uint8Array(60),
      AerInfo: aer ? fitBytes(getB64(aer, "data", `${p}.aerInfo`), 96, `${p}.aerInfo.data`) : new Uint8Array(96),
    },
    trailing: new Uint8Array(0),
  };
}

/** CPER_SEV_FATAL, tested as a bit (gdata->error_severity & CPER_SEV_FATAL). */
const SEV_FATAL = 1;

/**
 * Linux: cper_print_pcie(). The AER registers print by release (src/linux/boundaries.ts
 * cperPcieAerAll): from 6.12 for every severity, with aer_cor_status/mask first; before
 * 6.12 only aer_uncor_*, and only when the Generic Error Data Entry's severity has the
 * FATAL bit. opts.severity is that entry's severity (none for a bare section);
 * opts.aerAllSeverities selects the release rule (default: the newest, 6.12+).
 */
function renderLinux(v: PcieSection, opts: SectionDecodeOptions): string[] {
  const f = v.fields;
  const vb = f.ValidationBits;
  const lines: string[] = [];
  // "%d" of a u32: values from 2^31 print negative.
  if (bit(vb, 0)) lines.push(`port_type: ${f.PortType | 0}, ${LINUX_PORT_TYPES[f.PortType] ?? "unknown"}`);
  // cper_print_pcie(): "version: %d.%d" of the raw bytes (Linux does not decode the BCD).
  if (bit(vb, 1)) lines.push(`version: ${f.VersionMajor}.${f.VersionMinor}`);
  if (bit(vb, 2)) lines.push(`command: 0x${hexDigits(f.CommandRegister, 4)}, status: 0x${hexDigits(f.StatusRegister, 4)}`);
  if (bit(vb, 3)) {
    lines.push(`device_id: ${hexDigits(f.SegmentNumber, 4)}:${hexDigits(f.DeviceBusNumber, 2)}:${hexDigits(f.DeviceNumber, 2)}.${f.FunctionNumber.toString(16)}`);
    lines.push(`slot: ${f.SlotNumber >> 3}`);
    lines.push(`secondary_bus: 0x${hexDigits(f.SecondaryBusNumber, 2)}`);
    lines.push(`vendor_id: 0x${hexDigits(f.VendorId, 4)}, device_id: 0x${hexDigits(f.DeviceId, 4)}`);
    lines.push(`class_code: ${hexDigits(f.ClassCode[2]!, 2)}${hexDigits(f.ClassCode[1]!, 2)}${hexDigits(f.ClassCode[0]!, 2)}`);
  }
  if (bit(vb, 4)) {
    lines.push(`serial number: 0x${hexDigits(Number(f.DeviceSerialNumber & 0xffff_ffffn), 4)}, 0x${hexDigits(Number(f.DeviceSerialNumber >> 32n), 4)}`);
  }
  if (bit(vb, 5)) lines.push(`bridge: secondary_status: 0x${hexDigits(f.SecondaryStatusRegister, 4)}, control: 0x${hexDigits(f.BridgeControlRegister, 4)}`);
  const o = opts as SectionDecodeOptions & { severity?: number; aerAllSeverities?: boolean };
  const all = o.aerAllSeverities ?? true;
  if (bit(vb, 7) && (all || (o.severity !== undefined && (o.severity & SEV_FATAL) !== 0))) {
    const dv = new DataView(f.AerInfo.buffer, f.AerInfo.byteOffset, 96);
    const w = (at: number): string => hexDigits(dv.getUint32(at, true), 8);
    if (all) lines.push(`aer_cor_status: 0x${w(16)}, aer_cor_mask: 0x${w(20)}`);
    lines.push(`aer_uncor_status: 0x${w(4)}, aer_uncor_mask: 0x${w(8)}`);
    lines.push(`aer_uncor_severity: 0x${w(12)}`);
    lines.push(`TLP Header: ${w(28)} ${w(32)} ${w(36)} ${w(40)}`);
  }
  return lines;
}

function renderText(v: PcieSection): string[] {
  const f = v.fields;
  const vb = f.ValidationBits;
  const lines = ["PCI Express error"];
  if (bit(vb, 0)) lines.push(`  port type: ${PCIE_PORT_TYPES[f.PortType] ?? `reserved (${f.PortType})`}`);
  if (bit(vb, 3)) lines.push(`  device: ${hexDigits(f.SegmentNumber, 4)}:${hexDigits(f.DeviceBusNumber, 2)}:${hexDigits(f.DeviceNumber, 2)}.${f.FunctionNumber}, vendor 0x${hexDigits(f.VendorId, 4)} device 0x${hexDigits(f.DeviceId, 4)}`);
  if (bit(vb, 4)) lines.push(`  serial number: 0x${f.DeviceSerialNumber.toString(16).padStart(16, "0")}`);
  if (bit(vb, 7)) {
    const a = registersToJson(AER_REGISTERS, f.AerInfo);
    const set = (k: string): string[] =>
      Object.entries(a[k] as Record<string, unknown>)
        .filter(([, x]) => x === true)
        .map(([n]) => n.replace(/_status$/, ""));
    const unc = set("uncorrectable_error_status");
    const cor = set("correctable_error_status");
    lines.push(`  AER uncorrectable: ${unc.length ? unc.join(", ") : "none"}`);
    lines.push(`  AER correctable: ${cor.length ? cor.join(", ") : "none"}`);
  }
  if (bit(vb, 6)) lines.push("  PCIe capability structure:", ...linuxHexDump(f.CapabilityStructure, false).map((l) => `    ${l}`));
  return lines;
}

export const pcieCodec = withFastJson(moreCodec<PcieSection>({
  key: "pcie",
  guid: "d995e954-bbc1-430f-ad91-b44dcb3c6f35",
  name: "PCI Express Error",
  libcperKey: "Pcie",
  libcperTypeName: "PCIe",
  linuxName: "PCIe error",
  message: "A PCIe Error occurred",
  decode: (body) => decodeFlat(PcieError, body),
  encode: (v) => encodeFlat(PcieError, v),
  locate: (_v, at) => locateFlat(PcieError, at),
  toLib,
  fromLib,
  renderLinux,
  renderText,
  lint: (v) => {
    const out = lintFlat(PcieError, v, SPEC, { validMask: 0xffn });
    if (bit(v.fields.ValidationBits, 0) && PCIE_PORT_TYPES[v.fields.PortType] === undefined) {
      out.push({ severity: "error", offset: 8, field: "PortType", message: `port type ${v.fields.PortType} is reserved`, spec: SPEC });
    }
    if ((v.fields.SlotNumber & 7) !== 0) out.push({ severity: "warning", offset: 37, field: "SlotNumber", message: "reserved bits 2:0 of the slot number are set", spec: "UEFI 2.10 N.2.7 Table N-29" });
    return out;
  },
}), flatFast(PcieError, 0xffn, (out, v) => {
  // The version bytes go through bcd_to_int and back; the slot number drops bits 2:0.
  const f = v.fields;
  if (bit(f.ValidationBits, 1)) {
    out.VersionMinor = toBcd(bcdValue(f.VersionMinor));
    out.VersionMajor = toBcd(bcdValue(f.VersionMajor));
  }
  if (bit(f.ValidationBits, 3)) out.SlotNumber = f.SlotNumber & ~7;
}));
