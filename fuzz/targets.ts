// What the fuzzer feeds and how it checks each format. Byte formats go to the
// library (to check round trips); text, JSON and scenario inputs go through the
// CLI in-process (run() with in-memory I/O), as a user's file would: anything it
// throws is a crash the installed binary would print as "internal error" (exit 70).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { run } from "../src/cli/app.js";
import type { CliIO } from "../src/cli/io.js";
import { decode as esrDecode, esrOf } from "../src/sysregs/esr/codec.js";
import { iterate, encode, toJson, toJsonText, fromJson, renderLinux, renderText, lint, stringifyJson, parseJson, type CperTree } from "../src/cper/index.js";
import { encodeSectionBody } from "../src/cper/encode.js";
import { DEFAULT_SECTION_OPTIONS } from "../src/cper/section-api.js";
import { mutateBytes, mutateJson, mutateText } from "./mutate.js";
import type { Rng } from "./rng.js";

export const ROOT = new URL("..", import.meta.url).pathname;
const SHARED = join(ROOT, "..", "shared");

/** What one input did: a round-trip failure is a message; a crash is thrown. */
export type Outcome = { readonly roundTrip?: string };

export interface Target {
  readonly name: string;
  /** The next input (`rng` decides the seed and the mutation). */
  readonly next: (rng: Rng) => Input;
  readonly check: (input: Input) => Promise<Outcome> | Outcome;
}

export type Input = { readonly bytes?: Uint8Array; readonly text?: string; readonly args?: readonly string[]; readonly sectionType?: string };

const files = (dir: string, ext: RegExp) => (existsSync(dir) ? readdirSync(dir).filter((f) => ext.test(f)).map((f) => join(dir, f)) : []);
const bytesOf = (p: string) => new Uint8Array(readFileSync(p));

/** A sink CliIO: input "-" is the mutated input; nothing is kept but the files written. */
function sinkIo(stdin: Uint8Array, written: Map<string, Uint8Array | string>): CliIO {
  return {
    stdout: () => {},
    stderr: () => {},
    readFile: async (p) => {
      if (p === "-") return stdin;
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT", path: p });
    },
    writeFile: async (p, d) => void written.set(p, d),
  };
}

async function cli(args: readonly string[], stdin: Uint8Array | string, written = new Map<string, Uint8Array | string>()): Promise<number> {
  const code = await run(args, sinkIo(typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin, written));
  if (code !== 0 && code !== 1 && code !== 2) throw new Error(`exit code ${code}`);
  return code;
}

// ---- CPER bytes: decode, re-encode byte for byte, JSON round trip, renderers, lint ----

/** The round-trip checks of a decoded tree: record bytes re-encode exactly; JSON text → fromJson → the same bytes. */
function treeRoundTrip(t: CperTree, original: Uint8Array | undefined): string | undefined {
  const e = encode(t);
  if (original && t.framing === "record" && !Buffer.from(e).equals(Buffer.from(original))) return "record re-encodes to different bytes";
  const j = toJson(t);
  if (toJsonText(t, DEFAULT_SECTION_OPTIONS, 0) !== stringifyJson(j, 0)) return "toJsonText differs from stringifyJson(toJson)";
  const parsed = parseJson(stringifyJson(j));
  if (!parsed.ok) return `our JSON does not parse: ${parsed.error.message}`;
  const back = fromJson(parsed.value);
  if (!back.ok) return `our JSON does not read back: ${back.error.field}: ${back.error.message}`;
  if (!Buffer.from(encode(back.value)).equals(Buffer.from(e))) return "JSON reads back to different bytes";
  renderLinux(t);
  renderText(t);
  return undefined;
}

function exercise(b: Uint8Array, sectionType?: string): Outcome {
  const opts = sectionType ? { framing: "auto" as const, armType: "uefi" as const, sectionType } : { framing: "auto" as const, armType: "uefi" as const };
  let n = 0;
  for (const r of iterate(b, opts)) {
    if (++n > b.length + 2) return { roundTrip: "iterate does not terminate" };
    if (!r.ok) continue;
    const bad = treeRoundTrip(r.value.tree, b.subarray(r.value.offset, r.value.offset + r.value.length));
    if (bad) return { roundTrip: bad };
  }
  lint(b, opts);
  return {};
}

/** Offsets of length, count and offset fields in a record (header, first descriptors) and a status block. */
const RECORD_FIELDS = [10, 20, 128, 132, 200, 204, 272, 276, 4, 8, 12, 16];

