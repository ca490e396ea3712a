// armras CPER codec: decode, encode, JSON (libcper-compatible), Linux dmesg, text, lint.
export * from "./model.js";
export { decode, iterate, decodeRecord, decodeEstatus, decodeBareSection, detectFraming, looksLikeEstatus, hasCperSignature } from "./decode.js";
export { encode, encodeRecord, encodeEstatus, encodeBareSection, encodeSectionBody, finalizeRecord, finalizeEstatus } from "./encode.js";
export { toJson, toJsonText, fromJson, sectionJson, EXTRA } from "./json/tree.js";
export { renderLinux, severityStr, kmsgEscape, ghesRefusal, linuxPrintProfile, KERNEL_ARCHES, type LinuxRenderOptions, type KernelArch, type LinuxPrintProfile } from "./render/linux.js";
export { renderText } from "./render/text.js";
export { hexDumpLinux } from "./render/hexdump.js";
export { lint } from "./lint.js";
export { streamRecords, streamBytes, recordChunks, sourceChunks, bufferSource, nextRecordStart, decodeChunk, type RecordChunk, type ChunkOptions, type StreamItem, type SkippedItem, type SkippedBytes, type ByteSource } from "./stream.js";
export { codecFor, codecOf, registerSection, registeredSections, isKnownSection } from "./registry.js";
export { parseJson, stringifyJson } from "./json/reader.js";
export type { SectionCodec, DecodedSection, SectionDecodeOptions, ArmTypeReading, Finding } from "./section-api.js";
