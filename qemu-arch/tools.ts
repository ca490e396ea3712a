// The external tools the suite needs, installed from apt when missing (as root; apt-get
// update once), and the QEMU command line.
import { execFileSync, spawn } from "node:child_process";

const NEED = [
  ["qemu-system-aarch64", "qemu-system-arm"],
  ["aarch64-linux-gnu-as", "binutils-aarch64-linux-gnu"],
  ["aarch64-linux-gnu-ld", "binutils-aarch64-linux-gnu"],
] as const;

function have(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Installs the missing packages (root only); throws naming what is missing otherwise. */
export function ensureTools(log: (s: string) => void): void {
  const missing = [...new Set(NEED.filter(([cmd]) => !have(cmd)).map(([, pkg]) => pkg))];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(", ")}: install them (apt-get install ${missing.join(" ")}) or run as root`);
  log(`installing ${missing.join(", ")} (apt-get update; apt-get install)`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  const still = NEED.filter(([cmd]) => !have(cmd)).map(([cmd]) => cmd);
  if (still.length) throw new Error(`still missing after apt-get install: ${still.join(", ")}`);
}

export function qemuVersion(): string {
  return execFileSync("qemu-system-aarch64", ["--version"], { encoding: "utf8" }).split("\n")[0]!.trim();
}

/** Assembles and links one program at `load`. */
export function build(asmPath: string, objPath: string, elfPath: string, load: bigint): void {
  execFileSync("aarch64-linux-gnu-as", ["-march=armv8.2-a", "-o", objPath, asmPath], { stdio: ["ignore", "ignore", "pipe"] });
  execFileSync("aarch64-linux-gnu-ld", [`-Ttext=0x${load.toString(16)}`, "-e", "_start", "-o", elfPath, objPath], { stdio: ["ignore", "ignore", "pipe"] });
}

export interface QemuRun {
  readonly stdout: string;
  readonly code: number | null;
  readonly timedOut: boolean;
}

/** Runs one ELF under QEMU TCG (EL3 start, UART on stdout, semihosting exit), bounded by timeoutMs. */
export function runQemu(elf: string, cpu: string, timeoutMs: number): Promise<QemuRun> {
  const args = [
    "-M", "virt,secure=on,virtualization=on", "-cpu", cpu, "-nographic", "-nodefaults", "-serial", "stdio", "-monitor", "none",
    "-semihosting-config", "enable=on,target=native", "-kernel", elf,
  ];
  return new Promise((resolve) => {
    const p = spawn("qemu-system-aarch64", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let timedOut = false;
    p.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    p.stderr.on("data", (d: Buffer) => (out += d.toString("latin1")));
    const t = setTimeout(() => {
      timedOut = true;
      p.kill("SIGKILL");
    }, timeoutMs);
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ stdout: out, code, timedOut });
    });
  });
}
