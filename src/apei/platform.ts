// A ready-to-run GHES platform from the builder's memory layout: the pages are
// mapped, each error-status-address register points at its block, and each
// read-ack register holds its initial value (QEMU: 1, "acknowledged").

import type { MemoryLayout } from "./builder.js";
import { GhesFirmware, isV2, type AckProfile, type GenericSource } from "./ghes-runtime.js";
import { genericSources, type Hest } from "./hest.js";
import { PhysicalMemory } from "./memory.js";

export interface Platform {
  readonly mem: PhysicalMemory;
  readonly firmware: GhesFirmware;
  readonly sources: readonly GenericSource[];
}

export function platformFromLayout(layout: MemoryLayout, sources: readonly GenericSource[], profile: AckProfile = "spec"): Platform {
  const mem = new PhysicalMemory();
  mem.map(layout.base, layout.size);
  for (const e of layout.entries) {
    mem.writeU64(e.errorStatusAddressRegister, e.errorStatusBlock);
    if (e.readAckRegister !== undefined) mem.writeU64(e.readAckRegister, e.readAckInitial ?? 1n);
  }
  return { mem, firmware: new GhesFirmware(mem, sources, profile), sources };
}

/** For a decoded HEST whose block addresses are known (e.g. a QEMU guest's), given per source. */
export function platformFromHest(hest: Hest, blocks: ReadonlyMap<number, bigint>, readAckInitial = 1n, profile: AckProfile = "spec"): Platform {
  const sources = genericSources(hest);
  const mem = new PhysicalMemory();
  for (const s of sources) {
    const block = blocks.get(s.sourceId);
    if (block === undefined) continue;
    mem.map(s.errorStatusAddress.address, 8);
    mem.writeU64(s.errorStatusAddress.address, block);
    mem.map(block, s.errorStatusBlockLength);
    if (isV2(s)) {
      mem.map(s.readAckRegister.address, 8);
      mem.writeU64(s.readAckRegister.address, readAckInitial);
    }
  }
  return { mem, firmware: new GhesFirmware(mem, sources, profile), sources };
}