function cperSeeds(withShared: boolean): Uint8Array[] {
  const local = files(join(ROOT, "fixtures", "cper"), /\.bin$/).map(bytesOf);
  // ../shared is read at run time when it is there (never copied into the project).
  const shared = withShared ? ["record", "estatus"].flatMap((d) => files(join(SHARED, "corpus", "cper", d), /\.bin$/)).map(bytesOf) : [];
  return [...local, ...shared];
}

function sectionSeeds(cper: readonly Uint8Array[]): { bytes: Uint8Array; guid: string }[] {
  const out: { bytes: Uint8Array; guid: string }[] = [];
  for (const b of cper) {
    for (const r of iterate(b)) {
      if (!r.ok) continue;
      const t = r.value.tree;
      const secs = t.framing === "record" ? t.sections.map((s) => s.section) : t.framing === "estatus" ? t.entries.map((e) => e.section) : [t.section];
      for (const s of secs) out.push({ bytes: encodeSectionBody(s), guid: s.guid });
    }
  }
  return out;
}

// ---- text renderings of bytes (hex input) ----

function hexStyles(b: Uint8Array): string[] {
  const hex = Buffer.from(b).toString("hex");
  const plain = hex.replace(/(.{64})/g, "$1\n");
  const rows: string[] = [];
  const kernel: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const row = [...b.subarray(i, i + 16)].map((x) => x.toString(16).padStart(2, "0"));
    rows.push(`${i.toString(16).padStart(8, "0")}  ${row.slice(0, 8).join(" ")}  ${row.slice(8).join(" ")}  |................|`);
    const words: string[] = [];
    for (let w = i; w < Math.min(i + 16, b.length); w += 4) words.push([...b.subarray(w, w + 4)].reverse().map((x) => x.toString(16).padStart(2, "0")).join(""));
    kernel.push(`[    1.234] {1}[Hardware Error]:   ${i.toString(16).padStart(8, "0")}: ${words.join(" ")}  ................`);
  }
  return [plain, rows.join("\n") + "\n", kernel.join("\n") + "\n"];
}

/** acpidump's text of a table ("HEST @ 0x…" and "0000: 48 45 …" rows), as `acpi decode` reads it. */
function acpidumpText(b: Uint8Array): string {
  const sig = String.fromCharCode(...b.subarray(0, 4)).replace(/[^A-Z0-9_]/g, "_");
  const rows = [`${sig} @ 0x0000000000000000`];
  for (let i = 0; i < b.length; i += 16) {
    const row = [...b.subarray(i, i + 16)];
    rows.push(`    ${i.toString(16).padStart(4, "0")}: ${row.map((x) => x.toString(16).padStart(2, "0").toUpperCase()).join(" ")}  ${row.map((x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : ".")).join("")}`);
  }
  return rows.join("\n") + "\n\n";
}

// ---- the targets ----

