import { expect } from "chai";
import { allBoundaries, BOUNDARIES, beyondModelled, compareVersions, has, KernelVersionError, NEWEST, parseKernelVersion, versionString } from "../../src/kernel/index.js";
import { k } from "./helpers.js";

type BoundaryKey = Parameters<typeof has>[1];

describe("kernel/version: release strings", () => {
  const ok: [string, number, number, number, number][] = [
    ["4.4", 4, 4, 0, 0],
    ["5.10", 5, 10, 0, 0],
    ["6.3", 6, 3, 0, 0],
    ["6.17.7", 6, 17, 7, 0],
    ["v6.1-rc3", 6, 1, 0, 3],
    ["6.8.0-45-generic", 6, 8, 0, 0],
    ["5.10.0+", 5, 10, 0, 0],
    [" 4.19.124 ", 4, 19, 124, 0],
  ];
  for (const [text, major, minor, patch, rc] of ok) {
    it(`parses '${text}'`, () => {
      const v = parseKernelVersion(text);
      expect([v.major, v.minor, v.patch, v.rc]).to.deep.equal([major, minor, patch, rc]);
    });
  }
  for (const bad of ["", "6", "six.one", "6.x", "6.1.2.3.4?", "v6.1.2-rc3", "2.6.32", "3.6"]) {
    it(`rejects '${bad}' with a typed error`, () => {
      expect(() => parseKernelVersion(bad)).to.throw(KernelVersionError);
    });
  }
  it("orders releases; an -rc sorts before its release (its behaviour: test/linux-oracle/kernel-builds)", () => {
    expect(compareVersions(k("4.19"), k("4.14"))).to.be.greaterThan(0);
    expect(compareVersions(k("6.1-rc3"), k("6.1"))).to.be.lessThan(0);
    expect(compareVersions(k("6.1.164"), k("6.1.2"))).to.be.greaterThan(0);
    expect(versionString(k("v6.1-rc3"))).to.equal("6.1-rc3");
    expect(versionString(k("6.17.7"))).to.equal("6.17.7");
    expect(versionString(k("6.3"))).to.equal("6.3");
  });
  it("the default is the newest modelled release, 6.18 (kernel.md §0)", () => {
    expect(versionString(NEWEST)).to.equal("6.18");
    expect(beyondModelled(k("6.19"))).to.equal(true);
    expect(beyondModelled(k("6.18.2"))).to.equal(false);
  });
});

describe("kernel/boundaries: which behaviour each tested release gets", () => {
  // Expected from kernel.md: [boundary, releases that have it] at the 7 tested releases.
  const table: [keyof typeof BOUNDARIES, string[]][] = [
    ["rasSerror", ["4.19", "5.4", "5.10", "6.1", "6.13", "6.18"]], // §2.1 'since v4.16'; §2.2 4.14 bad_mode
    ["seaUserClaimReturns", ["5.10", "6.1", "6.13", "6.18"]], // §3.2 v5.8
    ["apeiClaimSea", ["5.4", "5.10", "6.1", "6.13", "6.18"]], // §3.2 ~v5.0
    ["ghesPanicHonorsPanicTimeout", ["6.13", "6.18"]], // §5.4 ≥ ~v6.13
    ["taintMachineCheck", ["6.18"]], // §2.1 not in v6.13
    ["ghesTaskWork", ["6.18"]], // §5.7 v6.18, not v6.13
    ["armTypeBitmask", ["6.18"]], // §5.7 enum in v6.13
    ["kvmVcpuEvents", ["4.19", "5.4", "5.10", "6.1", "6.13", "6.18"]], // §7.6 v4.19, not v4.14
    ["kvmExtDabt", ["5.10", "6.1", "6.13", "6.18"]], // §7.6 v5.5+
    ["ghesCxlComponentEvents", ["6.13", "6.18"]], // §5.7 CXL component events (v6.8)
    ["ghesCxlProtocolErrors", ["6.18"]], // §5.7 CXL protocol errors (~v6.15)
  ];
  for (const [id, haveIt] of table) {
    it(`${id}`, () => {
      for (const v of ["4.14", "4.19", "5.4", "5.10", "6.1", "6.13", "6.18"]) {
        expect(has(k(v), id), `${id} at ${v}`).to.equal(haveIt.includes(v));
      }
    });
  }
  it("taint MACHINE_CHECK is present in 6.17.7 (kernel.md §2.1: 'present in 6.17.7 logs')", () => {
    expect(has(k("6.17.7"), "taintMachineCheck")).to.equal(true);
  });
  it("the 2025 GHES sync SIGBUS fix is in 6.17+ and in the 6.1.164 stable backport only (§5.7)", () => {
    expect(has(k("6.1.163"), "ghesSyncSigbus")).to.equal(false);
    expect(has(k("6.1.164"), "ghesSyncSigbus")).to.equal(true);
    expect(has(k("6.6.50"), "ghesSyncSigbus")).to.equal(false);
    expect(has(k("6.13"), "ghesSyncSigbus")).to.equal(false);
    expect(has(k("6.17"), "ghesSyncSigbus")).to.equal(true);
  });
  it("every boundary names a source and a parsable release", () => {
    for (const [id, b] of Object.entries(allBoundaries())) {
      expect(b.source, id).to.match(/kernel\.md|esr_linux_kernel_logs|drivers\/firmware\/efi\/cper\.c|drivers\/acpi\/apei\/ghes\.c|arch\/arm64\/mm\/fault\.c/);
      expect(() => parseKernelVersion(b.since), id).not.to.throw();
    }
  });
});

