// PCI/PCI-X Bus Error Section (UEFI 2.10 N.2.8, Table N-31), declared once (contract.ts).

import { field, struct } from "../../layout/struct.js";
import { reserved, u16, u64 } from "../../layout/types.js";
import { asErrorStatus } from "./error-status.js";
import { declareSection, type Flat } from "./contract.js";
import { asBits, asChoice, asEnum, asInt, asIntWithHex, lib } from "./json-forms.js";

const SPEC = "UEFI 2.10 N.2.8 Table N-31";

export const PCI_BUS_ERROR_TYPES: Readonly<Record<number, string>> = {
  0: "Unknown/OEM Specific Error",
  1: "Data Parity Error",
  2: "System Error",
  3: "Master Abort",
  4: "Bus Timeout/No Device Present (No DEVSEL#)",
  5: "Master Data Parity Error",
  6: "Address Parity Error",
  7: "Command Parity Error",
};

/** Bus Command byte 7 bit 0: 1 = PCI-X command (libcper prints only this bit). */
const PCIX_BIT = 1n << 56n;

export const PciBusError = struct(
  "PciBusError",
  72,
  {
    ValidationBits: field(0, u64),
    ErrorStatus: field(8, u64, { valid: 0, json: lib("errorStatus", asErrorStatus(), "error status") }),
    ErrorType: field(16, u16, { valid: 1, values: PCI_BUS_ERROR_TYPES, json: lib("errorType", asEnum(), "error type") }),
    BusId: field(18, u16, {
      valid: 2,
      doc: "bits 7:0 bus number, 15:8 segment number",
      json: lib("busID", asBits([["busNumber", 0, 8], ["segmentNumber", 8, 8]], (x) => `segment ${x >> 8}, bus ${x & 0xff}`), "bus"),
    }),
    Reserved: field(20, reserved(4)),
    BusAddress: field(24, u64, { valid: 3, json: lib("busAddress", asInt(), "bus address") }),
    BusData: field(32, u64, { valid: 4, json: lib("busData", asInt(), "bus data") }),
    BusCommand: field(40, u64, { valid: 5, doc: "byte 7 bit 0: 1 = PCI-X command", json: lib("busCommandType", asChoice(PCIX_BIT, [[0n, "PCI"], [PCIX_BIT, "PCI-X"]]), "bus command") }),
    BusRequestorId: field(48, u64, { valid: 6, json: lib("busRequestorID", asIntWithHex("busRequestorIDHex"), "requestor id") }),
    BusCompleterId: field(56, u64, { valid: 7, json: lib("busCompleterID", asIntWithHex("busCompleterIDHex"), "completer id") }),
    TargetId: field(64, u64, { valid: 8, json: lib("targetID", asInt(), "target id") }),
  },
  { validationField: "ValidationBits", spec: SPEC },
);

export type PciBusSection = Flat<(typeof PciBusError)["fields"]>;

export const pciBusCodec = declareSection({
  key: "pci-bus",
  guid: "c5753963-3b84-4095-bf78-eddad3f9c9dd",
  name: "PCI/PCI-X Bus Error",
  libcperKey: "PciBus",
  libcperTypeName: "PCI/PCI-X Bus",
  message: "A PCI/PCI-X Bus Error occurred",
  layout: PciBusError,
  spec: SPEC,
  title: "PCI/PCI-X bus error",
});
