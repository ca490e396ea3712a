// Plain explanatory text for people: one block per record / status block / section.
import { DEFAULT_SECTION_OPTIONS, type DecodedSection, type SectionDecodeOptions } from "../section-api.js";
import { codecOf } from "../registry.js";
import { NOTIFICATION_TYPES, SEVERITY_NAMES } from "../layouts/record-header.js";
import { timestampIso, timestampIsoBinary, looksBinary } from "../layouts/timestamp.js";
import type { CperTree } from "../model.js";

const sevName = (s: number) => (SEVERITY_NAMES[s] ?? `unknown (${s})`).toLowerCase();

function section(i: number, s: DecodedSection, severity: number, opts: SectionDecodeOptions): string[] {
  const c = codecOf(s);
  const head = `section ${i}: ${c.key === "unknown" ? `unrecognised type ${s.guid}` : c.name} (${sevName(severity)})`;
  const body = c.renderText?.(s.value, opts) ?? [];
  return [head, ...body.map((l) => "  " + l)];
}

export function renderText(tree: CperTree, opts: SectionDecodeOptions = DEFAULT_SECTION_OPTIONS): string[] {
  switch (tree.framing) {
    case "record": {
      const h = tree.header;
      const lines = [`CPER record, ${sevName(h.ErrorSeverity)}, ${tree.sections.length} section(s), ${h.RecordLength} bytes, revision ${h.Revision >> 8}.${h.Revision & 0xff}`];
      if (h.ValidationBits & 2) lines.push(`  time ${looksBinary(h.TimeStamp) ? `${timestampIsoBinary(h.TimeStamp)} (binary, not BCD)` : timestampIso(h.TimeStamp)}`);
      lines.push(`  notification ${NOTIFICATION_TYPES[h.NotificationType] ?? h.NotificationType}, record id 0x${h.RecordID.toString(16)}`);
      tree.sections.forEach((s, i) => lines.push(...section(i, s.section, s.descriptor.SectionSeverity, opts).map((l) => "  " + l)));
      return lines;
    }
    case "estatus": {
      const lines = [`Generic Error Status Block, ${sevName(tree.block.ErrorSeverity)}, ${tree.entries.length} entr${tree.entries.length === 1 ? "y" : "ies"}, ${tree.block.DataLength} bytes of entries`];
      tree.entries.forEach((e, i) => lines.push(...section(i, e.section, e.entry.ErrorSeverity, opts).map((l) => "  " + l)));
      return lines;
    }
    case "section":
      return section(0, tree.section, 0, opts).slice(1).length ? [`${codecOf(tree.section).name} section`, ...section(0, tree.section, 0, opts).slice(1)] : [`section of type ${tree.section.guid}`];
  }
}
