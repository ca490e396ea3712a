// APEI: HEST decode rate and GHESv2 read-ack handshake round trips, each beside
// a baseline measured in the same run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { consume, measure, report, ROOT } from "./harness.js";
import { byteSum } from "../src/apei/header.js";
import { decodeHest, genericSources } from "../src/apei/hest.js";
import { buildHest } from "../src/apei/builder.js";
import { platformFromLayout } from "../src/apei/platform.js";
import { ghesProc } from "../src/apei/ghes-runtime.js";

const root = ROOT;

function block(): Uint8Array {
  // 20-byte status block + 72-byte revision-0x300 entry + 80-byte memory section (QEMU's layout).
  const b = new Uint8Array(172);
  const v = new DataView(b.buffer);
  v.setUint32(0, 1, true);
  v.setUint32(12, 152, true);
  v.setUint16(40, 0x300, true);
  v.setUint32(44, 80, true);
  return b;
}

export default async function run(): Promise<void> {
  const table = new Uint8Array(readFileSync(join(root, "fixtures/apei/arm-server-hest.bin")));
  const base = measure("baseline: checksum pass over the same table", (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += byteSum(table);
    consume(s);
  }, "tables/s");
  const dec = measure(`HEST decode (${table.length} B, 7 GHESv2/GHES sources)`, (n) => {
    for (let i = 0; i < n; i++) consume(decodeHest(table));
  }, "tables/s");
  report("apei", base);
  report("apei", dec, base);

  const built = buildHest({ layout: { base: "0x139B90000", errorStatusBlockLength: 0x1000 }, errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA" }] });
  const h = decodeHest(built.table);
  if (!h.ok) throw new Error("decode");
  const p = platformFromLayout(built.layout!, genericSources(h.value));
  const src = p.sources[0]!;
  const rec = block();
  const addr = built.layout!.entries[0]!.errorStatusBlock;
  const copyBase = measure("baseline: write + read the block in memory", (n) => {
    for (let i = 0; i < n; i++) {
      p.mem.write(addr, rec);
      consume(p.mem.read(addr, rec.length));
    }
  }, "round trips/s");
  const hs = measure("GHESv2 post + OS claim/clear/ack", (n) => {
    for (let i = 0; i < n; i++) {
      const r = p.firmware.post(0, rec);
      if (!r.ok) throw new Error(r.error);
      consume(ghesProc(p.mem, src));
    }
  }, "round trips/s");
  report("apei", copyBase);
  report("apei", hs, copyBase);
}
