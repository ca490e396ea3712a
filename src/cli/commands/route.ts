// armras route: where an exception is taken (routing, masking, vector).
import { extract, hex } from "../../arch/bits.js";
import { DEFAULT_FEATURES } from "../../arch/features.js";
import { CORE_HELP, CORE_VALUED, coreFromArgs } from "./core-options.js";
import type { EL } from "../../arch/el.js";
import { optChoice, optString, parseArgs, parseHexValue } from "../args.js";
import { EXIT_OK, UsageError, type Command } from "../io.js";
import { RoutingStateError, type RoutingState } from "../../exceptions/controls.js";
import { SCR } from "../../exceptions/fields.js";
import { route, type RouteKind } from "../../exceptions/route.js";
import type { SyncClass } from "../../exceptions/routing.js";

const HELP = () => `usage: armras route --kind sync|irq|fiq|serror|virq|vfiq|vserror --el 0|1|2|3 [options]

Where an exception goes from the given state: target EL (or pending), whether
PSTATE masks it, and the vector offset from VBAR_<target>. Core: Neoverse N1
class (EL2, EL3, FEAT_RAS, FEAT_VHE; AArch32 only at EL0) unless --core says
otherwise; SCR_EL3.RW/EEL2 and HCR_EL2.RW are honoured where the core has them.

options:
  --kind K          sync, irq, fiq, serror, virq, vfiq, vserror (virtual: HCR_EL2.VI/VF/VSE)
  --el N            current exception level
  --secure          Secure state (EL3 is always Secure); default Non-secure
  --non-secure      Non-secure state, stated explicitly (refused at EL3)
  --scr-el3 HEX     SCR_EL3 (default 0x431 Non-secure / 0x430 Secure: RES1, RW, NS)
  --hcr-el2 HEX     HCR_EL2 (default 0x80000000: RW)
  --daif HEX        PSTATE.DAIF as 4 bits (D=8 A=4 I=2 F=1) or as read by MRS (bits [9:6]); default 0
  --sync CLASS      for --kind sync: sea (default), abort, stage2, other (UNDEFINED/SVC)
  --sp 0|1          PSTATE.SP (default 1)
  --aarch32         the current EL is AArch32 (PSTATE.nRW=1; where the core allows it)
  --el3-aarch32     EL3 is AArch32 (Monitor mode; needs a core with AArch32 at EL3)
  --no-el2, --no-el3  EL2 / EL3 not implemented
${CORE_HELP}
  --format text|json
`;

const KINDS: Readonly<Record<string, RouteKind>> = { sync: "sync", irq: "IRQ", fiq: "FIQ", serror: "SError", virq: "vIRQ", vfiq: "vFIQ", vserror: "vSError" };

function hexOpt(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  const p = parseHexValue(value, 64);
  if (!p.ok) throw new UsageError(`--${name}: ${p.error}`);
  return p.value;
}

