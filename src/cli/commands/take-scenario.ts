// The JSON form of `armras take` scenarios: parsed and validated completely before anything
// runs (every problem names its JSON path), into the engine's Scenario (src/exceptions/scenario.ts).
import type { EL } from "../../arch/el.js";
import { hex, parseUnsigned } from "../../arch/bits.js";
import { CORES, NEOVERSE_N1, featureConflict, hasFeature, type FeatureSet } from "../../arch/features.js";
import { PSTATE_RESET_EL3, type Pstate } from "../../arch/pstate.js";
import { lookupSysReg, parseRecordName } from "../../sysregs/catalog.js";
import type { ErrorType } from "../../exceptions/abort.js";
import type { RecordedError, RecordedType } from "../../exceptions/records.js";
import { ScenarioError, type Scenario, type ScenarioEvent } from "../../exceptions/scenario.js";

// ---- validation ------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ScenarioError(path, "must be an object");
  return v;
}

function onlyKeys(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ScenarioError(`${path}.${k}`, `unknown key (allowed: ${allowed.join(", ")})`);
  }
}

function num(v: unknown, path: string, bits: number): bigint {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0) throw new ScenarioError(path, `must be a non-negative integer (got ${v})`);
    v = String(v);
  }
  if (typeof v !== "string") throw new ScenarioError(path, 'must be a number or a hex string like "0x1f"');
  const p = parseUnsigned(v, bits);
  if (!p.ok) throw new ScenarioError(path, p.error);
  return p.value;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") throw new ScenarioError(path, "must be true or false");
  return v;
}

function choice<T extends string>(v: unknown, path: string, choices: readonly T[]): T {
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) throw new ScenarioError(path, `must be one of ${choices.join(", ")}`);
  return v as T;
}

const FEATURE_FLAGS = ["FEAT_RAS", "FEAT_RASv1p1", "FEAT_IESB", "FEAT_VHE", "FEAT_PAN", "FEAT_UAO", "FEAT_SEL2", "EL2", "EL3"] as const;

/** Options of parseScenario: `core` replaces the scenario's base core (armras take --core/--feature). */
export interface ScenarioOptions {
  readonly core?: FeatureSet;
  /** MIDR_EL1 of that core (CORES[name].midr). */
  readonly midr?: bigint;
}

function parseFeatures(v: unknown, core: FeatureSet | undefined): FeatureSet {
  if (typeof v === "string") {
    const preset = CORES[v];
    if (preset === undefined) throw new ScenarioError("features", `unknown core '${v}' (cores: ${Object.keys(CORES).join(", ")})`);
    return core ?? preset.features;
  }
  if (v === undefined) return core ?? NEOVERSE_N1;
  const o = obj(v, "features");
  onlyKeys(o, "features", ["core", ...FEATURE_FLAGS, "aarch32", "errorRecords"]);
  let base = core ?? NEOVERSE_N1;
  if (o["core"] !== undefined && core === undefined) {
    const name = choice(o["core"], "features.core", Object.keys(CORES));
    base = CORES[name]!.features;
  }
  const out: { -readonly [K in keyof FeatureSet]: FeatureSet[K] } = { ...base };
  for (const k of FEATURE_FLAGS) if (o[k] !== undefined) out[k] = bool(o[k], `features.${k}`);
  if (o["aarch32"] !== undefined) {
    const a = obj(o["aarch32"], "features.aarch32");
    onlyKeys(a, "features.aarch32", ["0", "1", "2", "3"]);
    const r = { ...base.aarch32 };
    for (const k of ["0", "1", "2", "3"] as const) if (a[k] !== undefined) r[Number(k) as EL] = bool(a[k], `features.aarch32.${k}`);
    if ((r[3] && !r[2] && out.EL2) || (r[2] && !r[1]) || (r[1] && !r[0])) throw new ScenarioError("features.aarch32", "an EL can use AArch32 only if every lower EL can");
    out.aarch32 = Object.freeze(r);
  }
  if (o["errorRecords"] !== undefined) {
    const n = Number(num(o["errorRecords"], "features.errorRecords", 16));
    if (n > 56) throw new ScenarioError("features.errorRecords", "at most 56 records fit a 4 KB node");
    out.errorRecords = n;
  }
  if (!out.FEAT_RAS && out.FEAT_RASv1p1) throw new ScenarioError("features.FEAT_RASv1p1", "needs FEAT_RAS");
  if (!out.FEAT_RAS && o["errorRecords"] === undefined) out.errorRecords = 0;
  const bad = featureConflict(out);
  if (bad !== undefined) throw new ScenarioError("features", bad);
  return Object.freeze(out);
}

const PSTATE_KEYS = ["EL", "SP", "nRW", "N", "Z", "C", "V", "D", "A", "I", "F", "IL", "SS", "PAN", "UAO"] as const;

