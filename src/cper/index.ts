// armras CPER codec: decode, encode, JSON (libcper-compatible), Linux dmesg, text, lint.
export * from "./model.js";
export { decode, iterate, decodeRecord, decodeEstatus, decodeBareSection, detectFraming, looksLikeEstatus, hasCperSignature } from "./decode.js";
export { encode, encodeRecord, encodeEstatus, encodeBareSection, encodeSectionBody, finalizeRecord, finalizeEstatus } from "./encode.js";
export { toJson, toJsonText, fromJson, sectionJson, EXTRA } from "./json.js";
export { renderLinux, severityStr, type LinuxRenderOptions } from "./render/linux.js";
export { renderText } from "./render/text.js";
export { hexDumpLinux } from "./render/hexdump.js";
export { lint } from "./lint.js";
export { streamRecords, recordChunks, decodeChunk, type RecordChunk, type ChunkOptions } from "./stream.js";
export { codecFor, codecOf, registerSection, registeredSections, isKnownSection } from "./registry.js";
export { parseJson, stringifyJson } from "./json-helpers.js";
export type { SectionCodec, DecodedSection, SectionDecodeOptions, ArmTypeReading, Finding } from "./section-api.js";