export const routeCommand: Command = async (args, io) => {
  const p = parseArgs(args, ["kind", "el", "scr-el3", "hcr-el2", "daif", "format", "sync", "sp", ...CORE_VALUED], ["secure", "non-secure", "no-el2", "no-el3", "aarch32", "el3-aarch32", "help"]);
  if (p.options.has("help")) {
    io.stdout(HELP());
    return EXIT_OK;
  }
  if (p.positionals.length > 0) throw new UsageError(`unexpected argument '${p.positionals[0]}'`);
  const kindText = optString(p, "kind");
  if (kindText === undefined) throw new UsageError("--kind is required (sync, irq, fiq, serror, virq, vfiq, vserror)");
  const kind = KINDS[kindText.toLowerCase()];
  if (kind === undefined) throw new UsageError(`--kind must be one of ${Object.keys(KINDS).join(", ")} (got '${kindText}')`);
  const elText = optString(p, "el");
  if (elText === undefined || !/^[0-3]$/.test(elText)) throw new UsageError(`--el must be 0, 1, 2 or 3${elText === undefined ? "" : ` (got '${elText}')`}`);
  const el = Number(elText) as EL;
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const syncClass = optChoice<SyncClass>(p, "sync", ["sea", "abort", "stage2", "other"], "sea");
  const sp = optChoice(p, "sp", ["0", "1"] as const, el === 0 ? "0" : "1");
  if (el === 0 && sp === "1") throw new UsageError("--sp 1 at EL0: EL0 always uses SP_EL0");
  const haveEL2 = !p.options.has("no-el2");
  const haveEL3 = !p.options.has("no-el3");
  const core = coreFromArgs(p);
  const features = core?.features ?? DEFAULT_FEATURES;
  const coreName = core?.name ?? "neoverse-n1";
  const aarch32 = p.options.has("aarch32");
  if (aarch32 && !features.aarch32[el]) throw new UsageError(`--aarch32: EL${el} cannot be AArch32 on ${coreName}`);
  const el3AArch32 = p.options.has("el3-aarch32");
  if (el3AArch32 && !(features.EL3 && features.aarch32[3])) throw new UsageError(`--el3-aarch32: ${coreName} has no AArch32 at EL3`);
  if (el3AArch32 && !haveEL3) throw new UsageError("--el3-aarch32 given with --no-el3");
  if (p.options.has("secure") && p.options.has("non-secure")) throw new UsageError("--secure and --non-secure together");

  const scrGiven = hexOpt(optString(p, "scr-el3"), "scr-el3");
  const hcr = hexOpt(optString(p, "hcr-el2"), "hcr-el2") ?? 1n << 31n;
  const daifRaw = hexOpt(optString(p, "daif"), "daif") ?? 0n;
  let daif: number;
  if (daifRaw <= 0xfn) daif = Number(daifRaw);
  else if ((daifRaw & ~0x3c0n) === 0n) daif = Number(daifRaw >> 6n);
  else throw new UsageError(`--daif ${hex(daifRaw)}: give 4 bits (D=8 A=4 I=2 F=1) or the MRS DAIF form (bits [9:6] only)`);

  if (!haveEL3 && scrGiven !== undefined) throw new UsageError("--scr-el3 given with --no-el3");
  if (!haveEL2 && optString(p, "hcr-el2") !== undefined) throw new UsageError("--hcr-el2 given with --no-el2");
  let secure = p.options.has("secure") || (el === 3 && !p.options.has("non-secure"));
  if (scrGiven !== undefined && el !== 3) {
    const ns = extract(scrGiven, SCR.NS) === 1n;
    if (p.options.has("secure") && ns) throw new UsageError("--secure contradicts --scr-el3 with NS=1");
    if (p.options.has("non-secure") && !ns) throw new UsageError("--non-secure contradicts --scr-el3 with NS=0");
    secure = !ns;
  }
  const scr = scrGiven ?? (secure && el !== 3 ? 0x430n : 0x431n);
  const state: RoutingState = {
    el,
    secure,
    scr,
    hcr,
    haveEL2: haveEL2 && features.EL2,
    haveEL3: haveEL3 && features.EL3,
    haveRAS: features.FEAT_RAS,
    haveVHE: features.FEAT_VHE,
    haveSEL2: features.FEAT_SEL2 === true,
    aarch32: features.aarch32,
    ...(el3AArch32 ? { el3AArch32 } : {}),
  };
  let d;
  try {
    d = route(state, { kind, syncClass, daif, sp: Number(sp), nRW: aarch32 ? 1 : 0 });
  } catch (e) {
    if (e instanceof RoutingStateError) throw new UsageError(`impossible state (${e.field}): ${e.message}`);
    throw e;
  }
  if (format === "json") {
    const out = {
      kind: d.kind,
      ...(kind === "sync" ? { syncClass } : {}),
      fromEl: el,
      ...(core !== undefined ? { core: coreName } : {}),
      security: secure ? "Secure" : "NonSecure",
      scrEl3: haveEL3 ? hex(scr) : null,
      hcrEl2: haveEL2 ? hex(hcr) : null,
      daif: hex(daif),
      targetEl: d.targetEL,
      masked: d.masked,
      maskable: d.maskable,
      taken: d.taken,
      ...(d.vectorOffset !== null ? { vectorOffset: hex(d.vectorOffset, 3), vector: d.vectorName } : {}),
      reasons: d.reasons,
    };
    io.stdout(JSON.stringify(out, null, 2) + "\n");
    return EXIT_OK;
  }
  const head = `${d.kind}${kind === "sync" ? ` (${syncClass})` : ""} from EL${el} (${secure ? "Secure" : "Non-secure"})`;
  let verdict: string;
  if (d.targetEL === null) verdict = "not taken at this EL: its target is below the current EL (stays pending)";
  else if (d.masked) verdict = `routed to EL${d.targetEL}, masked by PSTATE (stays pending)`;
  else verdict = `taken to EL${d.targetEL} at VBAR_EL${d.targetEL} + ${hex(d.vectorOffset!, 3)} (${d.vectorName})`;
  const lines = [`${head}: ${verdict}`, `  maskable by PSTATE: ${d.maskable ? "yes" : "no"}`, "  because:", ...d.reasons.map((r) => `    - ${r}`)];
  io.stdout(lines.join("\n") + "\n");
  return EXIT_OK;
};
