// The GHESv2 read-ack handshake between the firmware model (QEMU's rules) and
// the OS model (Linux ghes.c's checks and messages), and notification dispatch.
import { expect } from "chai";
import { buildHest } from "../../src/apei/builder.js";
import { decodeHest, genericSources } from "../../src/apei/hest.js";
import { ghesProc, GHES_MESSAGES, QEMU_NOT_ACKED, ENOENT, EIO, GhesFirmware, type GenericSource } from "../../src/apei/ghes-runtime.js";
import { platformFromLayout, platformFromHest } from "../../src/apei/platform.js";
import { PhysicalMemory, readRegister, writeRegister } from "../../src/apei/memory.js";
import { dispatch, ghesProbeVerdict, hestParseGhes, notificationFor } from "../../src/kernel/ghes-probe.js";
import { NOTIFY } from "../../src/apei/notify.js";
import { cperEstatusCheck, cperEstatusLen, readGesb } from "../../src/apei/estatus-check.js";
import { decodeEstatus } from "../../src/cper/decode.js";
import { memoryErrorBlock } from "./estatus-fixture.js";

const BASE = 0x139b9_0000n;

function qemuPlatform(extra: object[] = []) {
  const built = buildHest({
    layout: { base: "0x139B90000", errorStatusBlockLength: 0x400 },
    errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA" }, { type: "ghesv2", sourceId: 1, notify: "GPIO" }, ...extra],
  });
  const hest = decodeHest(built.table);
  if (!hest.ok) throw new Error(hest.error.message);
  return { ...platformFromLayout(built.layout!, genericSources(hest.value)), layout: built.layout! };
}

const ack = (mem: PhysicalMemory, i: number) => mem.readU64(BASE + 16n + 8n * BigInt(i));

