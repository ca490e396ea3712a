// Conformance against real kernel output in ../shared: the SError and die() lines of
// arch/esr_linux_kernel_logs.json, the AET policy in arch/ras_constants.json, and the GHES +
// memory_failure lines of corpus/cper/estatus/arm_ghes_inject_v8_estatus.dmesg.txt.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import {
  classifySerror,
  decodeSyndrome,
  doSea,
  doSerror,
  armErrInfos,
  GhesState,
  ghesProc,
  ghesReadBlock,
  ghesSectionType,
  parseKernelVersion,
  Trace,
  type GhesEnv,
} from "../../src/kernel/index.js";
import { describeShared, readSharedJson, sharedPath } from "../helpers.js";
import { k } from "./helpers.js";

interface LogVector {
  esr: string;
  source: string;
  kernel_log_expected: string[];
}
interface AetVector {
  kind: string;
  value: string;
  name?: string;
  linux_policy?: string;
}

/** The release named in a vector's source ("5.8-rc3", "6.15.5", "5.10"), if any. */
function releaseOf(source: string): string | undefined {
  return /\b(\d+\.\d+(?:\.\d+)?(?:-rc\d+)?)\b/.exec(source)?.[1];
}

describeShared("kernel/logs: real SError and oops lines (esr_linux_kernel_logs.json)", () => {
  const vectors = readSharedJson<{ vectors: LogVector[] }>("arch", "esr_linux_kernel_logs.json").vectors;
  const serror = vectors.filter((v) => v.kernel_log_expected.some((l) => l.startsWith("SError Interrupt on CPU")));
  const sea = vectors.filter((v) => v.kernel_log_expected.some((l) => l.startsWith("Internal error: synchronous external abort")));
  it("has SError and synchronous-external-abort vectors to check", () => {
    expect(serror.length).to.be.greaterThan(0);
    expect(sea.length).to.be.greaterThan(0);
  });
  for (const v of serror) {
    const line = v.kernel_log_expected.find((l) => l.startsWith("SError Interrupt on CPU"))!;
    it(`${v.source}: ${line}`, () => {
      const cpu = Number(/CPU(\d+)/.exec(line)![1]);
      // A release when the source names one; otherwise the digit count tells the era (16 digits ⇒ ≥5.19).
      const rel = releaseOf(v.source) ?? (/code 0x[0-9a-f]{16} /.test(line) ? "6.18" : "5.10");
      const d = doSerror({ syndrome: decodeSyndrome(BigInt(v.esr)), kernel: parseKernelVersion(rel), ras: true, cpu });
      expect(d.log[0]).to.equal(line);
      expect(d.outcome.host).to.equal("panic");
    });
  }
  for (const v of sea) {
    const line = v.kernel_log_expected.find((l) => l.startsWith("Internal error: synchronous external abort"))!;
    const rel = releaseOf(v.source);
    it(`${v.source}: ${line}`, () => {
      expect(rel, "vector names a release").to.not.equal(undefined);
      const d = doSea({
        syndrome: decodeSyndrome(BigInt(v.esr)),
        kernel: parseKernelVersion(rel!),
        fromUser: false,
        far: 0n,
        irqsEnabled: true,
        die: { inInterrupt: false, panicOnOops: false, task: { comm: "kworker/0:1", pid: 10 } },
        apei: { kind: "not-claimed" },
      });
      // Some sources cut the line after the ESR; compare what they kept (and the [#n] part when kept).
      expect(d.log[0]!.startsWith(line), `${d.log[0]} vs ${line}`).to.equal(true);
    });
  }
});

describeShared("kernel/logs: AET values and Linux's fatal policy (ras_constants.json)", () => {
  const aets = readSharedJson<{ vectors: AetVector[] }>("arch", "ras_constants.json").vectors.filter((v) => v.kind.startsWith("ESR SError ISS.AET") && v.linux_policy);
  it("has AET policy vectors", () => expect(aets.length).to.be.greaterThan(0));
  for (const a of aets) {
    it(`AET ${a.value} (${a.name}): ${a.linux_policy}`, () => {
      const aet = parseInt(a.value.replace(/^0b/, ""), 2);
      const value = (0x2fn << 26n) | (1n << 25n) | (BigInt(aet) << 10n) | 0x11n;
      const c = classifySerror(decodeSyndrome(value), true);
      const fatal = !/not fatal/.test(a.linux_policy!);
      expect(c.verdict !== "continue").to.equal(fatal);
      if (/panics/.test(a.linux_policy!)) expect(c.verdict).to.equal("panic inside arm64_is_fatal_ras_serror");
    });
  }
});

describeShared("kernel/logs: GHES print and memory_failure line (corpus arm_ghes_inject_v8_estatus)", () => {
  const dmesg = readFileSync(sharedPath("corpus", "cper", "estatus", "arm_ghes_inject_v8_estatus.dmesg.txt"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.replace(/^\[\s*[\d.]+\]\s/, ""));
  it("a recoverable ARM-processor cache error (type 0x02, PA 0xdeadbeef) on a free page, v6.18 reading", () => {
    // The block's own bytes (printed from them: __ghes_print_estatus + cper_estatus_print), and
    // what ghes_do_proc() acts on: source 1, recoverable, one ARM processor section, error_info
    // type 0x02 (cache error), physical fault address 0xdeadbeef (validation bit 4).
    const raw = new Uint8Array(readFileSync(sharedPath("corpus", "cper", "estatus", "arm_ghes_inject_v8_estatus.bin")));
    const e = raw;
    const read = ghesReadBlock(raw)!.estatus!;
    expect(ghesSectionType(read.tree.entries[0]!)).to.equal("arm");
    expect(armErrInfos(read, 0).map((i) => [i.type, i.validationBits & 0x10, i.physicalFaultAddress])).to.deep.equal([[0x02, 0x10, 0xdeadbeefn]]);
    const env: GhesEnv = {
      kernel: k("6.18"),
      mf: { kernel: k("6.18"), recovery: true, earlyKillSysctl: false },
      page: (pfn) => (pfn === 0xdeadbn ? { state: "free", mappers: [] } : undefined),
      panicTimeout: 0,
      memoryFailureConfig: true,
    };
    const t = new Trace();
    const rc = ghesProc(t, env, new GhesState(), { id: 1, notify: "GPIO", hestType: 10, addressReadable: true, address: 0x1000n, estatus: e }, 0);
    expect(rc).to.equal(0);
    expect(t.log).to.deep.equal(dmesg);
    // The same bytes read by a 6.13 kernel print the Type byte as the pre-2.9A enum (cper-apei.md §1.2).
    const old = new Trace();
    ghesProc(old, { ...env, kernel: k("6.13"), mf: { ...env.mf, kernel: k("6.13") } }, new GhesState(), { id: 1, notify: "GPIO", hestType: 10, addressReadable: true, address: 0x1000n, estatus: e }, 0);
    expect(old.log).to.include("{1}[Hardware Error]:    error_type: 2, bus error");
    expect(old.log).to.not.include("{1}[Hardware Error]:    error_type: 0x02: cache error");
  });
});
