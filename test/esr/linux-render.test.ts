// The Linux renderer at each format boundary (src/sysregs/esr/linux-format.ts), with expected
// text typed from the kernel's format strings (fault.c mem_abort_decode/data_abort_decode,
// traps.c die/arm64_serror_panic/bad_mode, entry-common.c __panic_unhandled).
import { expect } from "chai";
import {
  compareKernel,
  decode,
  dieLine,
  KernelVersionError,
  LINUX_ESR_FORMAT,
  linuxFaultName,
  memAbortDecodeLines,
  parseKernelVersion,
  renderLinux,
  renderLinuxEsr,
  serrorPanicLine,
  unhandledSyncLine,
  userFaultLine,
} from "../../src/sysregs/esr/index.js";

describe("Linux renderer: kernel versions", () => {
  it("parses versions", () => {
    expect(parseKernelVersion("4.14")).to.include({ major: 4, minor: 14, patch: 0, text: "4.14" });
    expect(parseKernelVersion("6.17.7")).to.include({ major: 6, minor: 17, patch: 7 });
    expect(parseKernelVersion("v6.19-rc5")).to.include({ major: 6, minor: 19, patch: 0 });
    expect(parseKernelVersion("5.10.2-android")).to.include({ major: 5, minor: 10, patch: 2 });
    expect(parseKernelVersion("latest").text).to.equal("6.18");
    expect(compareKernel(parseKernelVersion("5.9"), parseKernelVersion("5.10"))).to.be.lessThan(0);
    for (const bad of ["", "6", "six", "6.x", "1.2.3.4"]) expect(() => parseKernelVersion(bad), bad).to.throw(KernelVersionError);
  });
  it("documents every boundary with its evidence", () => {
    for (const [k, b] of Object.entries(LINUX_ESR_FORMAT)) {
      expect(b.what.length, k).to.be.greaterThan(10);
      expect(b.evidence, k).to.match(/^(V|K|R|L)/);
    }
  });
});

