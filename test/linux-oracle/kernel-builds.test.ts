// Kernel builds, not just releases: stable patch levels and -rc builds, the stable backports of the
// one boundary table, the print profile a build implies, --kernel-arch, and the dmesg (/dev/kmsg) view.
import { expect } from "chai";
import { cli } from "../helpers.js";
import { compareVersions, parseKernelVersion, versionString } from "../../src/linux/version.js";
import { allBoundaries, explain, has, PRINT_BOUNDARIES } from "../../src/linux/boundaries.js";
import { ghesRefusal, kmsgEscape, linuxPrintProfile, renderLinux } from "../../src/cper/render/linux.js";
import { decode } from "../../src/cper/decode.js";
import { renderLinuxEsr } from "../../src/sysregs/esr/render-linux.js";
import { consoleIo } from "../../src/cli/commands/cper-print.js";
import type { CliIO } from "../../src/cli/io.js";

const k = parseKernelVersion;

/** A one-entry Generic Error Status Block (ACPI 18.3.2.7.1) with the given section GUID and body. */
function block(guid: string, body: Uint8Array, opts: { fruText?: Uint8Array; dataLength?: number } = {}): Uint8Array {
  const out = new Uint8Array(20 + 64 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 1 << 4, true); // BlockStatus: one entry
  dv.setUint32(12, opts.dataLength ?? 64 + body.length, true);
  const g = guid.replace(/-/g, "");
  const le = (hex: string) => hex.match(/../g)!.reverse().join("");
  const gb = Buffer.from(le(g.slice(0, 8)) + le(g.slice(8, 12)) + le(g.slice(12, 16)) + g.slice(16), "hex");
  out.set(gb, 20);
  dv.setUint16(20 + 20, 0x0201, true); // Revision
  if (opts.fruText) {
    out[20 + 22] = 2; // FRU text valid
    out.set(opts.fruText.subarray(0, 20), 20 + 44);
  }
  dv.setUint32(20 + 24, body.length, true);
  out.set(body, 84);
  return out;
}

const IA32 = "dc3ea0b0-a144-4797-b95b-53fa242b6e1d";
const ARM = "e19e3d16-bc11-11e4-9caa-c2051d5d46b0";
const GENERIC = "9876ccad-47b4-4bdb-b65e-16f193c4f3db";

function linux(bytes: Uint8Array, opts: Parameters<typeof renderLinux>[1]): string[] {
  const d = decode(bytes, { framing: "estatus" });
  if (!d.ok) throw new Error("decode failed");
  return renderLinux(d.value.tree, opts);
}

describe("kernel builds: release strings and their order", () => {
  it("stable patch levels and -rc builds parse (uname -r's 6.6.0-rc3 is 6.6-rc3)", () => {
    for (const [text, want] of [
      ["6.1.192", "6.1.192"],
      ["5.15.149", "5.15.149"],
      ["6.12.57", "6.12.57"],
      ["6.6.0-rc3", "6.6-rc3"],
      ["6.1.0-41-arm64", "6.1"],
    ] as const) {
      expect(versionString(k(text)), text).to.equal(want);
    }
    expect(() => k("6.6.1-rc3")).to.throw(/an -rc has no patch level/);
  });
  it("an -rc sorts before its release, a stable patch level after it", () => {
    const order = ["6.5", "6.6-rc1", "6.6.0-rc3", "6.6", "6.6.1", "6.6.58", "6.7-rc1"].map(k);
    for (let i = 1; i < order.length; i++) expect(compareVersions(order[i - 1]!, order[i]!), order[i]!.text).to.be.lessThan(0);
  });
  it("an -rc has its release line's boundaries (changes land in the merge window), but no stable backport", () => {
    expect(has(k("6.13-rc2"), "ghesPanicHonorsPanicTimeout")).to.equal(true);
    expect(has(k("6.12-rc7"), "ghesPanicHonorsPanicTimeout")).to.equal(false);
    expect(renderLinuxEsr(0x9e000000n, { kernel: "6.5-rc2" })).to.contain("-- MOPS");
    expect(renderLinuxEsr(0x9e000000n, { kernel: "6.4.16" })).to.contain("-- UNRECOGNIZED EC");
    expect(renderLinuxEsr(0xb6000000n, { kernel: "6.12.57" })).to.contain("-- UNRECOGNIZED EC");
    expect(renderLinuxEsr(0xb6000000n, { kernel: "6.13" })).to.contain("-- Guarded Control Stack");
  });
});

