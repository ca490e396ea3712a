// Register-by-register comparison of one QEMU run with `armras take` on the same program.
import { hex } from "../src/arch/bits.js";
import { coreFeatures } from "../src/arch/features.js";
import { RegisterFile } from "../src/sysregs/register-file.js";
import { run } from "../src/cli/app.js";
import type { Case, Cpu } from "./cases.js";
import { CORE_OF } from "./cases.js";
import { recordedRegs, resultRegs, scenario, VBAR } from "./program.js";

/** What a run observed: key -> value (hex), as the recorder prints it. */
export type Observation = ReadonlyMap<string, bigint>;

export function parseRecord(stdout: string): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const line of stdout.split(/\r?\n/)) {
    const x = /^([A-Z0-9_]+)=([0-9a-f]{16})?$/.exec(line.trim());
    if (x) m.set(x[1]!, x[2] === undefined ? 1n : BigInt(`0x${x[2]}`));
  }
  return m;
}

interface TakeJson {
  events: { index: number; op: string; value?: string | null; trace: { step: string }[] }[];
  final: { pstate: Record<string, number>; pc: string; registers: Record<string, string> };
}

/** armras take on the case's scenario with the CPU's core preset; throws with the CLI's message on exit != 0. */
export async function armrasTake(c: Case, cpu: Cpu, over?: (s: Record<string, unknown>) => void): Promise<TakeJson> {
  const sc = scenario(c, cpu);
  over?.(sc);
  let out = "";
  let err = "";
  const code = await run(["take", "-", "--core", CORE_OF[cpu], "--format", "json"], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: async () => new TextEncoder().encode(JSON.stringify(sc)),
    writeFile: async () => undefined,
  });
  if (code !== 0) throw new Error(`armras take exited ${code}: ${err.trim()}`);
  return JSON.parse(out) as TakeJson;
}

/** One compared value: the key, ours, QEMU's, equal or not; UNKNOWN in the model is listed, not compared. */
export interface Cell {
  readonly key: string;
  readonly ours: string;
  readonly qemu: string;
  readonly equal: boolean;
  readonly compared: boolean;
}

/** The model's values of the keys the recorder prints, from the take JSON. */
export function expected(c: Case, cpu: Cpu, t: TakeJson): Map<string, string> {
  const f = coreFeatures(CORE_OF[cpu]);
  const reset = new RegisterFile({ features: f, reset: "zero" });
  const reg = (n: string) => t.final.registers[n] ?? hex(reset.read(n));
  const m = new Map<string, string>();
  const exceptions = t.events.filter((e) => e.trace.some((s) => s.step === "AArch64.TakeException")).map((e) => e.index);
  const p = t.final.pstate;
  const el = p["EL"]! as 0 | 1 | 2 | 3;
  if (exceptions.length === 0 || el === 0) {
    m.set("NOEXC", "0x1");
    return m;
  }
  m.set("EXCEPTIONS", String(exceptions.length));
  const pc = BigInt(t.final.pc);
  const base = VBAR[el as 1 | 2 | 3];
  m.set("VECTOR", pc >= base && pc < base + 0x800n ? hex(pc - base) : `PC ${hex(pc)} outside VBAR_EL${el}`);
  m.set("CURRENTEL", hex(el << 2));
  m.set("SPSEL", hex(p["SP"]!));
  m.set("DAIF", hex((p["D"]! << 9) | (p["A"]! << 8) | (p["I"]! << 7) | (p["F"]! << 6)));
  if (cpu === "max") m.set("PAN", hex(p["PAN"]! << 22));
  for (const [name] of recordedRegs(el as 1 | 2 | 3, cpu)) m.set(name, reg(name));
  const mrsValue = new Map<number, string | null | undefined>();
  c.actions.forEach((a, i) => {
    if (a.op === "mrs") mrsValue.set(a.rt, t.events.find((e) => e.index === i + (c.el === 3 ? 0 : 1))?.value);
  });
  for (const r of resultRegs(c)) {
    const v = mrsValue.get(r);
    m.set(`X${r}`, v === undefined || v === null ? "not written (the MRS did not complete)" : v);
  }
  return m;
}

export function compare(ours: Map<string, string>, q: Observation): Cell[] {
  const cells: Cell[] = [];
  const exc = ours.get("EXCEPTIONS");
  if (exc !== undefined && exc !== "1") cells.push({ key: "EXCEPTIONS", ours: exc, qemu: "1", equal: false, compared: true });
  for (const [key, v] of ours) {
    if (key === "EXCEPTIONS") continue;
    const qv = q.get(key);
    const qs = qv === undefined ? "(not recorded)" : hex(qv);
    if (/UNKNOWN|not written/.test(v)) {
      cells.push({ key, ours: v, qemu: qs, equal: true, compared: false });
      continue;
    }
    cells.push({ key, ours: v, qemu: qs, equal: qv !== undefined && BigInt(v) === qv, compared: true });
  }
  if (!ours.has("NOEXC") && q.has("NOEXC")) cells.push({ key: "NOEXC", ours: "exception taken", qemu: "no exception", equal: false, compared: true });
  if (q.has("NESTED")) cells.push({ key: "NESTED", ours: "-", qemu: "exception inside the recorder", equal: false, compared: true });
  return cells;
}
