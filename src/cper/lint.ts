// Lint for firmware authors: every spec violation found in a blob, each with its
// absolute byte offset and the spec clause. Built on the tolerant decoder: its
// warnings become findings, plus checks decode does not need to make.
import type { Finding } from "./section-api.js";
import { iterate } from "./decode.js";
import { DEFAULT_DECODE_OPTIONS, type CperTree, type DecodeOptions } from "./model.js";
import { codecOf } from "./registry.js";
import { encodeSectionBody } from "./encode.js";
import { bcdProblems } from "./layouts/timestamp.js";
import { HEADER_FLAGS_MASK, HEADER_VALID_MASK } from "./layouts/record-header.js";
import { DESCRIPTOR_FLAGS_MASK, DESCRIPTOR_VALID_MASK } from "./layouts/section-descriptor.js";
import { BLOCK_STATUS_RESERVED, GEDE_VALID_MASK, gedeSize } from "./layouts/estatus.js";
import type { Warning } from "../layout/result.js";

const SPEC_OF: Record<string, string> = {
  "signature-end": "UEFI 2.10 N.2.1 Table N-1",
  revision: "UEFI 2.10 N.2.1 Table N-1",
  severity: "UEFI 2.10 N.2.1 Table N-1 / ACPI 6.5 Table 18.11",
  "binary-timestamp": "UEFI 2.10 N.2.1 Table N-2 (BCD)",
  "record-length": "UEFI 2.10 N.2.1 Table N-1",
  "section-count": "UEFI 2.10 N.2.1 Table N-1",
  "section-offset": "UEFI 2.10 N.2.2 Table N-5",
  "section-length": "UEFI 2.10 N.2.2 Table N-5",
  "data-length": "ACPI 6.5 18.3.2.7.1 Table 18.11",
  "entry-truncated": "ACPI 6.5 18.3.2.7.1 Table 18.12",
  "error-data-length": "ACPI 6.5 18.3.2.7.1 Table 18.12",
  "entry-count": "ACPI 6.5 18.3.2.7.1 Table 18.11",
  "raw-data": "ACPI 6.5 18.3.2.7.1 Table 18.11",
};

function fromWarning(w: Warning): Finding {
  return { severity: "warning", offset: w.offset, field: w.field, message: w.message, spec: SPEC_OF[w.code] ?? "UEFI 2.10 Appendix N" };
}

