// One boot of a real arm64 kernel under QEMU (TCG) with a tiny initramfs: busybox, the guest
// probe and the cases; /init runs the cases one by one, spaced to stay under ghes_print_estatus()'s
// ratelimit (2 per 5 s per class) and the estatus cache's 10 s (linux-under-qemu.md §2, §6).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initramfs, type CpioEntry } from "./cpio.js";
import { parseConsole, type BootObservation } from "./console.js";
import { busybox, EFI_FIRMWARE, probeBinary, QEMU } from "./machine.js";

/** One block to inject. */
export interface InjectCase {
  readonly n: number;
  readonly bytes: Uint8Array;
  /** Byte offsets of 8-byte physical addresses the guest replaces by a free RAM page (offset in page kept). */
  readonly patchFreePage?: readonly number[];
  /** Physical addresses whose page flags the guest reports before the case. */
  readonly check?: readonly bigint[];
}

/** Guest time between cases (ms), besides the probe's 0.5 s settle. */
export const CASE_GAP_MS = 2600;

/** The QEMU command line (linux-under-qemu.md §2): virt with RAS (HEST + GHES), EDK2, no NIC. */
export function qemuArgs(vmlinuz: string, initrd: string): string[] {
  return [
    "-M", "virt,ras=on", "-cpu", "cortex-a57", "-smp", "2", "-m", "1G", "-nic", "none",
    "-bios", EFI_FIRMWARE, "-kernel", vmlinuz, "-initrd", initrd,
    "-append", "console=ttyAMA0 acpi=force panic=-1 ignore_loglevel printk.devkmsg=on",
    "-nographic", "-no-reboot",
  ];
}

function caseFile(c: InjectCase): string {
  const lines = [...(c.patchFreePage ?? []).map((o) => `patch ${o}`), ...(c.check ?? []).map((pa) => `check ${pa.toString(16)}`), `hex ${Buffer.from(c.bytes).toString("hex")}`];
  return lines.join("\n") + "\n";
}

export function initScript(cases: readonly InjectCase[], gapMs = CASE_GAP_MS): string {
  const run = cases.map((c) => `/bin/ghes-inject case ${c.n} /cases/${c.n}\n/bin/busybox usleep ${gapMs * 1000}`);
  return [
    "#!/bin/busybox sh",
    "/bin/busybox mount -t proc proc /proc",
    "/bin/busybox mount -t sysfs sys /sys",
    "/bin/busybox mount -t devtmpfs dev /dev",
    'echo "ARMRAS BOOTED $(/bin/busybox uname -r) | $(/bin/busybox uname -v)" > /dev/kmsg',
    "/bin/ghes-inject hest",
    ...run,
    'echo "ARMRAS DONE" > /dev/kmsg',
    "/bin/busybox poweroff -f",
    "",
  ].join("\n");
}

/* c8 ignore start -- reads the cached busybox and probe, runs QEMU: exercised by `npm run test:linux` */
export function initramfsFor(cases: readonly InjectCase[], gapMs = CASE_GAP_MS): Uint8Array {
  const entries: CpioEntry[] = [
    { path: "bin", mode: 0o40755 },
    { path: "proc", mode: 0o40755 },
    { path: "sys", mode: 0o40755 },
    { path: "dev", mode: 0o40755 },
    { path: "cases", mode: 0o40755 },
    { path: "bin/busybox", mode: 0o100755, data: readFileSync(busybox()) },
    { path: "bin/ghes-inject", mode: 0o100755, data: readFileSync(probeBinary()) },
    { path: "init", mode: 0o100755, data: initScript(cases, gapMs) },
    ...cases.map((c) => ({ path: `cases/${c.n}`, mode: 0o100644, data: caseFile(c) })),
  ];
  return initramfs(entries);
}

export interface BootResult {
  readonly console: string;
  readonly observation: BootObservation;
  readonly wallMs: number;
  readonly timedOut: boolean;
}

/** Boots `vmlinuz` with the cases; resolves when QEMU exits (power-off, panic with panic=-1, or timeout). */
export async function boot(vmlinuz: string, cases: readonly InjectCase[], opts: { readonly timeoutMs?: number; readonly gapMs?: number } = {}): Promise<BootResult> {
  const dir = mkdtempSync(join(tmpdir(), "armras-qemu-"));
  const t0 = Date.now();
  try {
    const initrd = join(dir, "initrd.gz");
    writeFileSync(initrd, initramfsFor(cases, opts.gapMs));
    const timeoutMs = opts.timeoutMs ?? 90_000 + cases.length * 12_000;
    const chunks: Buffer[] = [];
    let timedOut = false;
    await new Promise<void>((resolve, reject) => {
      const p = spawn(QEMU, qemuArgs(vmlinuz, initrd), { stdio: ["ignore", "pipe", "pipe"] });
      p.stdout.on("data", (d: Buffer) => chunks.push(d));
      p.stderr.on("data", (d: Buffer) => chunks.push(d));
      const timer = setTimeout(() => {
        timedOut = true;
        p.kill("SIGKILL");
      }, timeoutMs);
      p.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      p.on("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const text = Buffer.concat(chunks).toString("latin1");
    return { console: text, observation: parseConsole(text), wallMs: Date.now() - t0, timedOut };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/* c8 ignore stop */