function parsePstate(v: unknown, f: FeatureSet): Pstate {
  const o = v === undefined ? {} : obj(v, "pstate");
  onlyKeys(o, "pstate", PSTATE_KEYS);
  const p: { -readonly [K in keyof Pstate]: Pstate[K] } = { ...PSTATE_RESET_EL3 };
  for (const k of PSTATE_KEYS) {
    if (o[k] === undefined) continue;
    const max = k === "EL" ? 3 : 1;
    const x = o[k];
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > max) throw new ScenarioError(`pstate.${k}`, `must be an integer 0..${max}`);
    (p as Record<string, number>)[k] = x;
  }
  if (p.EL === 2 && !f.EL2) throw new ScenarioError("pstate.EL", "EL2 on a core without EL2 (features.EL2 is false)");
  if (p.EL === 3 && !f.EL3) throw new ScenarioError("pstate.EL", "EL3 on a core without EL3 (features.EL3 is false)");
  if (p.nRW === 1 && !f.aarch32[p.EL]) throw new ScenarioError("pstate.nRW", `AArch32 at EL${p.EL}, which this core does not support`);
  if (p.nRW === 1 && p.EL !== 0) throw new ScenarioError("pstate.nRW", "AArch32 above EL0 is not modelled (exceptions are taken to AArch64 ELs only)");
  if (p.EL === 0 && p.SP === 1) throw new ScenarioError("pstate.SP", "EL0 always uses SP_EL0 (SP must be 0)");
  if (p.UAO && !f.FEAT_UAO) throw new ScenarioError("pstate.UAO", "needs FEAT_UAO");
  if (p.PAN && !f.FEAT_PAN) throw new ScenarioError("pstate.PAN", "needs FEAT_PAN");
  return Object.freeze(p);
}

function regWidth(name: string, path: string, f: FeatureSet): { canonical: string; width: number } {
  const rec = parseRecordName(name);
  if (rec) {
    if (rec.index === undefined) throw new ScenarioError(path, "give a record number, e.g. ERR0STATUS");
    if (!f.FEAT_RAS) throw new ScenarioError(path, "error records need FEAT_RAS");
    if (rec.index >= f.errorRecords) throw new ScenarioError(path, `record ${rec.index} does not exist (features.errorRecords = ${f.errorRecords})`);
    if (rec.def.feature !== undefined && !hasFeature(f, rec.def.feature)) throw new ScenarioError(path, `${name} needs ${rec.def.feature}`);
    return { canonical: `ERR${rec.index}${rec.reg}`, width: rec.def.width };
  }
  const def = lookupSysReg(name);
  if (!def) throw new ScenarioError(path, `unknown register '${name}'`);
  if (def.feature !== undefined && !hasFeature(f, def.feature)) throw new ScenarioError(path, `${def.name} needs ${def.feature}, which this core does not implement`);
  return { canonical: def.name, width: def.width };
}

const ERROR_TYPES: readonly ErrorType[] = ["UC", "UEU", "UEO", "UER", "CE"];
const RECORDED_TYPES: readonly RecordedType[] = [...ERROR_TYPES, "DE"];
const EVENT_KEYS: Readonly<Record<ScenarioEvent["op"], readonly string[]>> = {
  serror: ["op", "iss", "esr", "inFlight"],
  vserror: ["op", "vsesr"],
  esb: ["op"],
  eret: ["op"],
  sea: ["op", "errorType", "va", "write", "fetch", "ea"],
  record: ["op", "record", "type", "serr", "ierr", "addr", "misc", "pn", "ce", "signal", "access", "ea"],
  msr: ["op", "reg", "value", "rt"],
  mrs: ["op", "reg", "rt"],
  svc: ["op", "imm"],
  hvc: ["op", "imm"],
  smc: ["op", "imm"],
  irq: ["op", "level"],
  fiq: ["op", "level"],
};

/** `rt`: the X register of an MSR/MRS (0..30, or 31 for XZR), reported in a trap's ISS.Rt. */
function rtOf(o: Obj, path: string): { rt?: number } {
  if (o["rt"] === undefined) return {};
  const x = o["rt"];
  if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > 31) throw new ScenarioError(`${path}.rt`, "must be an integer 0..31 (31: XZR)");
  return { rt: x };
}

