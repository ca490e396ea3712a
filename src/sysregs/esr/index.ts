// Public API of the ESR_ELx codec, validator and renderers.
export { ESR_EC, ESR_FIELDS, ESR_IL, ESR_ISS, ESR_ISS2, ISS_MASK } from "./layout.js";
export { EC_TABLE, ecByLinuxMacro, ecInfo, linuxClassString, siblingEc, LINUX_UNRECOGNIZED_EC, type EcInfo, type IlRule, type SourceState } from "./ec-table.js";
export {
  LAYOUTS,
  LAYOUT_DABT,
  LAYOUT_IABT,
  LAYOUT_SERROR,
  LAYOUT_SYS64,
  LAYOUT_WFX,
  LAYOUT_IMM16,
  LAYOUT_COMMENT,
  caseOf,
  type IssCase,
  type IssField,
  type IssLayout,
  type LayoutId,
} from "./iss-layouts.js";
export { FSC_TABLE, fscInfo, linuxFaultName, type FscInfo, type FscKind } from "./fsc.js";
export { AET_TABLE, SET_TABLE, type ErrorTypeInfo } from "./ras-types.js";
export { decode, decodeWords, encode, encodeDecoded, esrOf, EsrError, type EsrDecoded, type EsrEncodeInput, type FscResult } from "./codec.js";
export { validate, checkDecoded, checkWords, bitRanges, type ValidateOptions, type EsrProblem, type ProblemKind, type ArchProfile } from "./validate.js";
export { parseKernelVersion, compareKernel, LATEST_KERNEL, KernelVersionError, type KernelVersion } from "./kernel-version.js";
export { LINUX_ESR_FORMAT, LINUX_EC_NAME_SINCE, hasFormat, type FormatBoundary } from "./linux-format.js";
export {
  renderLinux,
  renderLinuxEsr,
  memAbortDecodeLines,
  serrorPanicLine,
  dieLine,
  unhandledSyncLine,
  kernelBrkLines,
  userFaultLine,
  linuxClassStringFor,
  type LinuxRenderOptions,
  type UserFaultInfo,
} from "./render-linux.js";
export { toJson, esrHex16, type EsrJson } from "./render-json.js";
export { explain, renderText } from "./render-text.js";
export { sysRegName, genericSysRegName } from "./sysreg-name.js";
export { ESR_EXAMPLES, decodeExamples, type EsrExample } from "./examples.js";
