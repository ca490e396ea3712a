// What `armras cper decode` prints for one decoded item, as text for stdout and
// stderr. Shared by the sequential path and the parallel workers
// (cper-parallel.ts), so both print the same bytes.
import { formatDecodeError, type Warning } from "../../layout/result.js";
import type { decodeRecord } from "../../cper/decode.js";
import type { StreamItem } from "../../cper/stream.js";
import { JSON_INDENT } from "../io.js";
import { toJsonText } from "../../cper/json/tree.js";
import { renderLinux, type KernelArch } from "../../cper/render/linux.js";
import type { CliIO } from "../io.js";
import { renderText } from "../../cper/render/text.js";
import type { DecodeOptions } from "../../cper/model.js";
import type { ArmTypeReading } from "../../cper/section-api.js";
import type { KernelVersion } from "../../linux/version.js";

/** What --format linux needs beyond the decode options: the release, and an explicit --arm-type. */
export interface LinuxChoice {
  readonly kernel?: KernelVersion;
  readonly armType?: ArmTypeReading;
  /** --kernel-arch: which processor printer the build has (cper-arm.c or cper-x86.c). */
  readonly kernelArch?: KernelArch;
  /** --console: the raw bytes (Latin-1) instead of the /dev/kmsg (dmesg) view. */
  readonly view?: "kmsg" | "console";
  /** --source-id: print ghes.c's "Hardware error from APEI Generic Hardware Error Source: N" first. */
  readonly sourceId?: number;
}

/**
 * The I/O for --console: each printed character is one byte (Latin-1), as the console shows
 * the kernel's bytes; without stdoutBytes (in-process tests) the text is passed on as is.
 */
export function consoleIo(io: CliIO): CliIO {
  const bytes = io.stdoutBytes;
  return bytes ? { ...io, stdout: (t: string) => bytes(Buffer.from(t, "latin1")) } : io;
}

/** Everything that decides the output of `cper decode` (plain data: it is sent to workers). */
export interface PrintConfig {
  readonly opts: DecodeOptions;
  readonly format: "json" | "linux" | "text";
  readonly ndjson: boolean;
  readonly linux: LinuxChoice;
  /** "file: " when several files are given, else "". */
  readonly label: string;
  /** Leave warnings out of `err` (a stream tallies them and prints a summary at its end). */
  readonly summarise?: boolean;
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
export function printItem(r: ReturnType<typeof decodeRecord> | StreamItem, c: PrintConfig, seq: number): Printed {
  // Bytes skipped to resynchronise on the next record: reported, and the stream goes on (a finding, exit 1).
  if ("skipped" in r) return { out: "", err: `armras cper: ${c.label}${formatDecodeError(r.error)}\n`, warned: true, failed: false };
  let err = "";
  if (!c.summarise) for (const w of r.warnings) err += warningLine(c.label, w);
  if (!r.ok) return { out: "", err: err + `armras cper: ${c.label}${formatDecodeError(r.error)}\n`, warned: r.warnings.length > 0, failed: true };
  const t = r.value.tree;
  let out: string;
  switch (c.format) {
    case "json":
      out = toJsonText(t, c.opts, c.ndjson ? 0 : JSON_INDENT) + "\n";
      break;
    case "linux":
      out = renderLinux(t, { ...c.linux, seq }).join("\n") + "\n";
      break;
    default:
      out = renderText(t, c.opts).join("\n") + "\n";
  }
  return { out, err, warned: r.warnings.length > 0, failed: false };
}
