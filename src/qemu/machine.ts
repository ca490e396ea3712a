// What the host needs to boot Debian's arm64 kernels under QEMU, where it is cached, and the
// one command that installs it (facts: ../shared/reference/linux-under-qemu.md §1-§2).
// Everything comes from Debian's apt: the host tools are installed, the arm64 packages (kernel,
// busybox) are downloaded with `apt-get download` and unpacked into the cache, never installed.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PROBE_C } from "./guest-probe.js";

/** The Debian kernel lines the harness knows how to find (bookworm: 6.1.x, and 6.12.x from bookworm-backports-in-main). */
export const KERNEL_LINES = {
  "6.1": { pattern: "^linux-image-6\\.1\\.0-[0-9]+-arm64$" },
  "6.12": { pattern: "^linux-image-6\\.12\\.[0-9]+\\+deb[0-9]+-arm64$" },
} as const;
export type KernelLine = keyof typeof KERNEL_LINES;

export const HOST_PACKAGES = ["qemu-system-arm", "qemu-efi-aarch64", "gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"] as const;
export const QEMU = "qemu-system-aarch64";
export const EFI_FIRMWARE = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd";
export const CROSS_CC = "aarch64-linux-gnu-gcc";
/** The one command that installs the prerequisites (run as root; needs apt). */
export const SETUP_COMMAND = "sudo npx armras qemu setup";

export class MissingPrerequisite extends Error {
  override readonly name = "MissingPrerequisite";
}

export function cacheDir(): string {
  const base = process.env.ARMRAS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "armras");
  const d = join(base, "linux-qemu");
  mkdirSync(d, { recursive: true });
  return d;
}

function onPath(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** What is missing on this host for a boot (empty when ready). */
export function missingHostTools(): string[] {
  const miss: string[] = [];
  if (!onPath(QEMU)) miss.push(QEMU);
  if (!existsSync(EFI_FIRMWARE)) miss.push(EFI_FIRMWARE);
  if (!onPath(CROSS_CC)) miss.push(CROSS_CC);
  if (!onPath("apt-get") || !onPath("dpkg-deb")) miss.push("apt-get/dpkg-deb (a Debian host)");
  return miss;
}

export function requireHostTools(): void {
  const miss = missingHostTools();
  if (miss.length) throw new MissingPrerequisite(`this machine lacks ${miss.join(", ")}; install with: ${SETUP_COMMAND}`);
}

/* c8 ignore start -- apt, dpkg and the cross compiler: exercised by `armras qemu setup` and `npm run test:linux` */
function sh(cmd: string, args: readonly string[], cwd?: string): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}), maxBuffer: 64 << 20 });
}

/* c8 ignore stop */

/** `armras qemu setup`: apt installs of the host tools and the arm64 architecture (root only). */
export function setupHost(log: (s: string) => void): void {
  if (process.getuid?.() !== 0) throw new MissingPrerequisite(`setup installs packages with apt and must run as root: ${SETUP_COMMAND}`);
  /* c8 ignore start -- installs packages */
  const foreign = sh("dpkg", ["--print-foreign-architectures"]).split(/\s+/);
  if (!foreign.includes("arm64")) {
    log("dpkg --add-architecture arm64");
    sh("dpkg", ["--add-architecture", "arm64"]);
  }
  log("apt-get update");
  sh("apt-get", ["update", "-q"]);
  log(`apt-get install ${HOST_PACKAGES.join(" ")}`);
  execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...HOST_PACKAGES], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** The newest kernel package of a line that apt offers (the ABI number moves: never pinned). */
export function newestKernelPackage(line: KernelLine): string {
  const out = sh("apt-cache", ["search", "--names-only", KERNEL_LINES[line].pattern]);
  const names = out.split("\n").map((l) => l.split(" - ")[0]!.trim()).filter((n) => n.length > 0);
  if (names.length === 0) throw new MissingPrerequisite(`apt offers no ${line}.x arm64 kernel package (is the arm64 architecture added?); run: ${SETUP_COMMAND}`);
  return names.sort((a, b) => a.localeCompare(b, "en", { numeric: true })).at(-1)!;
}

/** apt-get download into the cache (once); returns the .deb path. */
function download(pkg: string): string {
  const dir = join(cacheDir(), "debs");
  mkdirSync(dir, { recursive: true });
  const base = pkg.replace(/:arm64$/, "");
  const find = () => readdirSync(dir).find((f) => f.startsWith(`${base}_`) && f.endsWith(".deb"));
  let f = find();
  if (!f) {
    sh("apt-get", ["download", "-q", pkg], dir);
    f = find();
    if (!f) throw new MissingPrerequisite(`apt-get download ${pkg} left no .deb in ${dir}`);
  }
  return join(dir, f);
}

/** One member of a .deb's data tarball, extracted into the cache (once). */
function extract(deb: string, member: string, to: string): string {
  if (!existsSync(to)) {
    const tmp = `${to}.part`;
    mkdirSync(tmp, { recursive: true });
    execFileSync("sh", ["-c", `dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" "$3"`, "sh", deb, tmp, member], { stdio: ["ignore", "ignore", "pipe"] });
    sh("mv", [join(tmp, member), to]);
    sh("rm", ["-rf", tmp]);
  }
  return to;
}

export interface KernelImage {
  /** The .deb package name, e.g. linux-image-6.1.0-57-arm64. */
  readonly package: string;
  readonly vmlinuz: string;
}

/** The newest kernel of a line: downloaded and its vmlinuz unpacked into the cache. */
export function kernelImage(line: KernelLine): KernelImage {
  const pkg = newestKernelPackage(line);
  const release = pkg.replace(/^linux-image-/, "");
  const out = join(cacheDir(), `vmlinuz-${release}`);
  if (!existsSync(out)) extract(download(pkg), `./boot/vmlinuz-${release}`, out);
  return { package: pkg, vmlinuz: out };
}

/** busybox (static, arm64) from busybox-static:arm64. */
export function busybox(): string {
  const out = join(cacheDir(), "busybox-arm64");
  if (!existsSync(out)) extract(download("busybox-static:arm64"), "./bin/busybox", out);
  return out;
}

/** The guest probe, compiled once per source text. */
export function probeBinary(): string {
  const hash = createHash("sha256").update(PROBE_C).digest("hex").slice(0, 16);
  const out = join(cacheDir(), `ghes-inject-${hash}`);
  if (!existsSync(out)) {
    const src = `${out}.c`;
    writeFileSync(src, PROBE_C);
    sh(CROSS_CC, ["-static", "-Os", "-o", out, src]);
  }
  return out;
}
/* c8 ignore stop */
