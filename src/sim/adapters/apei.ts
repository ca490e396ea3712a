// Adapter: the GHES error status blocks live in src/apei's physical-memory model. The HEST is
// built by src/apei's builder (QEMU's etc/hardware_errors layout: address registers, read-ack
// registers, then the blocks); firmware posts through GhesFirmware.post() (the read-ack check);
// the OS side reads the block through its registers and clears/acks with ghesClearEstatus().
import { buildHest, type MemoryLayout } from "../../apei/builder.js";
import { ghesClearEstatus, isV2, type AckProfile, type GenericSource } from "../../apei/ghes-runtime.js";
import { readRegister } from "../../apei/memory.js";
import { platformFromLayout, type Platform } from "../../apei/platform.js";
import { NOTIFY_ALIASES } from "../../apei/notify.js";

export interface ApeiSourceSpec {
  readonly id: number;
  readonly type: "ghes" | "ghesv2";
  /** ACPI notification name (NOTIFY_ALIASES key). */
  readonly notify: string;
}

export interface Ghes {
  readonly platform: Platform;
  readonly layout: MemoryLayout;
  /** The HEST table bytes the OS would find. */
  readonly table: Uint8Array;
  source(id: number): GenericSource | undefined;
  /** Firmware: write a status block (null = posted; else the reason it could not). */
  post(id: number, block: Uint8Array): string | null;
  /** OS: the pending block's bytes, or null when Block Status is 0. */
  pending(id: number): Uint8Array | null;
  /** OS: ghes_clear_estatus() + GHESv2 ack. */
  clear(id: number): { readonly cleared: boolean; readonly acked: boolean };
  /** The Read Ack register value (GHESv2), for the trace. */
  readAck(id: number): bigint | undefined;
  errorStatusAddress(id: number): bigint;
}

/** Builds the HEST and maps its registers and blocks (base = where firmware reserves them). */
const builtCache = new Map<string, ReturnType<typeof buildHest>>();

/** The HEST for these sources (built once per distinct input; the table is immutable). */
function hestFor(sources: readonly ApeiSourceSpec[], base: bigint, blockLength: number): ReturnType<typeof buildHest> {
  const key = `${base}/${blockLength}/${sources.map((s) => `${s.id}:${s.type}:${s.notify}`).join(",")}`;
  let built = builtCache.get(key);
  if (!built) {
    built = buildHest({
      layout: { base: `0x${base.toString(16)}`, errorStatusBlockLength: blockLength },
      errorSources: sources.map((s) => ({ type: s.type, sourceId: s.id, notify: { type: NOTIFY_ALIASES[s.notify] } })),
    });
    if (builtCache.size >= 64) builtCache.clear();
    builtCache.set(key, built);
  }
  return built;
}

export function buildGhes(sources: readonly ApeiSourceSpec[], base: bigint, blockLength: number, profile: AckProfile): Ghes {
  const built = hestFor(sources, base, blockLength);
  const generic = built.sources.flatMap((s) => (s.kind === "known" ? [s.value as unknown as GenericSource] : []));
  const platform = platformFromLayout(built.layout!, generic, profile);
  const layout = built.layout!;
  const entry = (id: number) => layout.entries.find((e) => e.sourceId === id)!;
  const byId = new Map(generic.map((g) => [g.sourceId, g]));
  return {
    platform,
    layout,
    table: built.table,
    source: (id) => byId.get(id),
    post(id, block) {
      const r = platform.firmware.post(id, block);
      return r.ok ? null : r.error;
    },
    pending(id) {
      const e = entry(id);
      const status = platform.mem.readUint(e.errorStatusBlock, 4);
      if (!status) return null;
      const len = 20 + Number(platform.mem.readUint(e.errorStatusBlock + 12n, 4) ?? 0n);
      return platform.mem.read(e.errorStatusBlock, Math.min(len, e.errorStatusBlockLength)) ?? null;
    },
    clear(id) {
      return ghesClearEstatus(platform.mem, byId.get(id)!, entry(id).errorStatusBlock);
    },
    readAck(id) {
      const s = byId.get(id)!;
      if (!isV2(s)) return undefined;
      const r = readRegister(platform.mem, s.readAckRegister);
      return r.ok ? r.value : undefined;
    },
    errorStatusAddress: (id) => entry(id).errorStatusBlock,
  };
}
