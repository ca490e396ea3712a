// armras esr <value>... [--el 1|2|3] [--format text|json|linux] [--kernel <version>]
//                       [--from-el 0-3] [--aarch32|--aarch64] [--arch v8.2|later] [--cpu N]
// Exit: 0 decoded and valid; 1 architecturally invalid (decode and problems still printed);
// 2 unusable input (not a number, wider than 64 bits) or a usage error.
import type { EL } from "../../arch/el.js";
import { decode } from "../../sysregs/esr/codec.js";
import { linuxFaultName } from "../../sysregs/esr/fsc.js";
import { KernelVersionError, type KernelVersion, parseKernelVersion } from "../../sysregs/esr/kernel-version.js";
import { renderLinux } from "../../sysregs/esr/render-linux.js";
import { toJson } from "../../sysregs/esr/render-json.js";
import { renderText } from "../../sysregs/esr/render-text.js";
import { type ArchProfile, checkDecoded, type ValidateOptions } from "../../sysregs/esr/validate.js";
import { optChoice, optString, parseArgs, parseHexValue } from "../args.js";
import { EXIT_FINDINGS, EXIT_OK, type Command, UsageError } from "../io.js";

export const ESR_USAGE = `usage: armras esr <value>... [options]
  Decode, validate and render ESR_ELx values (up to 64 bits). Values are hex, with or without
  0x, as the kernel prints them ("Internal error: : 96000210"); decimal with 0d or --decimal.
  --el 1|2|3               the ESR_ELx that holds the value (enables EL checks)
  --format text|json|linux text (default): explanation and fields; json: one object per value
                           (an array for several values); linux: what the kernel prints
  --kernel <version>       kernel build for --format linux and Linux fault names (e.g. 4.14, 5.10, 6.1.192, 6.6-rc3; default 6.18)
  --kernel-arch arm64      accepted for symmetry with cper decode; an ESR is arm64's (x86_64 is refused)
  --from-el 0|1|2|3        the EL the exception came from (checks the lower/current-EL class)
  --aarch32 | --aarch64    the execution state the exception came from
  --arch v8.2|later        v8.2 (default): later classes/codes/ISS2 are problems; later: accept them
  --cpu <n>                CPU number in Linux's per-CPU lines (default 0)
  --decimal                read values without a prefix as decimal
exit status: 0 valid, 1 architecturally invalid (still decoded), 2 unusable input
`;

function parseEl(text: string | undefined, name: string, min: number): EL | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-3]$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be ${min === 1 ? "1, 2 or 3" : "0, 1, 2 or 3"} (got '${text}')`);
  return Number(text) as EL;
}

export const esrCommand: Command = async (args, io) => {
  const p = parseArgs(args, ["el", "format", "kernel", "kernel-arch", "from-el", "arch", "cpu"], ["aarch32", "aarch64", "decimal", "help"]);
  // Only an arm64 kernel prints an ESR (fault.c/traps.c are arch/arm64's).
  if (optChoice(p, "kernel-arch", ["arm64", "x86_64"] as const, "arm64") !== "arm64") throw new UsageError("--kernel-arch x86_64: an x86 kernel has no ESR to print (ESR text is arch/arm64's); --kernel-arch x86_64 applies to cper decode");
  if (p.options.has("help")) {
    io.stdout(ESR_USAGE);
    return EXIT_OK;
  }
  if (p.positionals.length === 0) throw new UsageError("missing ESR value (armras esr --help)");
  const format = optChoice(p, "format", ["text", "json", "linux"] as const, "text");
  const arch = optChoice<ArchProfile>(p, "arch", ["v8.2", "later"], "v8.2");
  const el = parseEl(optString(p, "el"), "el", 1) as 1 | 2 | 3 | undefined;
  const fromEL = parseEl(optString(p, "from-el"), "from-el", 0);
  if (p.options.has("aarch32") && p.options.has("aarch64")) throw new UsageError("give --aarch32 or --aarch64, not both");
  const cpuText = optString(p, "cpu");
  if (cpuText !== undefined && !/^\d{1,4}$/.test(cpuText)) throw new UsageError(`--cpu must be a CPU number (got '${cpuText}')`);
  let kernel: KernelVersion | undefined;
  const kernelText = optString(p, "kernel");
  if (kernelText !== undefined) {
    try {
      kernel = parseKernelVersion(kernelText);
    } catch (e) {
      if (e instanceof KernelVersionError) throw new UsageError(e.message);
      throw e;
    }
  }

  // Parse every value first: one unusable value means exit 2 with nothing decoded.
  const values = p.positionals.map((text) => {
    const r = parseHexValue(text, 64, p.options.has("decimal"));
    if (!r.ok) throw new UsageError(r.error);
    return r.value;
  });

  const vopts: ValidateOptions = {
    ...(el !== undefined ? { el } : {}),
    ...(fromEL !== undefined ? { fromEL } : {}),
    ...(p.options.has("aarch32") ? { fromAArch32: true } : p.options.has("aarch64") ? { fromAArch32: false } : {}),
    arch,
  };
  let invalid = false;
  const jsons: unknown[] = [];
  const texts: string[] = [];
  for (const v of values) {
    const d = decode(v);
    const problems = checkDecoded(d, vopts).map((x) => x.message);
    if (problems.length > 0) invalid = true;
    if (format === "json") {
      const j = toJson(d, problems, el);
      jsons.push(kernel !== undefined && j.fsc && (d.layout.id === "DABT" || d.layout.id === "IABT") ? { ...j, fsc: { ...j.fsc, name: linuxFaultName(j.fsc.code, kernel) } } : j);
    } else if (format === "linux") {
      let out = renderLinux(d, { ...(kernel ? { kernel } : {}), ...(cpuText !== undefined ? { cpu: Number(cpuText) } : {}) });
      if (problems.length > 0) io.stderr(problems.map((x) => `armras esr: problem: ${x}`).join("\n") + "\n");
      texts.push(out);
    } else {
      texts.push(renderText(d, problems));
    }
  }
  if (format === "json") io.stdout(JSON.stringify(jsons.length === 1 ? jsons[0] : jsons, null, 2) + "\n");
  else io.stdout(texts.join("\n"));
  return invalid ? EXIT_FINDINGS : EXIT_OK;
};
