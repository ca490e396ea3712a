// The real-Linux oracle: boot a Debian arm64 kernel under QEMU, inject each block, and set what
// the kernel printed and did beside armras's prediction for that exact build. A case that
// panics ends its boot: the harness boots again for the cases after it (fatal cases are given
// a boot of their own up front).
import { GHES_SEV, ghesSeverity } from "../kernel/ghes-severity.js";
import { parseKernelVersion, type KernelVersion } from "../linux/version.js";
import { boot, type InjectCase } from "./boot.js";
import { compareCase, type CaseComparison } from "./compare.js";
import type { BootObservation, CaseObservation } from "./console.js";
import { kernelImage, requireHostTools, type KernelLine } from "./machine.js";
import { blockAsKernelReadsIt, BootPredictor, type PredictedCase } from "./predict.js";
import { MAX_BLOCK } from "./input.js";
import { namedPhysicalAddresses } from "../kernel/ghes-sections.js";

export interface OracleInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Byte offsets of 8-byte PAs to point at a free RAM page found in the guest at run time. */
  readonly patchFreePage?: readonly number[];
  /** PAs whose page flags the guest reports (the model's page state). */
  readonly check?: readonly bigint[];
}

export type KernelChoice = { readonly line: KernelLine } | { readonly image: string };

export interface KernelBuild {
  /** The .deb the image came from (undefined for --image). */
  readonly package?: string;
  /** uname -r and uname -v of the running kernel. */
  readonly release: string;
  readonly version: string;
  /** The upstream release the model is asked about (Debian's "6.1.192" from uname -v, else uname -r). */
  readonly upstream: string;
}

export interface OracleCase {
  readonly input: OracleInput;
  /** The bytes written (free-page PAs filled in). */
  readonly injected: Uint8Array;
  readonly boot: number;
  readonly observation?: CaseObservation;
  readonly prediction?: PredictedCase;
  readonly comparison?: CaseComparison;
  /** Why the case has no result (the guest could not run it). */
  readonly error?: string;
}

export interface OracleRun {
  readonly kernel: KernelBuild;
  readonly boots: number;
  readonly wallMs: number;
  readonly hest?: BootObservation["hest"];
  readonly cases: readonly OracleCase[];
}

/** Debian's uname -v names the upstream stable release ("#1 SMP Debian 6.1.192-3 (…)"); else the release itself. */
export function upstreamRelease(release: string, version: string): string {
  const m = /Debian (\d+\.\d+\.\d+)/.exec(version) ?? /^(\d+\.\d+(?:\.\d+)?)/.exec(release);
  return m ? m[1]! : release;
}

/** Whether the block panics the kernel (fatal/unknown block severity of a block the kernel accepts). */
export function endsBoot(bytes: Uint8Array): boolean {
  const { estatus } = blockAsKernelReadsIt(bytes, MAX_BLOCK);
  return estatus !== null && estatus.defect === undefined && ghesSeverity(estatus.severity) >= GHES_SEV.PANIC;
}

/** The physical addresses the block's memory and ARM sections name (their page flags decide memory_failure()'s path). */
export function namedPages(bytes: Uint8Array): bigint[] {
  const { estatus } = blockAsKernelReadsIt(bytes, MAX_BLOCK);
  return estatus?.estatus ? namedPhysicalAddresses(estatus.estatus) : [];
}

function applyPatches(bytes: Uint8Array, patches: CaseObservation["patches"]): Uint8Array {
  const out = Uint8Array.from(bytes);
  const dv = new DataView(out.buffer);
  for (const p of patches) if (p.offset + 8 <= out.length) dv.setBigUint64(p.offset, p.pa, true);
  return out;
}

/* c8 ignore start -- needs QEMU and Debian's kernels: exercised by `npm run test:linux` and `armras qemu inject` */
export async function runOracle(choice: KernelChoice, inputs: readonly OracleInput[], log: (s: string) => void = () => {}): Promise<OracleRun> {
  requireHostTools();
  const img = "image" in choice ? { vmlinuz: choice.image } : kernelImage(choice.line);
  const t0 = Date.now();
  const numbered = inputs.map((input, i) => ({ input, n: i + 1 }));
  const fatal = numbered.filter((c) => endsBoot(c.input.bytes));
  const rest = numbered.filter((c) => !endsBoot(c.input.bytes));
  const groups: (typeof numbered)[] = [...(rest.length ? [rest] : []), ...fatal.map((c) => [c])];
  const results = new Map<number, OracleCase>();
  let kernel: KernelBuild | undefined;
  let hest: BootObservation["hest"];
  let boots = 0;
  while (groups.length > 0) {
    const group = groups.shift()!;
    boots++;
    log(`boot ${boots}: ${group.length} case(s)`);
    const cases: InjectCase[] = group.map(({ input, n }) => ({ n, bytes: input.bytes, ...(input.patchFreePage ? { patchFreePage: input.patchFreePage } : {}), ...(input.check ? { check: input.check } : {}) }));
    const r = await boot(img.vmlinuz, cases);
    const o = r.observation;
    if (!o.release) throw new Error(`the guest did not boot to /init${r.timedOut ? " (timed out)" : ""}; console tail:\n${r.console.slice(-2000)}`);
    const upstream = upstreamRelease(o.release, o.version);
    kernel ??= { ...("package" in img ? { package: img.package } : {}), release: o.release, version: o.version, upstream };
    hest ??= o.hest;
    if (!o.hest) throw new Error(`the guest found no GHESv2 SEA source: ${o.hestError ?? "no report"}`);
    const version: KernelVersion = parseKernelVersion(upstream);
    const predictor = new BootPredictor({ kernel: version, memory: o.memory, sourceId: o.hest.sourceId, errorBlockLength: o.hest.errorBlockLength, blockAddress: o.hest.block });
    const seen = new Set<number>();
    for (const obs of o.cases) {
      const item = group.find((g) => g.n === obs.n);
      if (!item) continue;
      seen.add(obs.n);
      const injected = applyPatches(item.input.bytes, obs.patches);
      if (obs.error !== undefined) {
        results.set(obs.n, { input: item.input, injected, boot: boots, observation: obs, error: obs.error });
        continue;
      }
      const pages = new Map(obs.pages.map((p) => [p.pa >> 12n, p.flags] as const));
      const prediction = predictor.predict({ bytes: injected, atMs: obs.atMs, pid: obs.pid ?? 0, loadVa: obs.loadVa ?? 0n, pages });
      results.set(obs.n, { input: item.input, injected, boot: boots, observation: obs, prediction, comparison: compareCase(obs, prediction) });
    }
    const left = group.filter((g) => !seen.has(g.n));
    if (left.length > 0) {
      if (left.length === group.length) {
        for (const g of left) results.set(g.n, { input: g.input, injected: g.input.bytes, boot: boots, error: `not reached: the guest stopped before it${r.timedOut ? " (timed out)" : ""}` });
      } else {
        groups.unshift(left);
      }
    }
  }
  return { kernel: kernel!, boots, wallMs: Date.now() - t0, ...(hest ? { hest } : {}), cases: numbered.map(({ n }) => results.get(n)!) };
}
/* c8 ignore stop */
