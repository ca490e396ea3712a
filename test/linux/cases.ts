// The conformance cases (issue 12): every block is made by our own encoder (blocks.ts). Each
// name says what it holds; the suite runs all of them on each Debian kernel line and compares the
// real kernel with armras's prediction for that build.
import type { OracleInput } from "../../src/qemu/oracle.js";
import { arm, firmware, input, memory, pcie, unknown, type Body, type Sev } from "./blocks.js";

const bit = (...bits: number[]): bigint => bits.reduce((v, b) => v | (1n << BigInt(b)), 0n);
/** Memory validation bits (UEFI N.2.5 Table N-31). */
const MV = { status: 0, pa: 1, mask: 2, node: 3, card: 4, module: 5, bank: 6, device: 7, row: 8, column: 9, bitPos: 10, requestor: 11, responder: 12, target: 13, type: 14, rank: 15, cardHandle: 16, moduleHandle: 17, extRow: 18, bankGroup: 19, bankAddress: 20, chipId: 21 } as const;
const PA_OFFSET = 0x100n; // an offset inside the page, kept when the guest picks the page

function mem(errorType: number, extraBits: number[] = [], fields: Record<string, unknown> = {}, free = true): Body {
  return memory({ ValidationBits: bit(MV.pa, MV.type, ...extraBits), PhysicalAddress: 0x40000000n + PA_OFFSET, MemoryErrorType: errorType, ...fields }, free);
}
const one = (name: string, block: Sev | number, sec: Sev | number, body: Body, flags = 0): OracleInput => input(name, { severity: block, sections: [{ body, severity: sec, flags }] });

/** ARM error-information entry: type, and a PA (free page) when `pa`. */
function info(type: number, pa: boolean, more: Record<string, unknown> = {}) {
  return { ValidationBits: 0b0010 | (pa ? 0b10000 : 0), Type: type, Flags: 1, PhysicalFaultAddress: pa ? 0x40000000n : 0n, ...more };
}
const armOne = (type: number, pa: boolean) => arm([info(type, pa)], { freeIdx: pa ? [0] : [] });

const UNKNOWN_GUID = "0e5e2b1d-7a44-4c5c-9b1f-2a6f5d3c4b10";

