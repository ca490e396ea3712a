// Writes (or, with --check, verifies) fixtures/linux/*.bin, the inputs `armras qemu inject`'s
// documentation uses, with our own encoder (blocks.ts): npx tsx test/linux/make-fixtures.ts [--check]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixturePath } from "../helpers.js";
import { arm, block, memory, record } from "./blocks.js";

export const LINUX_FIXTURES: Record<string, () => Uint8Array> = {
  // A corrected memory error at PA 0x50000000: printed, nothing queued (no page taken).
  "mem-corrected-block.bin": () =>
    block({ severity: "corrected", sections: [{ body: memory({ ValidationBits: (1n << 1n) | (1n << 14n), PhysicalAddress: 0x50000000n, MemoryErrorType: 2 }, false), severity: "corrected" }] }).bytes,
  // A full CPER record: a recoverable ARM processor section with a bus error (UEFI 2.9A bitmask 0x08).
  "arm-bus-record.bin": () => record("recoverable", [{ body: arm([{ ValidationBits: 0b0010, Type: 0x08, Flags: 1 }]), severity: "recoverable" }]),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  mkdirSync(fixturePath("linux"), { recursive: true });
  let bad = 0;
  for (const [name, make] of Object.entries(LINUX_FIXTURES)) {
    const path = join(fixturePath("linux"), name);
    const bytes = make();
    if (check) {
      const same = existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(bytes)) === 0;
      if (!same) bad++;
      console.log(`${same ? "ok  " : "DIFF"} ${name}`);
    } else {
      writeFileSync(path, bytes);
      console.log(`wrote ${path} (${bytes.length} bytes)`);
    }
  }
  process.exit(bad ? 1 : 0);
}
