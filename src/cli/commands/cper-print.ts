// What `armras cper decode` prints for one decoded item, as text for stdout and
// stderr. Shared by the sequential path and the parallel workers
// (cper-parallel.ts), so both print the same bytes.
import { formatDecodeError, type Warning } from "../../layout/result.js";
import type { decodeRecord } from "../../cper/decode.js";
import { toJsonText } from "../../cper/json.js";
import { renderLinux } from "../../cper/render/linux.js";
import { renderText } from "../../cper/render/text.js";
import type { DecodeOptions } from "../../cper/model.js";
import type { ArmTypeReading } from "../../cper/section-api.js";
import type { KernelVersion } from "../../kernel/version.js";

/** What --format linux needs beyond the decode options: the release, and an explicit --arm-type. */
export interface LinuxChoice {
  readonly kernel?: KernelVersion;
  readonly armType?: ArmTypeReading;
}

/** Everything that decides the output of `cper decode` (plain data: it is sent to workers). */
export interface PrintConfig {
  readonly opts: DecodeOptions;
  readonly format: "json" | "linux" | "text";
  readonly ndjson: boolean;
  readonly linux: LinuxChoice;
  /** "file: " when several files are given, else "". */
  readonly label: string;
}

/** One item's output: `out` for stdout, `err` (warnings, then the error if any) for stderr. */
export interface Printed {
  readonly out: string;
  readonly err: string;
  readonly warned: boolean;
  readonly failed: boolean;
}

function warningLine(label: string, w: Warning): string {
  return `armras cper: ${label}warning: ${w.message} (field ${w.field}, byte offset ${w.offset} = 0x${w.offset.toString(16)})\n`;
}

/** Prints one result of decoding; `seq` numbers the {N} of --format linux. */
export function printItem(r: ReturnType<typeof decodeRecord>, c: PrintConfig, seq: number): Printed {
  let err = "";
  for (const w of r.warnings) err += warningLine(c.label, w);
  if (!r.ok) return { out: "", err: err + `armras cper: ${c.label}${formatDecodeError(r.error)}\n`, warned: r.warnings.length > 0, failed: true };
  const t = r.value.tree;
  let out: string;
  switch (c.format) {
    case "json":
      out = toJsonText(t, c.opts, c.ndjson ? 0 : 4) + "\n";
      break;
    case "linux":
      out = renderLinux(t, { ...c.linux, seq }).join("\n") + "\n";
      break;
    default:
      out = renderText(t, c.opts).join("\n") + "\n";
  }
  return { out, err, warned: r.warnings.length > 0, failed: false };
}