describe("APEI runtime: GHESv2 read-ack handshake", () => {
  it("the hand-made status block passes the kernel's checks and the CPER codec decodes it", () => {
    const b = memoryErrorBlock(0x4000_1000n);
    expect(cperEstatusLen(readGesb(b))).to.equal(172);
    expect(cperEstatusCheck(b)).to.equal(true);
    const d = decodeEstatus(b);
    expect(d.ok).to.equal(true);
  });

  it("firmware posts, the OS claims and acks, firmware posts again", () => {
    const { mem, firmware, sources } = qemuPlatform();
    expect(ack(mem, 0)).to.equal(1n); // QEMU initialises read-ack to 1
    const block = memoryErrorBlock(0x4000_1000n);
    const p = firmware.post(0, block);
    expect(p).to.deep.include({ ok: true, sourceId: 0, blockAddress: BASE + 32n });
    expect(p.ok && p.notify).to.deep.equal({ type: 8, name: "SEA", vector: 0 });
    expect(ack(mem, 0)).to.equal(0n); // cleared by firmware
    const os = ghesProc(mem, sources[0]!);
    expect(os).to.deep.include({ outcome: "claimed", rc: 0, cleared: true, acked: true });
    expect(Buffer.from(os.estatus!)).to.deep.equal(Buffer.from(block));
    expect(mem.readUint(BASE + 32n, 4)).to.equal(0n); // Block Status cleared
    expect(ack(mem, 0)).to.equal(1n); // acked: (0 & ~1) | 1
    expect(firmware.post(0, memoryErrorBlock(0x4000_2000n)).ok).to.equal(true);
  });

  it("firmware posting twice without an ack is refused with QEMU's error", () => {
    const { firmware } = qemuPlatform();
    expect(firmware.post(1, memoryErrorBlock(1n)).ok).to.equal(true);
    const second = firmware.post(1, memoryErrorBlock(2n));
    expect(second).to.deep.equal({ ok: false, sourceId: 1, error: QEMU_NOT_ACKED });
    expect(QEMU_NOT_ACKED).to.equal("OSPM does not acknowledge previous error, so can not record CPER for current error anymore");
  });

  it("the OS finds Block Status 0: nothing to claim, nothing written", () => {
    const { mem, sources } = qemuPlatform();
    mem.writeU64(BASE + 16n, 0n); // a read-ack value the OS must not touch
    const os = ghesProc(mem, sources[0]!);
    expect(os).to.deep.include({ outcome: "nothing", rc: ENOENT, cleared: false, acked: false });
    expect(ack(mem, 0)).to.equal(0n);
  });

  it("the OS finds a zero block address: nothing (-ENOENT)", () => {
    const { mem, sources } = qemuPlatform();
    mem.writeU64(BASE, 0n);
    expect(ghesProc(mem, sources[0]!)).to.deep.include({ outcome: "nothing", rc: ENOENT });
  });

  const corrupt: [string, (b: Uint8Array) => void, string][] = [
    ["an invalid CPER header (DataLength < one entry)", (b) => new DataView(b.buffer).setUint32(12, 10, true), GHES_MESSAGES.invalidHeader],
    ["raw data overlapping the entries", (b) => { new DataView(b.buffer).setUint32(4, 30, true); new DataView(b.buffer).setUint32(8, 4, true); }, GHES_MESSAGES.invalidHeader],
    ["a length beyond the Error Status Block Length", (b) => new DataView(b.buffer).setUint32(12, 0x1000, true), GHES_MESSAGES.invalidLength],
    ["a truncated block (raw data end below 20)", (b) => { new DataView(b.buffer).setUint32(4, 0, true); new DataView(b.buffer).setUint32(8, 8, true); }, GHES_MESSAGES.truncated],
    ["entries that do not add up to DataLength", (b) => new DataView(b.buffer).setUint32(20 + 24, 70, true), GHES_MESSAGES.readFailed],
  ];
  for (const [what, damage, message] of corrupt) {
    it(`a corrupt block (${what}) is cleared and acked, not claimed`, () => {
      const { mem, firmware, sources } = qemuPlatform();
      const b = memoryErrorBlock(0x4000_1000n);
      damage(b);
      expect(firmware.post(0, b).ok).to.equal(true);
      const os = ghesProc(mem, sources[0]!);
      expect(os).to.deep.include({ outcome: "rejected", rc: EIO, message, cleared: true, acked: true });
      expect(os.estatus).to.equal(undefined);
      expect(ack(mem, 0)).to.equal(1n);
      expect(firmware.post(0, memoryErrorBlock(1n)).ok).to.equal(true);
    });
  }

  it("the kernel's messages carry FW_WARN and the GHES prefix", () => {
    expect(GHES_MESSAGES.invalidHeader).to.equal("[Firmware Warn]: GHES: Invalid CPER header!");
    expect(GHES_MESSAGES.addressRead(3)).to.equal("[Firmware Warn]: GHES: Failed to read error status block address for hardware error source: 3.");
  });

  it("an unreadable error status address register: -EIO, nothing cleared or acked", () => {
    const mem = new PhysicalMemory();
    const built = buildHest({ errorSources: [{ type: "ghesv2", sourceId: 9, notify: "SEA", errorStatusAddress: "0x5000", readAckRegister: "0x5008", errorStatusBlockLength: 64 }] });
    const h = decodeHest(built.table);
    if (!h.ok) throw new Error("decode");
    const s = genericSources(h.value)[0]!;
    expect(ghesProc(mem, s)).to.deep.include({ outcome: "address-failed", rc: EIO, message: GHES_MESSAGES.addressRead(9), cleared: false, acked: false });
    mem.map(0x5000n, 16);
    mem.writeU64(0x5000n, 0x9000n); // points at unmapped memory
    expect(ghesProc(mem, s)).to.deep.include({ outcome: "address-failed", message: GHES_MESSAGES.readFailed });
    const fw = new GhesFirmware(mem, [s]);
    expect(fw.post(9, memoryErrorBlock(1n).subarray(0, 40))).to.deep.include({ ok: false });
    expect(fw.post(9, memoryErrorBlock(1n))).to.deep.include({ ok: false }); // too big for 64 bytes
    expect(fw.post(8, memoryErrorBlock(1n))).to.deep.include({ ok: false, error: "HEST has no GHES/GHESv2 error source with Source Id 8" });
  });

  it("the ack keeps the preserved bits and honours the register's bit offset", () => {
    const built = buildHest({
      errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA", errorStatusAddress: "0x6000", readAckRegister: { address: "0x6008", bitWidth: 64, bitOffset: 4 }, readAckPreserve: "0xf0", readAckWrite: 2, errorStatusBlockLength: 256 }],
    });
    const h = decodeHest(built.table);
    if (!h.ok) throw new Error("decode");
    const s = genericSources(h.value)[0]!;
    const p = platformFromHest(h.value, new Map([[0, 0x7000n]]), 0x0f20n); // bits 11:8 preserved (0xf0<<4), write 2<<4 = 0x20 set: acked
    expect(p.firmware.post(0, memoryErrorBlock(1n)).ok).to.equal(true);
    expect(p.mem.readU64(0x6008n)).to.equal(0x0f00n); // write bits cleared, preserved kept
    expect(ghesProc(p.mem, s)).to.deep.include({ outcome: "claimed", acked: true });
    expect(p.mem.readU64(0x6008n)).to.equal(0x0f20n);
  });

  it("ack profiles: the spec's masked check and QEMU's non-zero check disagree on preserved bits", () => {
    for (const [profile, acked, after] of [["spec", false, 2n], ["qemu", true, 0n]] as const) {
      const built = buildHest({ layout: { base: "0x2000" }, errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA" }] });
      const h = decodeHest(built.table);
      if (!h.ok) throw new Error("decode");
      const p = platformFromLayout(built.layout!, genericSources(h.value), profile);
      const ackAt = built.layout!.entries[0]!.readAckRegister!;
      p.mem.writeU64(ackAt, 2n); // a preserved bit set, the write bit (bit 0) clear
      expect(p.firmware.post(0, memoryErrorBlock(1n)).ok, profile).to.equal(acked);
      expect(p.mem.readU64(ackAt), profile).to.equal(after);
      p.mem.writeU64(ackAt, 3n);
      const second = platformFromLayout(built.layout!, genericSources(h.value), profile);
      second.mem.writeU64(ackAt, 3n);
      expect(second.firmware.post(0, memoryErrorBlock(1n)).ok).to.equal(true);
      expect(second.mem.readU64(ackAt), profile).to.equal(profile === "spec" ? 2n : 0n);
    }
  });

  it("GHES (v1): no read-ack; firmware waits for Block Status 0", () => {
    const built = buildHest({ layout: { base: "0x10000", errorStatusBlockLength: 512 }, errorSources: [{ type: "ghes", sourceId: 3, notify: { type: "GSIV", vector: 33 } }] });
    const h = decodeHest(built.table);
    if (!h.ok) throw new Error("decode");
    const { mem, firmware, sources } = platformFromLayout(built.layout!, genericSources(h.value));
    expect(firmware.post(3, memoryErrorBlock(1n))).to.deep.include({ ok: true });
    expect(firmware.post(3, memoryErrorBlock(2n))).to.deep.include({ ok: false, error: "previous error status block not yet cleared by OSPM (Block Status != 0)" });
    expect(ghesProc(mem, sources[0]!)).to.deep.include({ outcome: "claimed", cleared: true, acked: false });
    expect(firmware.post(3, memoryErrorBlock(2n)).ok).to.equal(true);
  });

  it("register reads validate the GAS", () => {
    const mem = new PhysicalMemory();
    const g = { spaceId: 0, bitWidth: 32, bitOffset: 0, accessWidth: 3, address: 0x100n };
    expect(readRegister(mem, g)).to.deep.equal({ ok: false, error: "register at 0x100 is not mapped" });
    mem.map(0x100n, 4);
    expect(writeRegister(mem, g, 0x1_2345_6789n)).to.equal(true);
    expect(readRegister(mem, g)).to.deep.equal({ ok: true, value: 0x2345_6789n });
    expect(readRegister(mem, { ...g, spaceId: 1 })).to.deep.include({ ok: false });
    expect(readRegister(mem, { ...g, bitWidth: 12 })).to.deep.equal({ ok: false, error: "invalid bit width 12" });
    expect(readRegister(mem, { ...g, address: 0n })).to.deep.equal({ ok: false, error: "register address is 0" });
    expect(writeRegister(mem, { ...g, spaceId: 1 }, 0n)).to.equal(false);
  });

  it("physical memory spans pages and refuses unmapped access", () => {
    const mem = new PhysicalMemory();
    mem.map(0xfff8n, 16);
    expect(mem.pageCount).to.equal(2);
    expect(mem.write(0xfffcn, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).to.equal(true);
    expect(Array.from(mem.read(0xfffcn, 8)!)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(mem.read(0x10ff0n, 32)).to.equal(undefined);
    expect(mem.write(0x20000n, new Uint8Array(1))).to.equal(false);
    expect(mem.isMapped(-1n, 1)).to.equal(false);
    expect(mem.isMapped(0n, 0)).to.equal(true);
    mem.map(0n, 0);
    expect(mem.pageCount).to.equal(2);
  });
});

describe("APEI runtime: notification dispatch (Linux ghes_probe and handlers)", () => {
  const { sources } = qemuPlatform([
    { type: "ghesv2", sourceId: 2, notify: { type: "SDEI", vector: 1000 } },
    { type: "ghesv2", sourceId: 3, notify: { type: "SDEI", vector: 1001 } },
    { type: "ghesv2", sourceId: 4, notify: "SEI" },
    { type: "ghesv2", sourceId: 5, notify: { type: "GSIV", vector: 90 } },
    { type: "ghesv2", sourceId: 6, notify: "local" },
    { type: "ghesv2", sourceId: 7, notify: "SEA", enabled: 0 },
    { type: "ghesv2", sourceId: 8, notify: "NMI" },
    { type: "ghesv2", sourceId: 9, notify: { type: "polled", pollInterval: 100 } },
    { type: "ghesv2", sourceId: 10, notify: "SCI" },
    { type: "ghesv2", sourceId: 11, notify: { type: "external", vector: 91 } },
    { type: "ghesv2", sourceId: 12, notify: "CMCI" },
  ]);
  const ids = (s: readonly GenericSource[]) => s.map((x) => x.sourceId);

  it("SEA scans the enabled SEA sources", () => expect(ids(dispatch(sources, { kind: "SEA" }).sources)).to.deep.equal([0]));
  it("SEI scans nothing: mainline Linux has no SEI handler", () => {
    const d = dispatch(sources, { kind: "SEI" });
    expect(d.sources).to.deep.equal([]);
    expect(d.note).to.contain("no SEI handler");
  });
  it("an SDEI event scans the sources registered for that event", () => {
    expect(ids(dispatch(sources, { kind: "SDEI", event: 1001 }).sources)).to.deep.equal([3]);
    expect(ids(dispatch(sources, { kind: "SDEI" }).sources)).to.deep.equal([2, 3]);
  });
  it("an interrupt scans GSIV and external-interrupt sources on that vector", () => {
    expect(ids(dispatch(sources, { kind: "interrupt", gsiv: 90 }).sources)).to.deep.equal([5]);
    expect(ids(dispatch(sources, { kind: "interrupt", gsiv: 91 }).sources)).to.deep.equal([11]);
  });
  it("GPIO and SCI go through the hardware error device notifier", () => expect(ids(dispatch(sources, { kind: "HED" }).sources)).to.deep.equal([1, 10]));
  it("polling scans one source; NMI only on x86", () => {
    expect(ids(dispatch(sources, { kind: "poll", sourceId: 9 }).sources)).to.deep.equal([9]);
    expect(ids(dispatch(sources, { kind: "NMI" }).sources)).to.deep.equal([]);
    expect(ids(dispatch(sources, { kind: "NMI" }, "x86").sources)).to.deep.equal([8]);
    expect(ids(dispatch(sources, { kind: "SEA" }, "x86").sources)).to.deep.equal([]);
  });
  it("ghes_probe refuses local interrupts, SEI/CMCI (unknown), and skips disabled sources", () => {
    const by = (id: number) => hestParseGhes(sources.find((s) => s.sourceId === id)!);
    expect(by(6)).to.deep.include({ registered: false, message: "GHES: Generic hardware error source: 6 notified via local interrupt is not supported!" });
    expect(by(4)).to.deep.include({ registered: false, message: "[Firmware Warn]: GHES: Unknown notification type: 9 for generic hardware error source: 4" });
    expect(by(12).registered).to.equal(false);
    expect(by(7).message).to.contain("disabled");
    expect(by(8).message).to.contain("NMI");
    expect(hestParseGhes(sources.find((s) => s.sourceId === 0)!, "x86").message).to.contain("SEA is not supported");
  });
  it("one ghes_probe(): the HEST builder's verdict and the kernel model's traced probe agree, by release", async () => {
    const { ghesProbe } = await import("../../src/kernel/ghes.js");
    const { Trace } = await import("../../src/kernel/decision.js");
    const { parseKernelVersion } = await import("../../src/linux/version.js");
    const names = Object.keys(NOTIFY) as (keyof typeof NOTIFY)[];
    for (const k of ["4.9", "4.14", "5.0", "6.18"]) {
      const kernel = parseKernelVersion(k);
      for (const n of names) {
        const verdict = ghesProbeVerdict(NOTIFY[n], 3, undefined, kernel);
        const traced = ghesProbe(new Trace(), { id: 3, notify: n, hestType: 10, addressReadable: true, address: 0n, estatus: null }, undefined, kernel);
        expect(traced.registered, `${k} ${n}`).to.equal(verdict.registered);
      }
    }
    expect(ghesProbeVerdict(NOTIFY.SEA, 1, undefined, parseKernelVersion("4.9")).message).to.equal("[Firmware Warn]: GHES: Unknown notification type: 8 for generic hardware error source: 1");
  });
  it("the notification a post raises reaches the same source", () => {
    for (const s of sources) {
      const n = notificationFor(s);
      if (!n || !hestParseGhes(s).registered) continue;
      expect(ids(dispatch(sources, n).sources)).to.include(s.sourceId);
    }
    expect(notificationFor(sources.find((s) => s.sourceId === 4)!)).to.deep.equal({ kind: "SEI" });
    expect(notificationFor(sources.find((s) => s.sourceId === 12)!)).to.equal(undefined);
  });
});
