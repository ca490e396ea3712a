// Section codecs: IA32/X64, PCIe, PCI/PCI-X bus, PCI component, Firmware Error Record
// Reference, DMAr generic, Intel VT-d, IOMMU, CCIX PER, CXL protocol, CXL component events.
import type { SectionCodec } from "../section-api.js";

export const MORE_SECTIONS: readonly SectionCodec<any>[] = [];
