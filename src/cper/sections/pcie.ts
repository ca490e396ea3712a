// PCI Express Error Section (UEFI 2.10 N.2.7, Tables N-28/N-29), with the
// 60-byte PCI Express Capability Structure and the 96-byte AER Extended
// Capability kept as bytes and decoded for JSON (pcie-regs.ts).

import { field, struct } from "../../layout/struct.js";
import { bytes, reserved, u16, u32, u64, u8 } from "../../layout/types.js";
import type { SectionDecodeOptions } from "../section-api.js";
import { declareSection, type Flat } from "./contract.js";
import { asEnum, asForm, group, lib, type JsonForm } from "./json-forms.js";
import { toBase64, fitBytes, getB64, getNum, getObj, bitSet as bit } from "../json/reader.js";
import { linuxHexDump } from "../render/hexdump.js";
import type { Finding } from "../section-api.js";
import type { Register } from "./pcie-regs.js";
import { AER_REGISTERS, CAPABILITY_REGISTERS, registersToJson, writeRegisters } from "./pcie-regs.js";
import { hexDigits } from "../../arch/bits.js";
import { bcdValue, toBcd } from "../layouts/timestamp.js";
import { pciIdGroup } from "./pci-id.js";

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

/** libcper's "0x%0NX" of the value's low 4N bits. */

// UEFI 2.10 N.2.7: the version bytes are BCD; libcper prints them as decimal (bcd_to_int).
const VERSION = group("version", ["VersionMajor"], {
  write: (out, key, f) => {
    out.begin(key);
    out.num("minor", bcdValue(f.VersionMinor));
    out.num("major", bcdValue(f.VersionMajor));
    out.end();
  },
  read: (j, key, p) => {
    const o = getObj(j, key, p);
    return { VersionMinor: toBcd(getNum(o, "minor", `${p}.${key}`, 8)), VersionMajor: toBcd(getNum(o, "major", `${p}.${key}`, 8)) };
  },
  keep: (f) => ({ VersionMinor: toBcd(bcdValue(f.VersionMinor)), VersionMajor: toBcd(bcdValue(f.VersionMajor)) }),
  keeps: (f) => toBcd(bcdValue(f.VersionMinor)) === f.VersionMinor && toBcd(bcdValue(f.VersionMajor)) === f.VersionMajor,
  text: (f) => `${f.VersionMajor}.${f.VersionMinor}`,
});

/** A sub-object of 16-bit registers: [JSON key, field] each. */
const registers16 = (key: string, regs: readonly (readonly [string, string])[]) =>
  group(
    key,
    regs.slice(1).map(([, n]) => n),
    {
      write: (out, k, f) => {
        out.begin(k);
        for (const [jk, n] of regs) out.num(jk, f[n]);
        out.end();
      },
      read: (j, k, p) => {
        const o = getObj(j, k, p);
        const r: Record<string, unknown> = {};
        for (const [jk, n] of regs) r[n] = getNum(o, jk, `${p}.${k}`, 16);
        return r;
      },
      text: (f) => regs.map(([jk, n]) => `${jk} 0x${hexDigits(f[n], 4)}`).join(", "),
    },
  );

// libcper prints each ID twice: "<key>_Hex" first (0x%02X for the byte-sized ones, which
// truncates the 16-bit segment and slot numbers to their low byte), then the decimal values.
const DEVICE_ID = pciIdGroup(
  "deviceID",
  [
    { key: "vendorID", field: "VendorId", bits: 16 },
    { key: "deviceID", field: "DeviceId", bits: 16 },
    { key: "classCode", field: "ClassCode", bits: 24, kind: "u24" },
    { key: "functionNumber", field: "FunctionNumber", bits: 8 },
    { key: "deviceNumber", field: "DeviceNumber", bits: 8 },
    { key: "segmentNumber", field: "SegmentNumber", bits: 16 },
    { key: "primaryOrDeviceBusNumber", field: "DeviceBusNumber", bits: 8 },
    { key: "secondaryBusNumber", field: "SecondaryBusNumber", bits: 8 },
    { key: "slotNumber", field: "SlotNumber", bits: 13, kind: "slot" },
  ],
  (f) => `${hexDigits(f.SegmentNumber, 4)}:${hexDigits(f.DeviceBusNumber, 2)}:${hexDigits(f.DeviceNumber, 2)}.${f.FunctionNumber}`,
  [
    { key: "deviceID_Hex", field: "DeviceId", digits: 4 },
    { key: "vendorID_Hex", field: "VendorId", digits: 4 },
    { key: "classCode_Hex", field: "ClassCode", digits: 6, kind: "u24" },
    { key: "functionNumber_Hex", field: "FunctionNumber", digits: 2 },
    { key: "deviceNumber_Hex", field: "DeviceNumber", digits: 2 },
    { key: "segmentNumber_Hex", field: "SegmentNumber", digits: 2 },
    { key: "primaryOrDeviceBusNumber_Hex", field: "DeviceBusNumber", digits: 2 },
    { key: "secondaryBusNumber_Hex", field: "SecondaryBusNumber", digits: 2 },
    { key: "slotNumber_Hex", field: "SlotNumber", digits: 2, kind: "slot" },
  ],
);

