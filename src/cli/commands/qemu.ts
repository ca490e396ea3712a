// armras qemu inject|setup: real Linux as the oracle (issue 12). Boots a Debian arm64 kernel under
// QEMU (src/qemu), injects each status block (a CPER record is wrapped as firmware would) through
// the GHESv2 SEA source, and prints the real kernel's lines and actions beside armras's
// prediction for that exact build, with a diff. Exit 0 agree, 1 differ, 2 unusable input or a
// machine without QEMU/EDK2/apt (one line naming the command that installs them).
import { optChoice, optString, parseArgs } from "../args.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, JSON_INDENT, readNamed, UsageError, type CliIO, type Command } from "../io.js";
import { injectInput } from "../../qemu/input.js";
import { MissingPrerequisite, missingHostTools, SETUP_COMMAND, setupHost, KERNEL_LINES, type KernelLine } from "../../qemu/machine.js";
import { namedPages, runOracle, type OracleCase, type OracleInput, type OracleRun } from "../../qemu/oracle.js";

const LINES = Object.keys(KERNEL_LINES) as KernelLine[];

const USAGE = `usage:
  armras qemu inject <block-or-record>... [--kernel-package ${LINES.join("|")} | --image <vmlinuz>] [--format text|json]
  armras qemu setup
inject: boots Debian's newest arm64 kernel of the line (default ${LINES.at(-1)}) or the given EFI-stub image under
  QEMU (virt,ras=on, EDK2, TCG), writes each input (a Generic Error Status Block, or a CPER record wrapped in one)
  into the HEST's GHESv2 SEA source, makes a process load from an undecoded address, and prints what the kernel
  printed and did beside armras's prediction for that build. Exit 0 all agree, 1 some differ, 2 unusable input
  or missing prerequisites. setup (root): apt-installs QEMU, EDK2 and the aarch64 cross compiler.
`;

function hexJson(_k: string, v: unknown): unknown {
  if (typeof v === "bigint") return `0x${v.toString(16)}`;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  return v;
}

export function caseText(c: OracleCase, run: OracleRun): string[] {
  const out: string[] = [];
  const cmp = c.comparison;
  out.push(`== ${c.input.name} (${c.injected.length} bytes): ${c.error ? "NOT RUN" : cmp?.agree ? "agree" : "DIFFER"}`);
  if (c.error || !cmp || !c.observation || !c.prediction) {
    out.push(`   ${c.error ?? "no result"}`);
    return out;
  }
  const hw = (kb: number | undefined) => (kb === undefined ? "?" : `+${kb} kB`);
  out.push("real kernel:");
  for (const l of cmp.realLines) out.push(`  ${l}`);
  for (const l of cmp.unrelatedLines) out.push(`  (not compared, not on the error path) ${l}`);
  out.push(`  -> ${cmp.realSignal}; HardwareCorrupted ${hw(cmp.realHwCorruptedKb)}`);
  out.push(`armras (Linux ${run.kernel.upstream}):`);
  for (const l of cmp.predictedLines) out.push(`  ${l}`);
  out.push(`  -> ${cmp.predictedSignal}; HardwareCorrupted ${hw(cmp.predictedHwCorruptedKb)}${c.prediction.actions.length ? `; ${c.prediction.actions.join(", ")}` : ""}`);
  if (!cmp.agree) {
    out.push("differences:");
    for (const d of cmp.differences) out.push(`  ${d}`);
    if (cmp.diff.some((l) => !l.startsWith("  "))) {
      out.push("diff (- real kernel, + armras):");
      for (const l of cmp.diff) out.push(`  ${l}`);
    }
  }
  return out;
}

/* c8 ignore start -- boots QEMU: exercised by `npm run test:linux` (the prerequisite and input errors are tested) */
async function inject(files: readonly string[], kernel: { line: KernelLine } | { image: string }, format: "text" | "json", io: CliIO): Promise<number> {
  const inputs: OracleInput[] = [];
  for (const f of files) {
    const r = injectInput(await readNamed(io, f));
    if (!r.ok) throw new UsageError(`${f}: ${r.error}`);
    inputs.push({ name: f, bytes: r.bytes, check: namedPages(r.bytes) });
  }
  const miss = missingHostTools();
  if (miss.length) {
    io.stderr(`armras qemu: this machine lacks ${miss.join(", ")}; install with: ${SETUP_COMMAND}\n`);
    return EXIT_USAGE;
  }
  let run: OracleRun;
  try {
    run = await runOracle(kernel, inputs);
  } catch (e) {
    if (e instanceof MissingPrerequisite) {
      io.stderr(`armras qemu: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const agree = run.cases.every((c) => c.comparison?.agree);
  if (format === "json") {
    const json = {
      kernel: run.kernel,
      boots: run.boots,
      hest: run.hest && { ...run.hest, bytes: undefined },
      agree,
      cases: run.cases.map((c) => ({ name: c.input.name, injected: c.injected, agree: c.comparison?.agree ?? false, ...(c.error ? { error: c.error } : {}), real: c.observation, armras: c.prediction, comparison: c.comparison })),
    };
    await io.stdout(JSON.stringify(json, hexJson, JSON_INDENT) + "\n");
  } else {
    const k = run.kernel;
    const lines = [`armras qemu inject: ${k.release} (${k.version}), modelled as Linux ${k.upstream}; ${run.boots} boot(s)`];
    if (run.hest) lines.push(`GHESv2 source ${run.hest.sourceId} (SEA), error status block at 0x${run.hest.block.toString(16)}, read-ack at 0x${run.hest.readAck.toString(16)}`);
    for (const c of run.cases) lines.push("", ...caseText(c, run));
    lines.push("", `${run.cases.filter((c) => c.comparison?.agree).length} of ${run.cases.length} agree`);
    await io.stdout(lines.join("\n") + "\n");
  }
  return agree ? EXIT_OK : EXIT_FINDINGS;
}
/* c8 ignore stop */

export const qemuCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout(USAGE);
    return sub === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (sub === "setup") {
    parseArgs(rest, []);
    try {
      /* c8 ignore next -- installs packages as root */
      setupHost((s) => io.stderr(`armras qemu setup: ${s}\n`));
    } catch (e) {
      if (e instanceof MissingPrerequisite) {
        io.stderr(`armras qemu: ${e.message}\n`);
        return EXIT_USAGE;
      }
      /* c8 ignore next */
      throw e;
    }
    /* c8 ignore next 2 */
    io.stdout("armras qemu setup: done\n");
    return EXIT_OK;
  }
  if (sub !== "inject") throw new UsageError(`unknown subcommand '${sub}' (inject, setup)`);
  const p = parseArgs(rest, ["kernel-package", "image", "format"]);
  if (p.positionals.length === 0) throw new UsageError("inject needs at least one status block or CPER record file");
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const image = optString(p, "image");
  if (image !== undefined && p.options.has("kernel-package")) throw new UsageError("give --kernel-package or --image, not both");
  const line = optChoice(p, "kernel-package", LINES, LINES.at(-1)!);
  return inject(p.positionals, image !== undefined ? { image } : { line }, format, io);
};
