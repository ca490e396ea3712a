// The table of built-in sections (GUID → codec), like libcper's section_definitions[]:
// the registry (../registry.ts) is built from this one list. Where two codecs share a
// libcper key, the first listed answers JSON in.
import type { SectionCodec } from "../section-api.js";
import { ampereCodec } from "./ampere.js";
import { ampereErrorCodec } from "./ampere-error.js";
import { armCodec } from "./arm.js";
import { armRasCodec } from "./arm-ras.js";
import { ccixPerCodec } from "./ccix-per.js";
import { cxlComponentCodecs } from "./cxl-component.js";
import { cxlProtocolCodec } from "./cxl-protocol.js";
import { dmarGenericCodec } from "./dmar-generic.js";
import { dmarIommuCodec } from "./dmar-iommu.js";
import { dmarVtdCodec } from "./dmar-vtd.js";
import { firmwareCodec } from "./firmware.js";
import { genericCodec } from "./generic.js";
import { ia32x64Codec } from "./ia32x64.js";
import { memoryCodec } from "./memory.js";
import { memory2Codec } from "./memory2.js";
import { nvidiaCodec } from "./nvidia.js";
import { nvidiaEventCodec } from "./nvidia-event.js";
import { pciBusCodec } from "./pci-bus.js";
import { pciComponentCodec } from "./pci-component.js";
import { pcieCodec } from "./pcie.js";

export const BUILTIN_SECTIONS: readonly SectionCodec<any>[] = [
  genericCodec,
  armCodec,
  armRasCodec,
  memoryCodec,
  memory2Codec,
  ampereCodec,
  ampereErrorCodec,
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