function treeFindings(tree: CperTree, base: number, out: Finding[]): void {
  const add = (offset: number, field: string, message: string, spec: string, severity: Finding["severity"] = "error") => out.push({ severity, offset: base + offset, field, message, spec });
  const sectionLint = (s: { guid: string; codec: string; value: unknown }, at: number, path: string) => {
    const c = codecOf(s);
    if (!c.lint) return;
    const body = encodeSectionBody(s as never);
    for (const f of c.lint(s.value, body)) out.push({ ...f, offset: base + at + f.offset, field: `${path}.${f.field}` });
  };
  if (tree.framing === "record") {
    const h = tree.header;
    if (h.ValidationBits & ~HEADER_VALID_MASK) add(16, "RecordHeader.ValidationBits", `reserved bits set (0x${h.ValidationBits.toString(16)})`, "UEFI 2.10 N.2.1 Table N-1", "warning");
    if (h.Flags & ~HEADER_FLAGS_MASK) add(104, "RecordHeader.Flags", `reserved flag bits set (0x${h.Flags.toString(16)})`, "UEFI 2.10 N.2.1 Table N-1", "warning");
    if (h.Reserved.some((b) => b !== 0)) add(116, "RecordHeader.Reserved", "reserved bytes are not zero", "UEFI 2.10 N.2.1 Table N-1", "warning");
    if (h.ValidationBits & 2) for (const p of bcdProblems(h.TimeStamp)) add(24 + p.offset, `RecordHeader.TimeStamp.${p.field}`, p.message, "UEFI 2.10 N.2.1 Table N-2");
    if (h.SectionCount !== tree.sections.length && h.SectionCount * 72 + 128 <= h.RecordLength) add(10, "RecordHeader.SectionCount", `SectionCount ${h.SectionCount}, ${tree.sections.length} descriptor(s) decoded`, "UEFI 2.10 N.2.1 Table N-1");
    let end = 128 + 72 * tree.sections.length;
    const spans: [number, number, number][] = [];
    tree.sections.forEach((s, i) => {
      const d = s.descriptor;
      const at = 128 + 72 * i;
      const path = `SectionDescriptor[${i}]`;
      if (d.SecValidMask & ~DESCRIPTOR_VALID_MASK) add(at + 10, `${path}.SecValidMask`, "reserved validation bits set", "UEFI 2.10 N.2.2 Table N-5", "warning");
      if (d.Reserved !== 0) add(at + 11, `${path}.Reserved`, "reserved byte is not zero", "UEFI 2.10 N.2.2 Table N-5", "warning");
      if (d.Flags & ~DESCRIPTOR_FLAGS_MASK) add(at + 12, `${path}.Flags`, `reserved flag bits set (0x${d.Flags.toString(16)})`, "UEFI 2.10 N.2.2 Table N-5", "warning");
      if (d.SectionSeverity > 3) add(at + 48, `${path}.SectionSeverity`, `unknown severity ${d.SectionSeverity}`, "UEFI 2.10 N.2.2 Table N-5");
      if (d.SectionOffset < 128 + 72 * h.SectionCount) add(at, `${path}.SectionOffset`, `section starts at ${d.SectionOffset}, inside the header/descriptors`, "UEFI 2.10 N.2.2 Table N-5");
      for (const [s0, e0, j] of spans) {
        if (d.SectionOffset < e0 && d.SectionOffset + d.SectionLength > s0) add(at, `${path}.SectionOffset`, `section overlaps section ${j} ([${s0}, ${e0}))`, "UEFI 2.10 N.2.2 Table N-5");
      }
      for (const [, , j] of spans) if (tree.sections[j]!.descriptor.SectionType === d.SectionType && tree.sections[j]!.descriptor.SectionOffset === d.SectionOffset) add(at, path, `duplicate of descriptor ${j}`, "UEFI 2.10 N.2.2", "warning");
      spans.push([d.SectionOffset, d.SectionOffset + d.SectionLength, i]);
      end = Math.max(end, d.SectionOffset + d.SectionLength);
      sectionLint(s.section, d.SectionOffset, `Section[${i}]`);
    });
    for (const x of tree.extra) {
      if (x.bytes.every((v) => v === 0)) continue;
      add(x.offset, "Record", `${x.bytes.length} non-zero byte(s) at ${x.offset} belong to no structure (not the header, a descriptor or a section)`, "UEFI 2.10 N.2", "warning");
    }
    if (h.RecordLength !== end && tree.truncatedTo === undefined) add(20, "RecordHeader.RecordLength", `RecordLength ${h.RecordLength}, the structures end at ${end}`, "UEFI 2.10 N.2.1 Table N-1");
    return;
  }
  if (tree.framing === "estatus") {
    const b = tree.block;
    if (b.BlockStatus & BLOCK_STATUS_RESERVED) add(0, "GenericErrorStatus.BlockStatus", "reserved bits 31:14 set", "ACPI 6.5 Table 18.11", "warning");
    let at = 20;
    let sum = 0;
    tree.entries.forEach((e, i) => {
      const path = `GenericErrorDataEntry[${i}]`;
      const size = gedeSize(e.entry.Revision);
      if (e.entry.ValidationBits & ~GEDE_VALID_MASK) add(at + 22, `${path}.ValidationBits`, "reserved validation bits set", "ACPI 6.5 Table 18.12", "warning");
      if (e.entry.ValidationBits & 4 && size === 64) add(at + 22, `${path}.ValidationBits`, "TimeStamp valid bit set in a revision < 0x300 entry (no TimeStamp field)", "ACPI 6.5 Table 18.12");
      if (e.entry.TimeStamp && e.entry.ValidationBits & 4) for (const p of bcdProblems(e.entry.TimeStamp)) add(at + 64 + p.offset, `${path}.TimeStamp.${p.field}`, p.message, "UEFI 2.10 N.2.1 Table N-2");
      const len = encodeSectionBody(e.section).length;
      if (len !== e.entry.ErrorDataLength) add(at + 24, `${path}.ErrorDataLength`, `ErrorDataLength ${e.entry.ErrorDataLength}, ${len} byte(s) present`, "ACPI 6.5 Table 18.12");
      sectionLint(e.section, at + size, `Section[${i}]`);
      sum += size + len;
      at += size + len;
    });
    if (sum !== b.DataLength) add(12, "GenericErrorStatus.DataLength", `DataLength ${b.DataLength}, the entries add up to ${sum} (cper_estatus_check would reject this block)`, "ACPI 6.5 Table 18.11");
    return;
  }
  sectionLint(tree.section, 0, "Section");
}

/** Every finding in `bytes` (all items of a stream). */
export function lint(bytes: Uint8Array, opts: Partial<DecodeOptions> = {}): Finding[] {
  const o = { ...DEFAULT_DECODE_OPTIONS, ...opts } as DecodeOptions;
  const out: Finding[] = [];
  for (const r of iterate(bytes, o)) {
    const seen = new Set<string>();
    for (const w of r.warnings) {
      const f = fromWarning(w);
      seen.add(`${f.offset}:${f.field}`);
      out.push(f);
    }
    if (!r.ok) {
      out.push({ severity: "error", offset: r.error.offset, field: r.error.field, message: r.error.message, spec: "UEFI 2.10 Appendix N / ACPI 6.5 18.3.2.7" });
      break;
    }
    const tf: Finding[] = [];
    treeFindings(r.value.tree, r.value.offset, tf);
    for (const f of tf) if (!seen.has(`${f.offset}:${f.field}`)) out.push(f);
  }
  return out;
}