describe("Linux renderer: mem_abort_decode() by version", () => {
  const d = decode(0x96000045n); // DABT current EL, WnR=1, level 1 translation fault
  const at = (k: string) => memAbortDecodeLines(d, { kernel: k });
  it("before the EC-hex change (v5.4, Miles Chen's patch of 2019-08): 'Exception class = ...'", () => {
    expect(at("5.3")[2]).to.equal("  Exception class = DABT (current EL), IL = 32 bits");
    expect(at("5.4")[2]).to.equal("  EC = 0x25: DABT (current EL), IL = 32 bits");
  });
  it("FSC line from 5.14", () => {
    expect(at("5.13").some((l) => l.startsWith("  FSC"))).to.equal(false);
    expect(at("5.14")[5]).to.equal("  FSC = 0x05: level 1 translation fault");
  });
  it("16-digit ESR from 5.19", () => {
    expect(at("5.18")[1]).to.equal("  ESR = 0x96000045");
    expect(at("5.19")[1]).to.equal("  ESR = 0x0000000096000045");
  });
  it("ISS2 lines from 6.5", () => {
    expect(at("6.4").slice(6)).to.deep.equal(["Data abort info:", "  ISV = 0, ISS = 0x00000045", "  CM = 0, WnR = 1"]);
    expect(at("6.5").slice(6)).to.deep.equal([
      "Data abort info:",
      "  ISV = 0, ISS = 0x00000045, ISS2 = 0x00000000",
      "  CM = 0, WnR = 1, TnD = 0, TagAccess = 0",
      "  GCS = 0, Overlay = 0, DirtyBit = 0, Xs = 0",
    ]);
  });
  it("ISS2 fields come from ESR[55:32] (TnD ISS2[10], TagAccess [11], GCS [8], Overlay [6], DirtyBit [5], Xs [4:0])", () => {
    const d2 = decode((0b1101_0110_0011n << 32n) | 0x96000045n);
    const lines = memAbortDecodeLines(d2, { kernel: "6.18" });
    expect(lines[0 + 1]).to.equal("  ESR = 0x00000d6396000045");
    expect(lines.slice(7)).to.deep.equal([
      "  ISV = 0, ISS = 0x00000045, ISS2 = 0x00000d63",
      "  CM = 0, WnR = 1, TnD = 1, TagAccess = 1",
      "  GCS = 1, Overlay = 1, DirtyBit = 1, Xs = 3",
    ]);
    // Before 5.19 the ESR was a u32: the high word is not printed at all.
    expect(memAbortDecodeLines(d2, { kernel: "5.10" })[1]).to.equal("  ESR = 0x96000045");
  });
  it("ISV=1: access size, SSE/SRT, SF/AR (and ISS2 lines still follow from 6.5)", () => {
    const v = decode(0x93818047n);
    expect(memAbortDecodeLines(v, { kernel: "5.10" }).slice(5)).to.deep.equal([
      "Data abort info:",
      "  Access size = 4 byte(s)",
      "  SSE = 0, SRT = 1",
      "  SF = 1, AR = 0",
      "  CM = 0, WnR = 1",
    ]);
    expect(memAbortDecodeLines(v, { kernel: "6.18" }).slice(8)).to.deep.equal([
      "  SSE = 0, SRT = 1",
      "  SF = 1, AR = 0",
      "  CM = 0, WnR = 1, TnD = 0, TagAccess = 0",
      "  GCS = 0, Overlay = 0, DirtyBit = 0, Xs = 0",
    ]);
  });
  it("instruction aborts stop after the FSC line; IL = 16 bits when IL=0", () => {
    expect(memAbortDecodeLines(decode(0x84000010n), { kernel: "6.1" })).to.deep.equal([
      "Mem abort info:",
      "  ESR = 0x0000000084000010",
      "  EC = 0x21: IABT (current EL), IL = 16 bits",
      "  SET = 0, FnV = 0",
      "  EA = 0, S1PTW = 0",
      "  FSC = 0x10: synchronous external abort",
    ]);
  });
});

describe("Linux renderer: fault_info[] names by version", () => {
  it("0x11 is 'unknown 17' before MTE (5.10), 'synchronous tag check fault' after", () => {
    expect(linuxFaultName(0x11, parseKernelVersion("5.9"))).to.equal("unknown 17");
    expect(linuxFaultName(0x11, parseKernelVersion("5.10"))).to.equal("synchronous tag check fault");
  });
  it("level -1 and level 0 names from 6.9 (kernel.md §3.1: 0x13 'level -1 (translation table walk)' in v6.18)", () => {
    expect(linuxFaultName(0x13, parseKernelVersion("6.8"))).to.equal("unknown 19");
    expect(linuxFaultName(0x13)).to.equal("level -1 (translation table walk)");
    expect(linuxFaultName(0x08)).to.equal("level 0 access flag fault");
    expect(linuxFaultName(0x0c)).to.equal("level 0 permission fault");
    expect(linuxFaultName(0x1b)).to.equal("level -1 synchronous parity error (translation table walk)");
    expect(linuxFaultName(0x29)).to.equal("level -1 address size fault");
    expect(linuxFaultName(0x2b)).to.equal("level -1 translation fault");
  });
  it("names every code (unknown N for the unnamed)", () => {
    expect(linuxFaultName(0x20)).to.equal("unknown 32");
    expect(linuxFaultName(0x3d)).to.equal("section domain fault");
    expect(linuxFaultName(0x31)).to.equal("Unsupported atomic hardware update fault");
  });
});

