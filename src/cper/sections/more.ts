// Section codecs: IA32/X64, PCIe, PCI/PCI-X bus, PCI component, Firmware Error Record
// Reference, DMAr generic, Intel VT-d, IOMMU, CCIX PER, CXL protocol, CXL component events, NVIDIA.
import type { SectionCodec } from "../section-api.js";
import { ccixPerCodec } from "./ccix-per.js";
import { cxlComponentCodecs } from "./cxl-component.js";
import { cxlProtocolCodec } from "./cxl-protocol.js";
import { dmarGenericCodec } from "./dmar-generic.js";
import { dmarIommuCodec } from "./dmar-iommu.js";
import { dmarVtdCodec } from "./dmar-vtd.js";
import { firmwareCodec } from "./firmware.js";
import { ia32x64Codec } from "./ia32x64.js";
import { nvidiaCodec } from "./nvidia.js";
import { nvidiaEventCodec } from "./nvidia-event.js";
import { pciBusCodec } from "./pci-bus.js";
import { pciComponentCodec } from "./pci-component.js";
import { pcieCodec } from "./pcie.js";

export const MORE_SECTIONS: readonly SectionCodec<any>[] = [
  ia32x64Codec,
  pcieCodec,
  pciBusCodec,
  pciComponentCodec,
  firmwareCodec,
  dmarGenericCodec,
  dmarVtdCodec,
  dmarIommuCodec,
  ccixPerCodec,
  cxlProtocolCodec,
  ...cxlComponentCodecs,
  nvidiaCodec,
  nvidiaEventCodec,
];