describe("kernel/boundaries: the releases the upstream evidence dates (docs/kernel.md 'Versions')", () => {
  // [boundary, last release without, first release with]: from patch emails and pull requests
  // (lore archive copies), not from our own output; see the `verified` / `approx` text of each.
  const edges: [BoundaryKey, string, string][] = [
    ["apeiClaimSea", "5.0", "5.1"], // APEI in_nmi series v8 posted 2019-01-29 (after v5.0-rc4)
    ["mfSendingSigbus", "5.2", "5.3"], // 'mm, memory-failure: clarify error message' v2 2019-05-21
    ["diePanicNamesFault", "5.9", "5.10"], // 'arm64 updates for 5.10' pull
    ["lpa2Fsc", "6.8", "6.9"], // 'arm64 updates for 6.9' pull
    ["ghesSyncActionRequired", "6.7", "6.8"], // in 5.15.149 stable (2024-02)
    ["ghesSyncSigbus", "6.16", "6.17"], // Linus' master 2025-07-30
    ["ghesTaskWork", "6.16", "6.17"], // same push as ghesSyncSigbus
    ["mfAlreadyPoisonedResult", "6.10", "6.11"], // b8b9488d50b7, v2 2024-05-10
    ["mfAlreadyPoisonedAction", "6.16", "6.17"], // mm-hotfixes-stable during v6.17-rc
    ["armTypeBitmask", "6.17", "6.18"], // v6 posted 2025-08-14, after v6.17-rc1
    ["ghesCxlComponentEvents", "6.7", "6.8"], // Ira Weiny, v3 6/7 2023-12-14 ('V4 coming'), v6.8 merge window
    ["ghesCxlProtocolErrors", "6.14", "6.15"], // Smita Koralahalli's series, early 2025 (approx, unverified)
  ];
  for (const [id, before, at] of edges) {
    it(`${id}: not in ${before}, in ${at}`, () => {
      expect(has(k(before), id), before).to.equal(false);
      expect(has(k(at), id), at).to.equal(true);
      const b = allBoundaries()[id];
      expect(b.verified ?? b.approx, "each boundary states its evidence").to.be.a("string");
    });
  }
  it("ghesSyncActionRequired: the 5.15.y backport from 5.15.149 (Linux 5.15.149 release notes)", () => {
    expect(has(k("5.15.148"), "ghesSyncActionRequired")).to.equal(false);
    expect(has(k("5.15.149"), "ghesSyncActionRequired")).to.equal(true);
  });
});