describe("Linux renderer: one-line messages", () => {
  it("SError panic: bad_mode before 4.16, 8 digits to 5.18, 16 from 5.19 (kernel.md §2)", () => {
    const d = decode(0xbe000411n);
    expect(serrorPanicLine(d, { kernel: "4.14", cpu: 2 })).to.equal("Bad mode in Error handler detected on CPU2, code 0xbe000411 -- SError");
    expect(serrorPanicLine(d, { kernel: "4.19", cpu: 2 })).to.equal("SError Interrupt on CPU2, code 0xbe000411 -- SError");
    expect(serrorPanicLine(d, { kernel: "6.18" })).to.equal("SError Interrupt on CPU0, code 0x00000000be000411 -- SError");
  });
  it("die(): %x before 5.19 (no padding), %016lx after; PREEMPT/SMP tails", () => {
    const d = decode(0x02000000n);
    expect(dieLine("Oops", d, { kernel: "5.4" })).to.equal("Internal error: Oops: 2000000 [#1] SMP");
    expect(dieLine("Oops", d, { kernel: "5.4", preempt: "PREEMPT", dieCounter: 3 })).to.equal("Internal error: Oops: 2000000 [#3] PREEMPT SMP");
    expect(dieLine("Oops", d, { kernel: "6.1", smp: false })).to.equal("Internal error: Oops: 0000000002000000 [#1]");
    expect(dieLine("Oops", d, { kernel: "6.15" })).to.equal("Internal error: Oops: 0000000002000000 [#1]  SMP");
    expect(dieLine("Oops", d, { kernel: "6.15", preempt: "PREEMPT" })).to.equal("Internal error: Oops: 0000000002000000 [#1] PREEMPT SMP");
  });
  it("unexpected synchronous exception: bad_mode before 5.14 (arm64 entry-in-C series), __panic_unhandled after", () => {
    const d = decode(0x56000000n);
    expect(unhandledSyncLine(d, { kernel: "5.13" })).to.equal("Bad mode in Synchronous Abort handler detected on CPU0, code 0x56000000 -- SVC (AArch64)");
    expect(unhandledSyncLine(d, { kernel: "5.14" })).to.equal("Unhandled 64-bit el1h sync exception on CPU0, ESR 0x56000000 -- SVC (AArch64)");
    expect(unhandledSyncLine(d, { kernel: "5.4" })).to.equal("Bad mode in Synchronous Abort handler detected on CPU0, code 0x56000000 -- SVC (AArch64)");
    expect(unhandledSyncLine(d, { kernel: "5.15", cpu: 1 })).to.equal("Unhandled 64-bit el1h sync exception on CPU1, ESR 0x56000000 -- SVC (AArch64)");
    expect(unhandledSyncLine(d, { kernel: "6.1", vector: "64-bit el0t sync" })).to.equal("Unhandled 64-bit el0t sync exception on CPU0, ESR 0x0000000056000000 -- SVC (AArch64)");
  });
  it("user fault line: old form before 4.19, arm64_show_signal form after", () => {
    const d = decode(0x92000006n);
    expect(userFaultLine(d, { far: 0n, comm: "sh", pid: 42 }, { kernel: "4.14" })).to.equal("sh[42]: unhandled level 2 translation fault (11) at 0x00000000, esr 0x92000006");
    expect(userFaultLine(d, { far: 0x10n }, { kernel: "6.18" })).to.equal("unhandled exception: DABT (lower EL), ESR 0x0000000092000006, level 2 translation fault");
  });
  it("renderLinux picks the message for the class", () => {
    expect(renderLinuxEsr(0xf2000800n, { kernel: "5.10" })).to.equal("Unexpected kernel BRK exception at EL1\nInternal error: BRK handler: f2000800 [#1] SMP\n");
    expect(renderLinux(decode(0xbf000002n), { kernel: "5.8" })).to.equal("SError Interrupt on CPU0, code 0xbf000002 -- SError\n");
    expect(renderLinux(decode(0x36000003n), { kernel: "6.1", cpu: 47 })).to.equal("Unhandled 64-bit el1h sync exception on CPU47, ESR 0x0000000036000003 -- BTI\n");
    expect(renderLinux(decode(0x96000004n)).split("\n")[0]).to.equal("Mem abort info:");
  });
});