/** A register block: {data: base64, <decoded registers>} (pcie-regs.ts). */
const registerBlock = (regs: readonly Register[]): JsonForm => (spec) => {
  const n = spec.type.size;
  return asForm<Uint8Array>({
    write: (out, key, x) => {
      out.begin(key);
      out.ascii("data", toBase64(x));
      writeRegisters(out, regs, x);
      out.end();
    },
    read: (j, key, p) => fitBytes(getB64(getObj(j, key, p), "data", `${p}.${key}`), n, `${p}.${key}.data`),
    text: (x) => Buffer.from(x).toString("hex"),
  })(spec);
};

export const PcieError = struct(
  "PcieError",
  208,
  {
    ValidationBits: field(0, u64),
    PortType: field(8, u32, { valid: 0, values: PCIE_PORT_TYPES, json: lib("portType", asEnum()) }),
    VersionMinor: field(12, u8, { valid: 1, json: VERSION }),
    VersionMajor: field(13, u8, { valid: 1 }),
    VersionReserved: field(14, reserved(2)),
    CommandRegister: field(16, u16, { valid: 2, json: registers16("commandStatus", [["commandRegister", "CommandRegister"], ["statusRegister", "StatusRegister"]]) }),
    StatusRegister: field(18, u16, { valid: 2 }),
    Reserved: field(20, reserved(4)),
    VendorId: field(24, u16, { valid: 3, json: DEVICE_ID }),
    DeviceId: field(26, u16, { valid: 3 }),
    ClassCode: field(28, bytes(3), { valid: 3 }),
    FunctionNumber: field(31, u8, { valid: 3 }),
    DeviceNumber: field(32, u8, { valid: 3 }),
    SegmentNumber: field(33, u16, { valid: 3 }),
    DeviceBusNumber: field(35, u8, { valid: 3, doc: "primary or device bus number" }),
    SecondaryBusNumber: field(36, u8, { valid: 3 }),
    SlotNumber: field(37, u16, { valid: 3, doc: "bits 15:3 slot number, 2:0 reserved" }),
    DeviceIdReserved: field(39, reserved(1)),
    DeviceSerialNumber: field(40, u64, { valid: 4, json: lib("deviceSerialNumber") }),
    SecondaryStatusRegister: field(48, u16, { valid: 5, json: registers16("bridgeControlStatus", [["secondaryStatusRegister", "SecondaryStatusRegister"], ["controlRegister", "BridgeControlRegister"]]) }),
    BridgeControlRegister: field(50, u16, { valid: 5 }),
    CapabilityStructure: field(52, bytes(60), { valid: 6, doc: "PCIe 6.0 §7.5.3", json: lib("capabilityStructure", registerBlock(CAPABILITY_REGISTERS)) }),
    AerInfo: field(112, bytes(96), { valid: 7, doc: "PCIe 6.0 §7.8.4", json: lib("aerInfo", registerBlock(AER_REGISTERS)) }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);

export type PcieSection = Flat<(typeof PcieError)["fields"]>;

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

export const pcieCodec = declareSection({
  key: "pcie",
  guid: "d995e954-bbc1-430f-ad91-b44dcb3c6f35",
  name: "PCI Express Error",
  libcperKey: "Pcie",
  libcperTypeName: "PCIe",
  linuxName: "PCIe error",
  message: "A PCIe Error occurred",
  layout: PcieError,
  spec: SPEC,
  renderLinux,
  renderText,
  lint: (v) => {
    const out: Finding[] = [];
    if (bit(v.fields.ValidationBits, 0) && PCIE_PORT_TYPES[v.fields.PortType] === undefined) {
      out.push({ severity: "error", offset: 8, field: "PortType", message: `port type ${v.fields.PortType} is reserved`, spec: SPEC });
    }
    if ((v.fields.SlotNumber & 7) !== 0) out.push({ severity: "warning", offset: 37, field: "SlotNumber", message: "reserved bits 2:0 of the slot number are set", spec: "UEFI 2.10 N.2.7 Table N-29" });
    return out;
  },
});