describe("kernel builds: stable backports in the one boundary table", () => {
  it("every backport names its line, a patch level and its evidence", () => {
    for (const [id, b] of Object.entries(allBoundaries())) {
      for (const bp of b.backports ?? []) {
        expect(bp.line, id).to.match(/^\d+\.\d+$/);
        expect(bp.fromPatch, id).to.be.greaterThan(0);
        expect(bp.evidence, id).to.be.a("string").and.not.empty;
      }
    }
  });
  it("6.1.192 has the backports observed in Debian's 6.1.192; 6.1.0 does not (and explain() says why)", () => {
    for (const id of ["ghesPanicHonorsPanicTimeout", "taintMachineCheck", "ghesSyncSigbus", "armTypeBitmask", "cperArmLengthBig", "cperFwLengthCheck"] as const) {
      expect(has(k("6.1.192"), id), id).to.equal(true);
      expect(has(k("6.1"), id), id).to.equal(false);
      expect(explain(k("6.1.192"), id).via, id).to.equal("backport");
      expect(explain(k("6.1.192"), id).why, id).to.match(/^stable 6\.1\.\d+\+ backport: /);
    }
    expect(explain(k("6.1.164"), "cperArmLengthBig").why).to.equal("mainline 7.0; the 6.1 line carries it from 6.1.165");
    expect(explain(k("6.6.50"), "ghesSyncSigbus").why).to.equal("mainline 6.17; no 6.6.y backport known");
    expect(explain(k("6.18"), "armTypeBitmask")).to.deep.equal({ applies: true, via: "mainline", why: "mainline 6.18" });
    // The 2.9A ARM type bitmask came with 6.1.160 (its -rc1 review) and 5.10.248 (release diff).
    expect(has(k("6.1.159"), "armTypeBitmask")).to.equal(false);
    expect(has(k("6.1.160"), "armTypeBitmask")).to.equal(true);
    expect(has(k("5.10.248"), "armTypeBitmask")).to.equal(true);
    expect(has(k("5.15.202"), "armTypeBitmask")).to.equal(false);
    expect(has(k("6.12.62"), "armTypeBitmask")).to.equal(false);
    expect(has(k("6.12.63"), "armTypeBitmask")).to.equal(true);
    // cper_mem_err_status_str() is mainline (~5.19): 6.1.0 has it already.
    expect(explain(k("6.1"), "cperMemStatusStr").via).to.equal("mainline");
    // No 6.1 backport of the CXL protocol printer or of the context alignment (the 6.1.192 oracle).
    expect(has(k("6.1.192"), "cperCxlProtocol")).to.equal(false);
    expect(has(k("6.1.192"), "cperArmCtxAlign")).to.equal(false);
  });
  it("the March 2026 stable releases carry the CPER length checks from their patch levels", () => {
    expect(has(k("5.10.251"), "cperArmLengthBig")).to.equal(false);
    expect(has(k("5.10.252"), "cperArmLengthBig")).to.equal(true);
    expect(has(k("5.15.202"), "cperFwLengthCheck")).to.equal(true);
    expect(has(k("6.18"), "cperFwLengthCheck")).to.equal(false);
    expect(has(k("7.0"), "cperFwLengthCheck")).to.equal(true);
  });
  it("the print profile of a build reads the table", () => {
    expect(linuxPrintProfile(k("6.1"))).to.deep.equal({ armLengthBig: false, armCtxAlign: false, memStatusText: true, fwLengthCheck: false });
    expect(linuxPrintProfile(k("5.15.149"))).to.deep.equal({ armLengthBig: false, armCtxAlign: false, memStatusText: false, fwLengthCheck: false });
    expect(linuxPrintProfile(k("6.1.192"))).to.deep.equal({ armLengthBig: true, armCtxAlign: false, memStatusText: true, fwLengthCheck: true });
    expect(linuxPrintProfile(k("6.18"))).to.deep.equal({ armLengthBig: false, armCtxAlign: true, memStatusText: true, fwLengthCheck: false });
    expect(Object.keys(PRINT_BOUNDARIES)).to.include.members(["cperArmLengthBig", "cperArmCtxAlign", "cperMemStatusStr", "cperFwLengthCheck", "cperCxlProtocol"]);
  });
  it("`armras kernel versions --kernel 6.1.192` lists what the build has and why", async () => {
    const r = await cli(["kernel", "versions", "--kernel", "6.1.192"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^\[x\] 6\.13 +ghesPanicHonorsPanicTimeout: .*\[stable 6\.1\.192\+ backport: /m);
    expect(r.stdout).to.match(/^\[ \] 6\.15 +cperArmCtxAlign: /m);
    expect(r.stdout).to.match(/^\[ \] 6\.5 +esr\.ecName27: /m);
    const j = JSON.parse((await cli(["kernel", "versions", "--kernel", "6.1.164", "--format", "json"])).stdout) as { boundaries: { id: string; applies: boolean; why: string }[] };
    expect(j.boundaries.find((b) => b.id === "cperArmLengthBig")).to.include({ applies: false, why: "mainline 7.0; the 6.1 line carries it from 6.1.165" });
  });
});

describe("kernel builds: --kernel-arch (cper-arm.c is built for arm64 only, cper-x86.c for x86 only)", () => {
  const ia = block(IA32, new Uint8Array(64));
  const arm = block(ARM, Object.assign(new Uint8Array(40), { 8: 40 }));
  it("an IA32/X64 section prints as unknown + hex dump on arm64, with the x86 printer on x86_64", () => {
    expect(linux(ia, { seq: 1 })).to.include("{1}[Hardware Error]:   section type: unknown, dc3ea0b0-a144-4797-b95b-53fa242b6e1d");
    expect(linux(ia, { seq: 1, kernelArch: "x86_64" })).to.include("{1}[Hardware Error]:   section_type: IA32/X64 processor error");
  });
  it("an ARM section the reverse", () => {
    expect(linux(arm, { seq: 1 })).to.include("{1}[Hardware Error]:   section_type: ARM processor error");
    expect(linux(arm, { seq: 1, kernelArch: "x86_64" })).to.include("{1}[Hardware Error]:   section type: unknown, e19e3d16-bc11-11e4-9caa-c2051d5d46b0");
  });
  it("armras esr takes --kernel-arch arm64 and refuses x86_64 (an x86 kernel prints no ESR)", async () => {
    expect((await cli(["esr", "0x96000010", "--format", "linux", "--kernel-arch", "arm64"])).stdout).to.contain("Mem abort info:");
    const r = await cli(["esr", "0x96000010", "--format", "linux", "--kernel-arch", "x86_64"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("--kernel-arch x86_64");
  });
  it("--source-id N prints ghes.c's first line; a refused block prints only its warning; a bad id exits 2", async () => {
    const hex = Buffer.from(ia).toString("hex");
    const r = await cli(["cper", "decode", "-", "--format", "linux", "--source-id", "3"], hex);
    expect(r.stdout.split("\n")[0]).to.equal("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 3");
    const bad = Buffer.from(ia);
    bad.writeUInt32LE(40, 12);
    expect((await cli(["cper", "decode", "-", "--framing", "estatus", "--format", "linux", "--source-id", "3"], bad.toString("hex"))).stdout).to.equal("[Firmware Warn]: GHES: Invalid CPER header!\n");
    for (const v of ["x", "65536", "-1"]) expect((await cli(["cper", "decode", "-", "--format", "linux", "--source-id", v], hex)).code, v).to.equal(2);
  });
  it("the CLI takes --kernel-arch and refuses other values (exit 2)", async () => {
    const hex = Buffer.from(ia).toString("hex");
    const r = await cli(["cper", "decode", "-", "--format", "linux", "--kernel-arch", "x86_64"], hex);
    expect(r.stdout).to.contain("section_type: IA32/X64 processor error");
    expect((await cli(["cper", "decode", "-", "--format", "linux", "--kernel-arch", "riscv64"], hex)).code).to.equal(2);
  });
});

describe("kernel builds: the dmesg (/dev/kmsg) view and the console's raw bytes", () => {
  const fru = Uint8Array.from([0x41, 0x5c, 0x0a, 0xe9, 0x7f, 0x42]);
  const b = block(GENERIC, new Uint8Array(192), { fruText: fru });
  it("kmsgEscape(): bytes below 0x20, from 0x7f up, and the backslash as \\xNN; printable ASCII as is", () => {
    expect(kmsgEscape("plain text ~")).to.equal("plain text ~");
    expect(kmsgEscape("A\\\n\xe9\x7fB")).to.equal("A\\x5c\\x0a\\xe9\\x7fB");
  });
  it("--format linux prints fru_text as dmesg shows it; --console as the raw bytes (a newline byte continues on its own line)", () => {
    expect(linux(b, { seq: 1 })).to.include("{1}[Hardware Error]:  fru_text: A\\x5c\\x0a\\xe9\\x7fB");
    const raw = linux(b, { seq: 1, view: "console" }).join("\n").split("\n");
    expect(raw).to.include("{1}[Hardware Error]:  fru_text: A\\");
    expect(raw).to.include("\xe9\x7fB");
  });
  it("--console writes one byte per character (Latin-1), not UTF-8", async () => {
    const got: Uint8Array[] = [];
    const io = consoleIo({ stdout: () => undefined, stdoutBytes: (x) => void got.push(x), stderr: () => undefined, readFile: async () => new Uint8Array(), writeFile: async () => undefined } as CliIO);
    await io.stdout("\xe9\n");
    expect([...got[0]!]).to.deep.equal([0xe9, 0x0a]);
    const r = await cli(["cper", "decode", "-", "--format", "linux", "--console"], Buffer.from(b).toString("hex"));
    expect(r.stdout).to.contain("fru_text: A\\\n\xe9\x7fB");
  });
});

describe("kernel builds: printf details of the section printers", () => {
  it("an empty unknown section: Linux's '%#x' prints 0x0 (lib/vsprintf.c, unlike C's), and no hex dump", () => {
    expect(linux(block("01234567-89ab-cdef-0123-456789abcdef", new Uint8Array(0)), { seq: 1 }).slice(-2)).to.deep.equal([
      "{1}[Hardware Error]:   section type: unknown, 01234567-89ab-cdef-0123-456789abcdef",
      "{1}[Hardware Error]:   section length: 0x0",
    ]);
  });
  it("%d of a 32-bit field prints negative from 2^31 (ARM PSCI state)", () => {
    const body = new Uint8Array(40);
    const dv = new DataView(body.buffer);
    dv.setUint32(0, 4, true); // running state valid
    dv.setUint32(8, 40, true); // section length
    dv.setUint32(36, 0xfffffffe, true);
    expect(linux(block(ARM, body), { seq: 1 })).to.include("{1}[Hardware Error]:   Power State Coordination Interface state: -2");
  });
});

describe("kernel builds: ghes.c refuses a malformed status block and prints only its warning", () => {
  const ok = block(GENERIC, new Uint8Array(192));
  const tree = (bytes: Uint8Array) => {
    const d = decode(bytes, { framing: "estatus" });
    if (!d.ok || d.value.tree.framing !== "estatus") throw new Error("not a status block");
    return d.value.tree;
  };
  it("a well-formed block passes", () => {
    expect(ghesRefusal(tree(ok))).to.equal(undefined);
  });
  it("data_length nonzero but below one entry: cper_estatus_check_header() ('Invalid CPER header!')", () => {
    const bad = ok.slice();
    new DataView(bad.buffer).setUint32(12, 40, true);
    expect(linux(bad, { seq: 1 })).to.deep.equal(["[Firmware Warn]: GHES: Invalid CPER header!"]);
  });
  it("an entry longer than data_length leaves: cper_estatus_check() ('Failed to read error status block!')", () => {
    const bad = ok.slice();
    new DataView(bad.buffer).setUint32(20 + 24, 193, true);
    expect(ghesRefusal(tree(bad))).to.equal("[Firmware Warn]: GHES: Failed to read error status block!");
  });
});
