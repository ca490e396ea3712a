// Every structure declared once: no gaps, no overlaps, and the sizes the UEFI
// 2.10 tables give (transcribed here, not read from our declarations).
import { expect } from "chai";
import { checkLayout, type Struct } from "../../../src/layout/struct.js";
import { CcixPerLog } from "../../../src/cper/sections/ccix-per.js";
import { CxlComponentEventHeader } from "../../../src/cper/sections/cxl-component.js";
import { CxlGeneralMediaEvent } from "../../../src/cper/sections/cxl-event-record.js";
import { CxlProtocolError } from "../../../src/cper/sections/cxl-protocol.js";
import { DmarGenericError } from "../../../src/cper/sections/dmar-generic.js";
import { IommuDmarError } from "../../../src/cper/sections/dmar-iommu.js";
import { VtdDmarError } from "../../../src/cper/sections/dmar-vtd.js";
import { FirmwareErrorRecordReference } from "../../../src/cper/sections/firmware.js";
import { Ia32RegisterState, Ia32x64ContextHeader, Ia32x64ErrorInfo, Ia32x64Header, X64RegisterState } from "../../../src/cper/sections/ia32x64-layout.js";
import { BUILTIN_SECTIONS } from "../../../src/cper/sections/index.js";
import { NvidiaHeader } from "../../../src/cper/sections/nvidia.js";
import { PciBusError } from "../../../src/cper/sections/pci-bus.js";
import { PciComponentError } from "../../../src/cper/sections/pci-component.js";
import { PcieError } from "../../../src/cper/sections/pcie.js";
import { AER_REGISTERS, CAPABILITY_REGISTERS } from "../../../src/cper/sections/pcie-regs.js";

// [structure, size in bytes, source]
const SIZES: [Struct<any>, number, string][] = [
  [Ia32x64Header, 64, "N-15"],
  [Ia32x64ErrorInfo, 64, "N-16"],
  [Ia32x64ContextHeader, 16, "N-21"],
  [Ia32RegisterState, 92, "N-22"],
  [X64RegisterState, 244, "N-23"],
  [PcieError, 208, "N-28"],
  [PciBusError, 72, "N-31"],
  [PciComponentError, 40, "N-33"],
  [FirmwareErrorRecordReference, 32, "N-36"],
  [DmarGenericError, 32, "N-37"],
  [VtdDmarError, 144, "N-38"],
  [IommuDmarError, 144, "N-39"],
  [CcixPerLog, 16, "N-40"],
  [CxlProtocolError, 116, "N-41"],
  [CxlComponentEventHeader, 32, "N-43"],
  [CxlGeneralMediaEvent, 112, "CXL 3.0 Table 8-45 less its 16-byte UUID"],
  [NvidiaHeader, 32, "libcper EFI_NVIDIA_ERROR_DATA (vendor)"],
];

describe("CPER more sections: layouts", () => {
  for (const [s, size, table] of SIZES) {
    it(`${s.name} is ${size} bytes (${table.startsWith("N-") ? `UEFI 2.10 Table ${table}` : table}) with no gaps or overlaps`, () => {
      expect(s.size).to.equal(size);
      expect(checkLayout(s)).to.deep.equal([]);
    });
  }
  it("PCIe register tables stay inside the 60-byte capability and 96-byte AER structures; fields inside their registers", () => {
    for (const [regs, limit] of [[CAPABILITY_REGISTERS, 60], [AER_REGISTERS, 96]] as const) {
      for (const r of regs) {
        expect(r.at + r.size, r.key).to.be.at.most(limit);
        for (const f of r.fields) expect(f.lsb + f.width, `${r.key}.${f.key}`).to.be.at.most(8 * r.size);
      }
    }
  });
  it("codec keys and GUIDs are unique and lowercase; UEFI GUIDs of the section table", () => {
    const guids = BUILTIN_SECTIONS.map((c) => c.guid);
    expect(new Set(guids).size).to.equal(guids.length);
    expect(new Set(BUILTIN_SECTIONS.map((c) => c.key)).size).to.equal(guids.length);
    for (const g of guids) expect(g).to.equal(g.toLowerCase());
    // cper-apei.md §2 (UEFI 2.10 Appendix N GUIDs)
    expect(guids).to.include.members([
      "dc3ea0b0-a144-4797-b95b-53fa242b6e1d",
      "d995e954-bbc1-430f-ad91-b44dcb3c6f35",
      "c5753963-3b84-4095-bf78-eddad3f9c9dd",
      "eb5e4685-ca66-4769-b6a2-26068b001326",
      "81212a96-09ed-4996-9471-8d729c8e69ed",
      "5b51fef7-c79d-4434-8f1b-aa62de3e2c64",
      "71761d37-32b2-45cd-a7d0-b0fedd93e8cf",
      "036f84e1-7f37-428c-a79e-575fdfaa84ec",
      "91335ef6-ebfb-4478-a6a6-88b728cf75d7",
      "80b9efb4-52b5-4de3-a777-68784b771048",
      "fbcd0a77-c260-417f-85a9-088b1621eba6",
      "601dcbb3-9c06-4eab-b8af-4e9bfb5c9624",
      "fe927475-dd59-4339-a586-79bab113b774",
      "77cf9271-9c02-470b-9fe4-bc7b75f2da97",
      "40d26425-3396-4c4d-a5da-3d47263af425",
      "8dc44363-0c96-4710-b7bf-04bb99534c3f",
    ]);
  });
});
