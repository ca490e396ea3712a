// Non-core CPER section codecs: section bodies/s decoded to a tree, and decoded
// + libcper JSON text, beside a baseline measured in the same run: JSON.parse of
// the same section's libcper JSON text. Bodies come from ../shared's libcper
// examples (skipped with a note when ../shared is absent).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringifyJson } from "../src/cper/json/reader.js";
import { DEFAULT_SECTION_OPTIONS } from "../src/cper/section-api.js";
import type { LibcperCodec } from "../src/cper/sections/libcper-codec.js";
import { BUILTIN_SECTIONS } from "../src/cper/sections/index.js";
import { guidFromBytes } from "../src/layout/guid.js";
import { type BenchResult, bestOf, consume, report, ROOT } from "./harness.js";

const DIR = resolve(ROOT, "..", "shared", "corpus", "cper", "record");
const RECORDS = ["pcie", "pcibus", "firmware", "dmargeneric", "dmarvtd", "ccixper", "cxlcomponent-media", "ia32x64", "nvidia"];

const best = (name: string, fn: (n: number) => void): BenchResult => bestOf(name, fn, "sections/s");

export default function bench(): void {
  if (!existsSync(DIR)) {
    console.log("cper-more  skipped: ../shared/corpus/cper/record is not beside this checkout");
    return;
  }
  const opts = DEFAULT_SECTION_OPTIONS;
  for (const name of RECORDS) {
    const rec = new Uint8Array(readFileSync(join(DIR, `libcper_${name}.bin`)));
    const dv = new DataView(rec.buffer);
    const body = rec.slice(dv.getUint32(128, true), dv.getUint32(128, true) + dv.getUint32(132, true));
    const guid = guidFromBytes(rec, 128 + 16);
    const codec = BUILTIN_SECTIONS.find((c) => c.guid === guid) as LibcperCodec<unknown>;
    const libJson = JSON.parse(readFileSync(join(DIR, `libcper_${name}.libcper.json`), "utf8")) as { sections: Record<string, unknown>[] };
    const text = JSON.stringify(libJson.sections[0]);
    const baseline = best(`JSON.parse of libcper's ${codec.libcperKey} JSON`, (n) => {
      for (let i = 0; i < n; i++) consume(JSON.parse(text));
    });
    report("cper-more", best(`${codec.key}: decode`, (n) => {
      for (let i = 0; i < n; i++) consume(codec.decode(body, opts));
    }), baseline);
    report("cper-more", best(`${codec.key}: decode + libcper JSON text`, (n) => {
      for (let i = 0; i < n; i++) {
        const r = codec.decode(body, opts);
        if (r.ok) consume(stringifyJson(codec.toLibcperJson(r.value, opts), 0));
      }
    }), baseline);
    report("cper-more", best(`${codec.key}: decode + JSON with _armras`, (n) => {
      for (let i = 0; i < n; i++) {
        const r = codec.decode(body, opts);
        if (r.ok) consume(stringifyJson(codec.toJson(r.value, opts), 0));
      }
    }), baseline);
  }
}