/** Seeds: the project's fixtures, and (withShared, when ../shared is there) the CPER corpus. */
export function targets(withShared = true): Target[] {
  const cper = cperSeeds(withShared);
  const sections = sectionSeeds(cper);
  const apei = files(join(ROOT, "fixtures", "apei"), /\.bin$/).map(bytesOf);
  const texts = [...cper.filter((b) => b.length < 4096).flatMap(hexStyles), ...apei.map(acpidumpText)];
  const cperJson = cper.flatMap((b) => [...iterate(b)].filter((r) => r.ok).map((r) => (r.ok ? toJsonText(r.value.tree, DEFAULT_SECTION_OPTIONS, 0) : "")));
  cperJson.push(...files(join(ROOT, "fixtures", "cper"), /\.json$/).map((p) => readFileSync(p, "utf8")));
  const hestJson = files(join(ROOT, "fixtures", "apei"), /\.json$/).map((p) => readFileSync(p, "utf8"));
  const simJson = files(join(ROOT, "fixtures", "scenarios", "sim"), /\.json$/).map((p) => readFileSync(p, "utf8"));
  const takeJson = files(join(ROOT, "fixtures", "scenarios", "take"), /\.json$/).map((p) => readFileSync(p, "utf8"));
  const jsonTarget = (name: string, seeds: string[], args: (rng: Rng) => string[], after?: (written: Map<string, Uint8Array | string>) => Promise<Outcome> | Outcome): Target => {
    const docs = seeds.map((t) => JSON.parse(t));
    return {
      name,
      next: (rng) => {
        const i = rng.int(seeds.length);
        return { text: mutateJson(rng, docs[i], seeds[i]!), args: args(rng) };
      },
      check: async (inp) => {
        const written = new Map<string, Uint8Array | string>();
        await cli(inp.args!, inp.text!, written);
        return after ? after(written) : {};
      },
    };
  };
  return [
    {
      name: "cper-bytes",
      next: (rng) => ({ bytes: mutateBytes(rng, rng.pick(cper), RECORD_FIELDS, cper) }),
      check: (inp) => exercise(inp.bytes!),
    },
    {
      name: "cper-section",
      next: (rng) => {
        const s = rng.pick(sections);
        return { bytes: mutateBytes(rng, s.bytes, [0, 4, 8, 12, 16, 2, 6]), sectionType: s.guid };
      },
      check: (inp) => exercise(inp.bytes!, inp.sectionType),
    },
    {
      name: "cper-cli",
      // The CLI's decode and lint of mutated bytes: hex-text detection, stream resynchronisation, every printer.
      next: (rng) => ({ bytes: mutateBytes(rng, rng.pick(cper), RECORD_FIELDS, cper), args: rng.pick([["cper", "decode", "-", "--format", "linux"], ["cper", "decode", "-", "--format", "json"], ["cper", "decode", "-"], ["cper", "lint", "-", "--format", "json"], ["cper", "decode", "-", "--format", "linux", "--kernel", "4.19"]]) }),
      check: async (inp) => (await cli(inp.args!, inp.bytes!), {}),
    },
    {
      name: "acpi-tables",
      next: (rng) => ({ bytes: mutateBytes(rng, rng.pick(apei), [4, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72], apei), args: rng.pick([["acpi", "decode", "-"], ["acpi", "decode", "-", "--format", "json"], ["acpi", "decode", "-", "--flags", "iasl"]]) }),
      check: async (inp) => (await cli(inp.args!, inp.bytes!), {}),
    },
    {
      name: "hex-text",
      next: (rng) => ({ text: mutateText(rng, rng.pick(texts)), args: rng.pick([["cper", "decode", "-"], ["acpi", "decode", "-"], ["cper", "lint", "-"]]) }),
      check: async (inp) => (await cli(inp.args!, inp.text!), {}),
    },
    jsonTarget("cper-json", cperJson, (rng) => ["cper", "encode", "-", "-o", "out.bin", ...(rng.chance(0.3) ? ["--fix-lengths"] : [])], (written) => {
      // What the encoder wrote decodes, and its JSON reads back to the same bytes.
      const out = written.get("out.bin");
      return out instanceof Uint8Array && out.length > 0 ? exercise(out) : {};
    }),
    jsonTarget("hest-json", hestJson, (rng) => ["acpi", "build", "hest", "-", "-o", "hest.bin", ...(rng.chance(0.5) ? ["--format", "json"] : [])], async (written) => {
      const out = written.get("hest.bin");
      if (out instanceof Uint8Array) await cli(["acpi", "decode", "-"], out);
      return {};
    }),
    jsonTarget("sim-scenario", simJson, (rng) => ["sim", "-", ...(rng.chance(0.5) ? ["--format", "json"] : [])]),
    jsonTarget("take-scenario", takeJson, (rng) => ["take", "-", ...(rng.chance(0.5) ? ["--format", "json"] : [])]),
    {
      name: "esr",
      next: (rng) => {
        const v = (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
        const forms = [`0x${v.toString(16)}`, (v & 0xffffffffn).toString(16), mutateText(rng, `0x${v.toString(16)}`), `-${rng.int(9)}`, "", "0x", "0d" + v.toString()];
        const text = rng.pick(forms);
        return {
          text,
          args: rng.pick([
            ["esr", text, "--format", rng.pick(["text", "json", "linux"]), ...(rng.chance(0.5) ? ["--el", String(1 + rng.int(3))] : []), ...(rng.chance(0.3) ? ["--kernel", rng.pick(["4.14", "5.10", "6.1", "6.18"])] : [])],
            ["kernel", "serror", "--esr", text, "--from", rng.pick(["el0", "el1", "guest"])],
            ["kernel", "sea", "--esr", text, "--from", rng.pick(["el0", "el1", "guest"]), "--far", rng.pick(["0", "-1", "0xffffffffffffffff", text])],
          ]),
        };
      },
      check: async (inp) => {
        await cli(inp.args!, new Uint8Array());
        // Every 64-bit value decodes and encodes back to itself.
        const m = /^0x([0-9a-f]{1,16})$/.exec(inp.text!);
        if (m) {
          const v = BigInt(`0x${m[1]}`);
          if (esrOf(esrDecode(v)) !== v) return { roundTrip: "an ESR value decodes to fields that give another value" };
        }
        return {};
      },
    },
  ];
}