export function conformanceCases(): OracleInput[] {
  const c: OracleInput[] = [];
  // -- memory: severities (block = section)
  c.push(one("mem-recoverable-free-page", "recoverable", "recoverable", mem(3)));
  c.push(one("mem-corrected", "corrected", "corrected", mem(2)));
  c.push(one("mem-corrected-threshold-soft-offline", "corrected", "corrected", mem(2), 0x8));
  c.push(one("mem-info", "info", "info", mem(0)));
  c.push(one("mem-recoverable-block-corrected-section", "recoverable", "corrected", mem(2)));
  c.push(one("mem-corrected-block-recoverable-section", "corrected", "recoverable", mem(3)));
  c.push(one("mem-recoverable-reset-flag", "recoverable", "recoverable", mem(3), 0x4));
  c.push(one("mem-recoverable-no-pa", "recoverable", "recoverable", memory({ ValidationBits: bit(MV.type, MV.node), Node: 1, MemoryErrorType: 3 }, false)));
  // -- memory: addresses outside RAM (pfn_valid false)
  c.push(one("mem-recoverable-pa-beyond-ram", "recoverable", "recoverable", memory({ ValidationBits: bit(MV.pa, MV.type), PhysicalAddress: 0x10_0000_0000n, MemoryErrorType: 3 }, false)));
  c.push(one("mem-recoverable-pa-below-ram", "recoverable", "recoverable", memory({ ValidationBits: bit(MV.pa, MV.type), PhysicalAddress: 0x0900_0000n, MemoryErrorType: 3 }, false)));
  c.push(one("mem-recoverable-pa-zero", "recoverable", "recoverable", memory({ ValidationBits: bit(MV.pa), PhysicalAddress: 0n }, false)));
  // -- memory: every error type with a different validation-bit pattern (recoverable: memory_failure; corrected: print only)
  const patterns: [number[], Record<string, unknown>][] = [
    [[MV.status], { ErrorStatus: 0x0400n }],
    [[MV.mask], { PhysicalAddressMask: 0xffff_ffff_f000n }],
    [[MV.node, MV.card, MV.module], { Node: 1, Card: 2, Module: 3 }],
    [[MV.bank, MV.device], { Bank: 0x1234, Device: 5 }],
    [[MV.row, MV.column, MV.bitPos], { Row: 0x4321, Column: 0x77, BitPosition: 9 }],
    [[MV.requestor, MV.responder, MV.target], { RequestorId: 0x11n, ResponderId: 0x22n, TargetId: 0x33n }],
    [[MV.rank, MV.cardHandle, MV.moduleHandle], { RankNumber: 2, CardHandle: 0x10, ModuleHandle: 0x20 }],
    [[MV.row, MV.extRow], { Row: 0xffff, Extended: 0x3 }],
    [[MV.bankGroup, MV.bankAddress], { Bank: 0x0305 }],
    [[MV.chipId, MV.node], { Extended: 0xa0, Node: 7 }],
    [[MV.node, MV.card, MV.module, MV.bank, MV.device, MV.row, MV.column], { Node: 1, Card: 1, Module: 1, Bank: 1, Device: 1, Row: 1, Column: 1 }],
    [[MV.status, MV.mask, MV.bitPos, MV.rank], { ErrorStatus: 0x1n, PhysicalAddressMask: 0xfffn, BitPosition: 63, RankNumber: 1 }],
    [[], {}],
    [[MV.node], { Node: 0xffff }],
    [[MV.moduleHandle, MV.module], { ModuleHandle: 0x1f, Module: 4 }],
    [[MV.device, MV.chipId], { Device: 3, Extended: 0xe0 }],
  ];
  patterns.forEach(([bits, fields], t) => {
    const sev: Sev = t % 2 === 0 ? "recoverable" : "corrected";
    c.push(one(`mem-type-${t}-${sev}-vb-${bits.join(".") || "pa"}`, sev, sev, mem(t, bits, fields)));
  });
  // -- ARM processor: each error-type bit, with and without a PA
  for (const [type, name] of [[0x02, "cache"], [0x04, "tlb"], [0x08, "bus"], [0x10, "micro"]] as const) {
    c.push(one(`arm-${name}-pa`, "recoverable", "recoverable", armOne(type, true)));
    c.push(one(`arm-${name}-no-pa`, "recoverable", "recoverable", armOne(type, false)));
  }
  c.push(one("arm-type-0-enum-cache-pa", "recoverable", "recoverable", armOne(0x00, true)));
  c.push(one("arm-type-1-reserved", "recoverable", "recoverable", armOne(0x01, false)));
  c.push(one("arm-type-cache-tlb-pa", "recoverable", "recoverable", armOne(0x06, true)));
  c.push(one("arm-type-all-bits", "recoverable", "recoverable", armOne(0x1e, false)));
  c.push(one("arm-type-reserved-high-bits", "recoverable", "recoverable", armOne(0x22, true)));
  c.push(one("arm-cache-pa-corrected", "corrected", "corrected", armOne(0x02, true)));
  c.push(one("arm-cache-pa-block-recoverable-section-corrected", "recoverable", "corrected", armOne(0x02, true)));
  c.push(one("arm-cache-va-and-info", "recoverable", "recoverable", arm([info(0x02, false, { ValidationBits: 0b1110, ErrorInformation: 0x0000_0001_0000_0117n, VirtualFaultAddress: 0xffff_0000_1234n, Flags: 0x0f })])));
  c.push(one("arm-tlb-info-multiple-error", "recoverable", "recoverable", arm([info(0x04, false, { ValidationBits: 0b0111, MultipleError: 4, ErrorInformation: 0x0000_0000_0000_0093n })])));
  c.push(one("arm-bus-info", "recoverable", "recoverable", arm([info(0x08, false, { ValidationBits: 0b0110, ErrorInformation: 0x0000_0000_05a0_1f01n })])));
  c.push(one("arm-header-affinity-mpidr", "recoverable", "recoverable", arm([info(0x10, false)], { headerValid: 0b111, affinity: 2 })));
  // -- ARM processor: several error-information entries
  c.push(one("arm-2-cache-pa-then-bus", "recoverable", "recoverable", arm([info(0x02, true), info(0x08, false)], { freeIdx: [0] })));
  c.push(one("arm-2-bus-then-cache-pa", "recoverable", "recoverable", arm([info(0x08, false), info(0x02, true)], { freeIdx: [1] })));
  c.push(one("arm-3-tlb-micro-bus", "recoverable", "recoverable", arm([info(0x04, false), info(0x10, false), info(0x08, false)])));
  c.push(one("arm-4-two-cache-pages", "recoverable", "recoverable", arm([info(0x02, true), info(0x04, false), info(0x02, true), info(0x10, false)], { freeIdx: [0, 2] })));
  // -- PCIe, firmware, unknown GUID
  const PCIE_DEV = (1n << 0n) | (1n << 3n); // port type, device id
  c.push(one("pcie-corrected-no-aer", "corrected", "corrected", pcie({ ValidationBits: PCIE_DEV, PortType: 4, FunctionNumber: 0, DeviceNumber: 1, SegmentNumber: 0, DeviceBusNumber: 0 })));
  c.push(one("pcie-recoverable-dev-no-aer", "recoverable", "recoverable", pcie({ ValidationBits: PCIE_DEV | (1n << 1n), PortType: 0, VersionMajor: 3, VersionMinor: 0, VendorId: 0x1af4, DeviceId: 0x1000, DeviceNumber: 2, DeviceBusNumber: 0 })));
  c.push(one("pcie-recoverable-aer", "recoverable", "recoverable", pcie({ ValidationBits: PCIE_DEV | (1n << 7n), PortType: 0, DeviceNumber: 3, DeviceBusNumber: 1 })));
  c.push(one("pcie-corrected-aer", "corrected", "corrected", pcie({ ValidationBits: PCIE_DEV | (1n << 7n), PortType: 0, DeviceNumber: 4, DeviceBusNumber: 1 })));
  c.push(one("pcie-recoverable-status-command", "recoverable", "recoverable", pcie({ ValidationBits: (1n << 2n) | (1n << 4n), CommandRegister: 0x0546, StatusRegister: 0x4010, DeviceSerialNumber: 0x1122334455667788n })));
  c.push(one("firmware-rev2-recoverable", "recoverable", "recoverable", firmware({ FirmwareErrorRecordType: 2, Revision: 2, RecordIdentifier: 0x1234n, RecordIdentifierGUID: "11111111-2222-3333-4444-555555555555" })));
  c.push(one("firmware-rev0-corrected", "corrected", "corrected", firmware({ FirmwareErrorRecordType: 0, Revision: 0, RecordIdentifier: 0x77n })));
  c.push(one("unknown-guid-recoverable-16", "recoverable", "recoverable", unknown(UNKNOWN_GUID, Uint8Array.from({ length: 16 }, (_, i) => i))));
  c.push(one("unknown-guid-corrected-40", "corrected", "corrected", unknown(UNKNOWN_GUID, Uint8Array.from({ length: 40 }, (_, i) => 0xa0 ^ i))));
  c.push(one("unknown-guid-empty", "recoverable", "recoverable", unknown("5b51fef7-c79d-4434-8f1b-aa62de3e2c64", new Uint8Array(0))));
  // -- several sections in one block
  const sec = (body: Body, severity: Sev, flags = 0) => ({ body, severity, flags });
  c.push(input("multi-mem-recoverable-then-arm-bus", { severity: "recoverable", sections: [sec(mem(3), "recoverable"), sec(armOne(0x08, false), "recoverable")] }));
  c.push(input("multi-arm-bus-then-mem-recoverable", { severity: "recoverable", sections: [sec(armOne(0x08, false), "recoverable"), sec(mem(3), "recoverable")] }));
  c.push(input("multi-mem-threshold-then-arm-micro", { severity: "recoverable", sections: [sec(mem(2), "corrected", 0x8), sec(armOne(0x10, false), "recoverable")] }));
  c.push(input("multi-two-mem-recoverable", { severity: "recoverable", sections: [sec(mem(3), "recoverable"), sec(mem(4), "recoverable")] }));
  c.push(input("multi-mem-then-pcie", { severity: "recoverable", sections: [sec(mem(3), "recoverable"), sec(pcie({ ValidationBits: 1n, PortType: 4 }), "recoverable")] }));
  c.push(input("multi-unknown-then-mem", { severity: "recoverable", sections: [sec(unknown(UNKNOWN_GUID, new Uint8Array(8).fill(0x5a)), "recoverable"), sec(mem(3), "recoverable")] }));
  c.push(input("multi-mem-then-unknown", { severity: "recoverable", sections: [sec(mem(3), "recoverable"), sec(unknown(UNKNOWN_GUID, new Uint8Array(8).fill(0xa5)), "recoverable")] }));
  c.push(input("multi-three-corrected", { severity: "corrected", sections: [sec(mem(2), "corrected"), sec(armOne(0x04, false), "corrected"), sec(firmware({ Revision: 1, RecordIdentifier: 9n }), "corrected")] }));
  c.push(input("multi-arm-cache-pa-then-mem-no-pa", { severity: "recoverable", sections: [sec(armOne(0x02, true), "recoverable"), sec(memory({ ValidationBits: bit(MV.type), MemoryErrorType: 3 }, false), "recoverable")] }));
  // -- GEDE revisions and raw data
  c.push(input("gede-revision-0x201-64-byte-header", { severity: "recoverable", sections: [{ body: mem(3), severity: "recoverable", revision: 0x201 }] }));
  c.push(input("raw-data-after-entries", { severity: "recoverable", sections: [sec(mem(3), "recoverable")], rawData: new Uint8Array(16).fill(0xee) }));
  // -- malformed blocks
  c.push(input("bad-data-length-plus-16", { severity: "recoverable", sections: [sec(mem(3), "recoverable")], dataLengthDelta: 16 }));
  c.push(input("bad-data-length-minus-8", { severity: "recoverable", sections: [sec(mem(3), "recoverable")], dataLengthDelta: -8 }));
  c.push(input("bad-data-length-below-gede", { severity: "recoverable", sections: [], dataLengthDelta: 40 }));
  c.push(input("bad-data-length-beyond-block", { severity: "recoverable", sections: [sec(mem(3), "recoverable")], dataLengthDelta: 2000 }));
  c.push(input("bad-raw-data-offset-inside-entries", { severity: "recoverable", sections: [sec(mem(3), "recoverable")], raw: { offset: 24, length: 8 } }));
  c.push(input("bad-error-data-length-plus-8", { severity: "recoverable", sections: [{ body: mem(3), severity: "recoverable", lengthDelta: 8 }] }));
  c.push(input("bad-arm-section-length-short", { severity: "recoverable", sections: [{ body: armOne(0x02, false), severity: "recoverable", lengthDelta: -8 }], dataLengthDelta: -8 }));
  c.push(input("empty-block-recoverable", { severity: "recoverable", sections: [] }));
  c.push(input("block-status-zero", { severity: "recoverable", sections: [sec(mem(3), "recoverable")], blockStatus: 0 }));
  // -- the estatus cache: the same block twice within 10 s (the second is claimed, not processed)
  const repeated = input("repeat-first", { severity: "recoverable", sections: [sec(memory({ ValidationBits: bit(MV.pa, MV.type), PhysicalAddress: 0x10_0000_2000n, MemoryErrorType: 1 }, false), "recoverable")] });
  c.push(repeated, { ...repeated, name: "repeat-second-within-10s" });
  // -- fatal (each ends its boot)
  c.push(one("fatal-mem", "fatal", "fatal", mem(3)));
  c.push(one("fatal-arm", "fatal", "fatal", armOne(0x08, false)));
  c.push(one("fatal-unknown-severity-7", 7, "recoverable", mem(3)));
  return c;
}
