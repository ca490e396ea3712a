// `armras cper encode` writes stored lengths and offsets as they are (so decoded
// records re-encode byte for byte), zero-filling up to them. A hand-edited value
// (recordLength 4294967295, sectionOffset 4294967295) would make a file of
// gigabytes from a few hundred bytes of content: refused here, naming the field.
import { encodeSectionBody } from "../../cper/encode.js";
import { MAX_ZERO_FILL } from "../../cper/model.js";
import { gedeSize } from "../../cper/layouts/estatus.js";
import type { CperTree, ExtraBytes } from "../../cper/model.js";
import { EXTRA_KEY } from "../../cper/json/patches.js";

/** Zero fill allowed beyond the content (firmware pads records; a page is plenty). */
export const MAX_PADDING = MAX_ZERO_FILL;

const extraBytes = (x: readonly ExtraBytes[]) => x.reduce((n, e) => n + e.bytes.length, 0);

/**
 * The first stored length or offset that would make the encoded bytes more than
 * MAX_PADDING bigger than the content (headers, section bodies, raw data, extra
 * bytes), as a message naming its JSON field; undefined when every one is within.
 */
export function oversizedField(tree: CperTree): string | undefined {
  const over = (field: string, end: number, content: number) =>
    end > content + MAX_PADDING ? `${field} would make ${end} bytes of output for ${content} bytes of content (more than ${MAX_PADDING} bytes of zero fill)` : undefined;
  if (tree.framing === "record") {
    const bodies = tree.sections.map((s) => encodeSectionBody(s.section).length);
    const content = 128 + 72 * tree.sections.length + bodies.reduce((a, b) => a + b, 0) + extraBytes(tree.extra);
    const found =
      over(`header.recordLength ${tree.header.RecordLength}`, tree.header.RecordLength, content) ??
      tree.sections.map((s, i) => over(`sectionDescriptors[${i}].sectionOffset ${s.descriptor.SectionOffset}`, s.descriptor.SectionOffset + bodies[i]!, content)).find((m) => m !== undefined) ??
      tree.extra.map((x, i) => over(`${EXTRA_KEY}.extra[${i}].offset ${x.offset}`, x.offset + x.bytes.length, content)).find((m) => m !== undefined);
    return found ?? (tree.truncatedTo !== undefined ? over(`${EXTRA_KEY}.truncatedTo ${tree.truncatedTo}`, tree.truncatedTo, content) : undefined);
  }
  if (tree.framing === "estatus") {
    const content = 20 + tree.entries.reduce((n, e) => n + gedeSize(e.entry.Revision) + encodeSectionBody(e.section).length, 0) + (tree.rawData?.length ?? 0) + extraBytes(tree.extra);
    return (
      (tree.rawData ? over(`rawDataOffset ${tree.block.RawDataOffset}`, tree.block.RawDataOffset + tree.rawData.length, content) : undefined) ??
      tree.extra.map((x, i) => over(`${EXTRA_KEY}.extra[${i}].offset ${x.offset}`, x.offset + x.bytes.length, content)).find((m) => m !== undefined)
    );
  }
  return undefined;
}

/**
 * The JSON path of the first section whose body its section type's encoder
 * cannot write (e.g. an ARM GUID on a memory section's fields), with the
 * encoder's message; undefined when every body encodes.
 */
export function failingSection(tree: CperTree): string | undefined {
  const list = tree.framing === "record" ? tree.sections.map((s) => s.section) : tree.framing === "estatus" ? tree.entries.map((e) => e.section) : [tree.section];
  for (const [i, s] of list.entries()) {
    try {
      encodeSectionBody(s);
    } catch (e) {
      const where = tree.framing === "section" ? "section" : `sections[${i}]`;
      return `${where}: the body does not fit its section type (${s.guid}, ${s.codec}): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    }
  }
  return undefined;
}