function parseEvent(v: unknown, path: string, f: FeatureSet): ScenarioEvent {
  const o = obj(v, path);
  const op = choice(o["op"], `${path}.op`, Object.keys(EVENT_KEYS) as ScenarioEvent["op"][]);
  onlyKeys(o, path, EVENT_KEYS[op]);
  const opt = <T>(k: string, parse: (x: unknown, p: string) => T): T | undefined => (o[k] === undefined ? undefined : parse(o[k], `${path}.${k}`));
  const needRAS = (): void => {
    if (!f.FEAT_RAS) throw new ScenarioError(`${path}.op`, `${op} needs FEAT_RAS`);
  };
  switch (op) {
    case "serror": {
      if ((o["iss"] === undefined) === (o["esr"] === undefined)) throw new ScenarioError(path, 'give exactly one of "iss" (25 bits) or "esr" (an ESR_ELx value with EC 0x2F)');
      if (o["esr"] !== undefined) {
        const esr = num(o["esr"], `${path}.esr`, 64);
        if (esr >> 26n !== 0x2fn) throw new ScenarioError(`${path}.esr`, `EC is ${hex(Number((esr >> 26n) & 0x3fn), 2)}, an SError ESR has EC 0x2F (and nothing above bit 31)`);
        return { op, iss: Number(esr & 0x1ff_ffffn), inFlight: opt("inFlight", bool) ?? false };
      }
      return { op, iss: Number(num(o["iss"], `${path}.iss`, 25)), inFlight: opt("inFlight", bool) ?? false };
    }
    case "vserror": {
      if (!f.EL2) throw new ScenarioError(`${path}.op`, "a virtual SError needs EL2");
      const vsesr = opt("vsesr", (x, p) => num(x, p, 64));
      if (vsesr !== undefined) needRAS();
      return vsesr === undefined ? { op } : { op, vsesr };
    }
    case "esb":
    case "eret":
      return { op };
    case "sea": {
      const errorType = choice(o["errorType"], `${path}.errorType`, ERROR_TYPES);
      const va = opt("va", (x, p) => num(x, p, 64));
      const ea = (opt("ea", (x, p) => Number(num(x, p, 1))) ?? 0) as 0 | 1;
      return { op, errorType, ...(va !== undefined ? { va } : {}), write: opt("write", bool) ?? false, fetch: opt("fetch", bool) ?? false, ea };
    }
    case "record": {
      needRAS();
      const record = Number(num(o["record"], `${path}.record`, 16));
      if (record >= f.errorRecords) throw new ScenarioError(`${path}.record`, `record ${record} does not exist (features.errorRecords = ${f.errorRecords})`);
      const type = choice(o["type"], `${path}.type`, RECORDED_TYPES);
      const signal = opt("signal", (x, p) => choice(x, p, ["sea", "serror", "none"] as const));
      if (signal === "sea" && (type === "CE" || type === "DE")) throw new ScenarioError(`${path}.signal`, `a ${type} error is not reported as a synchronous External abort`);
      const misc = opt("misc", (x, p) => {
        if (!Array.isArray(x)) throw new ScenarioError(p, "must be an array of values");
        const max = f.FEAT_RASv1p1 ? 4 : 2;
        if (x.length > max) throw new ScenarioError(p, `at most ${max} values (MISC0..MISC${max - 1}${f.FEAT_RASv1p1 ? "" : "; MISC2/3 need FEAT_RASv1p1"})`);
        return x.map((m, i) => num(m, `${p}[${i}]`, 64));
      });
      const access = opt("access", (x, p) => {
        const a = obj(x, p);
        onlyKeys(a, p, ["va", "write", "fetch"]);
        const va = a["va"] === undefined ? undefined : num(a["va"], `${p}.va`, 64);
        return { ...(va !== undefined ? { va } : {}), write: a["write"] === undefined ? false : bool(a["write"], `${p}.write`), fetch: a["fetch"] === undefined ? false : bool(a["fetch"], `${p}.fetch`) };
      });
      if (access !== undefined && signal !== "sea") throw new ScenarioError(`${path}.access`, 'only meaningful with "signal": "sea"');
      const ce = opt("ce", (x, p) => Number(num(x, p, 2)));
      if (ce !== undefined && (ce === 0 || type !== "CE")) throw new ScenarioError(`${path}.ce`, "1..3, and only for a CE error");
      const addr = opt("addr", (x, p) => num(x, p, 64));
      const ierr = opt("ierr", (x, p) => Number(num(x, p, 8)));
      const pn = opt("pn", bool);
      const ea = opt("ea", (x, p) => Number(num(x, p, 1)) as 0 | 1);
      const error: RecordedError = {
        type,
        serr: Number(num(o["serr"], `${path}.serr`, 8)),
        ...(ierr !== undefined ? { ierr } : {}),
        ...(addr !== undefined ? { addr } : {}),
        ...(misc !== undefined ? { misc } : {}),
        ...(pn !== undefined ? { pn } : {}),
        ...(ce !== undefined ? { ce: ce as 1 | 2 | 3 } : {}),
        ...(signal !== undefined ? { signal } : {}),
        ...(access !== undefined ? { access } : {}),
        ...(ea !== undefined ? { ea } : {}),
      };
      return { op, record, error };
    }
    case "msr": {
      const r = typeof o["reg"] === "string" ? o["reg"] : undefined;
      if (r === "DAIFSet" || r === "DAIFClr") {
        if (o["rt"] !== undefined) throw new ScenarioError(`${path}.rt`, `MSR ${r} takes an immediate, not a register`);
        return { op, reg: r, value: num(o["value"], `${path}.value`, 4) };
      }
      if (r === undefined) throw new ScenarioError(`${path}.reg`, "must be a register name");
      const { canonical, width } = regWidth(r, `${path}.reg`, f);
      if (parseRecordName(r)) throw new ScenarioError(`${path}.reg`, "ERR<n> registers are memory-mapped: use ERRSELR_EL1 and ERX*_EL1");
      return { op, reg: canonical, value: num(o["value"], `${path}.value`, width), ...rtOf(o, path) };
    }
    case "mrs": {
      const r = typeof o["reg"] === "string" ? o["reg"] : undefined;
      if (r === undefined) throw new ScenarioError(`${path}.reg`, "must be a register name");
      if (parseRecordName(r)) throw new ScenarioError(`${path}.reg`, "ERR<n> registers are memory-mapped: use ERRSELR_EL1 and ERX*_EL1");
      return { op, reg: regWidth(r, `${path}.reg`, f).canonical, ...rtOf(o, path) };
    }
    case "svc":
    case "hvc":
    case "smc":
      return { op, imm: Number(num(o["imm"] ?? 0, `${path}.imm`, 16)) };
    case "irq":
    case "fiq":
      return { op, level: o["level"] === undefined ? true : bool(o["level"], `${path}.level`) };
  }
}

