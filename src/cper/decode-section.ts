// Decodes one section body through the registry. A codec that rejects its body
// never loses it: the section falls back to raw bytes with a warning.
import type { Warning } from "../layout/result.js";
import type { DecodedSection, SectionDecodeOptions } from "./section-api.js";
import { codecFor } from "./registry.js";

export function decodeSectionBody(guid: string, body: Uint8Array, opts: SectionDecodeOptions, at: number, path: string, warnings: Warning[]): DecodedSection {
  const codec = codecFor(guid);
  let r;
  try {
    r = codec.decode(body, opts);
  } catch (e) {
    r = { ok: false as const, error: { kind: "invalid" as const, field: codec.key, offset: 0, message: `codec threw: ${(e as Error).message}` }, warnings: [] };
  }
  for (const w of r.warnings) warnings.push({ ...w, field: `${path}.${w.field}`, offset: at + w.offset });
  if (r.ok) return { guid, codec: codec.key, value: r.value };
  warnings.push({
    code: "section-undecodable",
    field: `${path}.${r.error.field}`,
    offset: at + r.error.offset,
    message: `${codec.name} section not decodable (${r.error.message}); kept as raw bytes`,
  });
  return { guid, codec: "unknown", value: { bytes: body.slice() } };
}