/** Parses and validates a scenario (throws ScenarioError; never runs anything). */
export function parseScenario(json: unknown, opts: ScenarioOptions = {}): Scenario {
  const o = obj(json, "scenario");
  onlyKeys(o, "scenario", ["description", "features", "reset", "pstate", "pc", "registers", "events"]);
  if (o["description"] !== undefined && typeof o["description"] !== "string") throw new ScenarioError("description", "must be a string");
  const features = parseFeatures(o["features"], opts.core);
  const presetName = typeof o["features"] === "string" ? o["features"] : isObj(o["features"]) && typeof o["features"]["core"] === "string" ? o["features"]["core"] : undefined;
  const midr = opts.core !== undefined ? opts.midr : presetName !== undefined ? CORES[presetName]?.midr : undefined;
  const reset = o["reset"] === undefined ? "zero" : choice(o["reset"], "reset", ["zero", "architectural"] as const);
  const pstate = parsePstate(o["pstate"], features);
  const pc = o["pc"] === undefined ? 0n : num(o["pc"], "pc", 64);
  const registers: [string, bigint][] = [];
  if (o["registers"] !== undefined) {
    const r = obj(o["registers"], "registers");
    for (const [name, v] of Object.entries(r)) {
      const path = `registers.${name}`;
      const { canonical, width } = regWidth(name, path, features);
      const def = lookupSysReg(name);
      if (def?.window) throw new ScenarioError(path, `${def.name} is a window onto ERR<n>; set ERR<n>${def.window} instead`);
      if (canonical === "ERRIDR_EL1" || /^ERR\d+FR$/.test(canonical)) throw new ScenarioError(path, "read-only, set by features (errorRecords) / the implementation");
      registers.push([canonical, num(v, path, width)]);
    }
  }
  // Impossible states that depend on registers.
  const scr = registers.find(([n]) => n === "SCR_EL3")?.[1];
  if (pstate.EL === 2 && features.EL3 && scr !== undefined && (scr & 1n) === 0n) {
    throw new ScenarioError("pstate.EL", features.FEAT_SEL2 ? "EL2 in Secure state (SCR_EL3.NS=0): Secure EL2 is not modelled by the take PE (armras route models its routing)" : "EL2 in Secure state (SCR_EL3.NS=0): Secure EL2 does not exist in v8.2");
  }
  if (pstate.EL < 3 && features.EL3 && scr === undefined && reset === "architectural") {
    throw new ScenarioError("registers.SCR_EL3", "required below EL3 with an architectural (UNKNOWN) reset: the security state depends on SCR_EL3.NS");
  }
  if (!Array.isArray(o["events"])) throw new ScenarioError("events", "must be an array");
  const events = o["events"].map((e, i) => parseEvent(e, `events[${i}]`, features));
  return Object.freeze({ ...(typeof o["description"] === "string" ? { description: o["description"] } : {}), features, ...(midr !== undefined ? { midr } : {}), reset, pstate, pc, registers, events });
}

