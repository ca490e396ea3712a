// ARM processor and CXL sections read from a status block's bytes: what ghes_do_proc() does with
// them in the simulator, release by release (kernel.md §5.7, T4 P8-P12; boundaries.ts
// armProcMemoryFailure, armTypeBitmask, ghesSyncSigbus, ghesCxlComponentEvents,
// ghesCxlProtocolErrors). The bytes are real (the corpus block QEMU's ghes_inject.py wrote,
// Jonathan Cameron's CXL General Media section) or our encoder's (fixtures/cper/arm-ghes.bin),
// and the expected lines are the dmesg oracles and kernel.md's.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { readSections } from "../kernel/estatus-bytes.js";
import { encodeEstatus, finalizeEstatus } from "../../src/cper/index.js";
import { estatusFromBytes } from "../../src/sim/adapters/cper.js";
import { runScenario, ScenarioError, validateScenario, type SimResult } from "../../src/sim/index.js";
import { describeShared, fixturePath, sharedPath } from "../helpers.js";

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const NULL_GUID = "00000000-0000-0000-0000-000000000000";
/** CPER_SEC_CXL_PROT_ERR (UEFI N.2.13) and the CXL DRAM component event (UEFI 2.10 N.2.14). */
const CXL_PROT_GUID = "80b9efb4-52b5-4de3-a777-68784b771048";
const CXL_DRAM_GUID = "601dcbb3-9c06-4eab-b8af-4e9bfb5c9624";

/** A status block around one section body (GEDE revision 0x300), framed by the CPER encoder. */
function block(guid: string, body: Uint8Array, severity = 0): Uint8Array {
  const entry = { SectionType: guid, ErrorSeverity: severity, Revision: 0x300, ValidationBits: 0, Flags: 0, ErrorDataLength: 0, FruId: NULL_GUID, FruText: "" };
  const gesb = { BlockStatus: 1, RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: severity };
  return encodeEstatus(finalizeEstatus({ framing: "estatus", block: gesb, entries: [{ entry, section: { guid, codec: "unknown", value: { bytes: body } } }], extra: [] }));
}

/** Firmware posts `bytes` as written on GPIO source 1 (QEMU's GED source for injected CPER); PA 0xdeadb000 is a free page. */
function asyncScenario(bytes: Uint8Array, kernel: string): unknown {
  return {
    name: "bytes-async",
    machine: {
      memory: { base: "0x80000000", size: "0x80000000" },
      pages: [{ pa: "0xdeadb000", owner: "free" }],
      hest: [{ id: 0, type: "ghesv2", notify: "sea" }, { id: 1, type: "ghesv2", notify: "gpio" }],
    },
    software: { firmware: "firmware-first", host: { kernel } },
    timeline: [{ at: 0, event: "ghes-record", source: 1, cper: hexOf(bytes) }],
  };
}

/** Host process db (pid 2301) loads from PA 0xdeadbeef; firmware reports the SEA on source 1 with `bytes` as written. */
function seaScenario(bytes: Uint8Array, kernel: string): unknown {
  return {
    name: "bytes-sea",
    machine: {
      memory: { base: "0x80000000", size: "0x80000000" },
      pages: [{ pa: "0xdeadb000", owner: "host-process", process: "db", va: "0xffffa0021000" }],
      hest: [{ id: 1, type: "ghesv2", notify: "sea" }, { id: 2, type: "ghesv2", notify: "gsiv" }],
    },
    software: { firmware: "firmware-first", host: { kernel, processes: [{ name: "db", pid: 2301 }] } },
    timeline: [{ at: 0, event: "poison-consumed", pa: "0xdeadbeef", by: "host-process", process: "db", cpu: 1, report: "sea", cper: hexOf(bytes), repeat: 3 }],
  };
}

const run = (json: unknown): SimResult => runScenario(validateScenario(json));
const ruleSteps = (r: SimResult, rule: string): string[] => r.steps.filter((s) => s.rule === rule).map((s) => s.what);
const dmesgLines = (path: string): string[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.includes("[Hardware Error]") || (l.startsWith("[") && l.includes("Memory failure")))
    .map((l) => l.replace(/^\[\s*[\d.]+\]\s/, ""));

describe("sim: ARM processor and CXL sections from bytes", () => {
  const armFixture = new Uint8Array(readFileSync(fixturePath("cper", "arm-ghes.bin")));
  const fixtureJson = JSON.parse(readFileSync(fixturePath("cper", "arm-ghes.json"), "utf8")) as {
    sections: [{ ArmProcessor: { errorInfo: { errorType: { value: number }; physicalFaultAddress?: number }[] } }];
  };

  it("an ARM section becomes type 'arm' with each error_info's raw Type byte, validation bits and physical fault address", () => {
    const e = estatusFromBytes(armFixture)!;
    expect(readSections(e)).to.have.length(1);
    const s = readSections(e)[0]!;
    expect(s.type).to.equal("arm");
    if (s.type !== "arm") return;
    const infos = fixtureJson.sections[0].ArmProcessor.errorInfo;
    // The Type byte is kept as written (0x02 cache, 0x08 bus, 0x04 TLB: UEFI 2.9A bits), not interpreted here.
    expect(s.errInfo.map((i) => i.type)).to.deep.equal(infos.map((i) => i.errorType.value));
    // Validation bit 4 (CPER_ARM_INFO_VALID_PHYSICAL_ADDR) exactly where the fixture gives a physical fault address.
    expect(s.errInfo.map((i) => (i.validationBits & 0x10) !== 0)).to.deep.equal(infos.map((i) => i.physicalFaultAddress !== undefined));
    expect(s.errInfo[0]!.physicalFaultAddress).to.equal(BigInt(infos[0]!.physicalFaultAddress!));
    expect(s.errInfo[1]!.physicalFaultAddress).to.equal(BigInt(infos[1]!.physicalFaultAddress!));
  });

  it("a corrected ARM record: log_arm_hw_error() only, on every release (T4 P10: sev or sec not recoverable)", () => {
    for (const k of ["6.18", "6.13", "4.19"]) {
      const r = run(asyncScenario(armFixture, k));
      expect(ruleSteps(r, "T4.P10")[0], k).to.equal("log_arm_hw_error() trace event");
      expect(r.steps.some((s) => s.rule === "T4.P9" || s.what.startsWith("memory_failure_queue")), k).to.equal(false);
      expect(r.log.filter((l) => l.includes("Firmware Warn") || l.startsWith("Memory failure")), k).to.deep.equal([]);
      expect(r.outcome["host"]!.state).to.equal("running");
    }
  });

  it("CXL protocol, General Media, DRAM and Memory Module sections go to the CXL work queues; switch and MLD port events are non-standard (kernel.md §5.7)", () => {
    const header = new Uint8Array(32);
    new DataView(header.buffer).setUint32(0, 32, true); // Length: the header alone
    const cases: [string, string][] = [
      ["fbcd0a77-c260-417f-85a9-088b1621eba6", "cxl"], // General Media
      ["601dcbb3-9c06-4eab-b8af-4e9bfb5c9624", "cxl"], // DRAM
      ["fe927475-dd59-4339-a586-79bab113b774", "cxl"], // Memory Module
      ["77cf9271-9c02-470b-9fe4-bc7b75f2da97", "other"], // Physical Switch
      ["40d26425-3396-4c4d-a5da-3d47263af425", "other"], // Virtual Switch
      ["8dc44363-0c96-4710-b7bf-04bb99534c3f", "other"], // MLD Port
    ];
    for (const [guid, type] of cases) {
      const s = readSections(estatusFromBytes(block(guid, header))!)[0]!;
      expect(s.type, guid).to.equal(type);
      // The component-event codec decoded it: kind "component", with the section's GUID.
      if (s.type === "cxl") expect([s.kind, s.guid], guid).to.deep.equal(["component", guid]);
    }
    // CXL Protocol Error (UEFI N.2.13): an all-zero body of its size decodes as the protocol section.
    expect(readSections(estatusFromBytes(block(CXL_PROT_GUID, new Uint8Array(72)))!)[0]).to.deep.equal({ type: "cxl", kind: "protocol", guid: CXL_PROT_GUID, severity: 0, flags: 0 });
    const r = run(asyncScenario(block("601dcbb3-9c06-4eab-b8af-4e9bfb5c9624", header), "6.18"));
    expect(ruleSteps(r, "T4.P11")).to.deep.equal(["CXL section: handed to the CXL work queues"]);
    const sw = run(asyncScenario(block("77cf9271-9c02-470b-9fe4-bc7b75f2da97", header), "6.18"));
    expect(ruleSteps(sw, "T4.P11")).to.deep.equal(["non-standard section 77cf9271-9c02-470b-9fe4-bc7b75f2da97: vendor notifier + trace"]);
  });

  describe("CXL dispatch by release (boundaries.ts ghesCxlComponentEvents 6.8, ghesCxlProtocolErrors 6.15)", () => {
    const header = new Uint8Array(32);
    new DataView(header.buffer).setUint32(0, 32, true); // Length: the header alone
    const dram = block(CXL_DRAM_GUID, header);
    const prot = block(CXL_PROT_GUID, new Uint8Array(72));
    const p11 = (r: SimResult): [string | undefined, string][] => r.steps.filter((s) => s.rule === "T4.P11").map((s) => [s.models, s.what]);
    const HANDED: [string, string] = ["drivers/acpi/apei/ghes.c ghes_do_proc()", "CXL section: handed to the CXL work queues"];
    // [what, bytes, GUID, last release without the dispatch, first release with it]
    const kinds: [string, Uint8Array, string, string, string][] = [
      ["component event (DRAM)", dram, CXL_DRAM_GUID, "6.7", "6.8"],
      ["protocol error", prot, CXL_PROT_GUID, "6.14", "6.15"],
    ];
    for (const [what, bytes, guid, before, at] of kinds) {
      it(`${what}: ${before} takes the non-standard path, as any other GUID; ${at} hands it to the CXL work queues`, () => {
        const old = run(asyncScenario(bytes, before));
        const now = run(asyncScenario(bytes, at));
        // Before: ghes_defer_non_standard_event() with this section's GUID, the vendor-GUID step.
        expect(p11(old)).to.deep.equal([["drivers/acpi/apei/ghes.c ghes_defer_non_standard_event()", `non-standard section ${guid}: vendor notifier + trace`]]);
        expect(p11(now)).to.deep.equal([HANDED]);
        // The same step text a vendor GUID gets (one code path): swap the GUID for an unknown one.
        const vendorGuid = "11111111-2222-3333-4444-555555555555";
        const vendor = run(asyncScenario(block(vendorGuid, bytes.subarray(92)), before));
        expect(p11(vendor)).to.deep.equal(p11(old).map(([m, w]) => [m, w.replace(guid, vendorGuid)]));
        // Neither path prints a line of its own: the log is the status-block print at both releases.
        expect(now.log).to.deep.equal(old.log);
        expect(old.log.every((l) => l.startsWith("{1}[Hardware Error]:"))).to.equal(true);
        for (const r of [old, now]) expect(r.outcome["host"]!.state).to.equal("running");
      });
    }
    it("the two gates are independent: 6.8-6.14 hand on component events but not protocol errors", () => {
      for (const v of ["6.8", "6.13", "6.14"]) {
        expect(p11(run(asyncScenario(dram, v))), v).to.deep.equal([HANDED]);
        expect(p11(run(asyncScenario(prot, v)))[0]![0], v).to.equal("drivers/acpi/apei/ghes.c ghes_defer_non_standard_event()");
      }
    });
  });

  it("'cper' as hex: validated before anything runs, naming the key", () => {
    const bad = (json: unknown, path: string, re: RegExp): void => {
      try {
        validateScenario(json);
        expect.fail(`accepted; expected an error at ${path}`);
      } catch (e) {
        expect(e).to.be.instanceOf(ScenarioError);
        expect((e as ScenarioError).path).to.equal(path);
        expect((e as ScenarioError).detail).to.match(re);
      }
    };
    const a = asyncScenario(armFixture, "6.18") as { timeline: Record<string, unknown>[] };
    bad({ ...a, timeline: [{ ...a.timeline[0], cper: "zz" }] }, "timeline[0].cper", /not hex bytes/);
    bad({ ...a, timeline: [{ ...a.timeline[0], cper: "0100000000" }] }, "timeline[0].cper", /does not decode as a Generic Error Status Block/);
    bad({ ...a, timeline: [{ ...a.timeline[0], severity: "fatal" }] }, "timeline[0].severity", /does not apply when 'cper'/);
    const s = seaScenario(armFixture, "6.18") as { timeline: Record<string, unknown>[] };
    bad({ ...s, timeline: [{ ...s.timeline[0], cper_pa: "0x80001000" }] }, "timeline[0].cper_pa", /does not apply when 'cper'/);
    bad({ ...s, timeline: [{ ...s.timeline[0], cper: 7 }] }, "timeline[0].cper", /true, false or the status block as a hex string/);
    // A kernel-style hex dump of the same block is accepted too (src/layout/hexinput.ts).
    const dump = Array.from({ length: Math.ceil(armFixture.length / 16) }, (_, i) => `${(i * 16).toString(16).padStart(8, "0")}: ${Array.from(armFixture.subarray(i * 16, i * 16 + 16), (b) => b.toString(16).padStart(2, "0")).join(" ")}`).join("\n");
    const v = validateScenario({ ...a, timeline: [{ ...a.timeline[0], cper: dump }] });
    const ev = v.timeline[0]!;
    expect(ev.kind === "ghes-record" && ev.cper !== undefined ? hexOf(ev.cper) : "").to.equal(hexOf(armFixture));
  });
});

describeShared("sim: real ARM / CXL status blocks through the simulator (corpus)", () => {
  const armBlock = (): Uint8Array => new Uint8Array(readFileSync(sharedPath("corpus", "cper", "estatus", "arm_ghes_inject_v8_estatus.bin")));
  const armDmesg = (): string[] => dmesgLines(sharedPath("corpus", "cper", "estatus", "arm_ghes_inject_v8_estatus.dmesg.txt"));

  describe("QEMU ghes_inject.py's ARM cache error (type 0x02, PA 0xdeadbeef) on an interrupt-notified source", () => {
    it("6.18 (UEFI 2.9A bitmask): the corpus dmesg exactly — the print, then memory_failure_queue(0xdeadb, 0) on the free page", () => {
      const r = run(asyncScenario(armBlock(), "6.18"));
      expect(r.log).to.deep.equal(armDmesg());
      // ghes_proc(): not SEA, so MF flags 0 (T4 P8 'as P4/P5', P5 async).
      expect(ruleSteps(r, "T4.P8")).to.deep.equal(["memory_failure_queue(0xdeadb, 0)"]);
      expect(r.outcome["host"]!.state).to.equal("running");
    });

    it("6.13 reads Type 2 as the enum's bus error: 'Unhandled processor error type: bus error', no memory_failure (kernel.md §5.7, §12.6)", () => {
      const r = run(asyncScenario(armBlock(), "6.13"));
      expect(r.log).to.include("[Firmware Warn]: GHES: Unhandled processor error type: bus error");
      expect(r.log.some((l) => l.startsWith("Memory failure"))).to.equal(false);
      expect(ruleSteps(r, "T4.P8")).to.deep.equal([]);
      expect(ruleSteps(r, "T4.P9")).to.have.length(1);
    });

    it("4.19 only logs ARM processor sections (T4 P8 'E/B: log only'): no warning, no memory_failure", () => {
      const r = run(asyncScenario(armBlock(), "4.19"));
      expect(ruleSteps(r, "T4.P10")).to.deep.equal(["log_arm_hw_error() trace event"]);
      expect(r.log.filter((l) => !l.includes("[Hardware Error]"))).to.deep.equal([]);
    });
  });

  describe("the same block reported with an SEA for a host process's load from 0xdeadbeef (synchronous)", () => {
    it("6.18: claimed; memory_failure(0xdeadb, MF_ACTION_REQUIRED) from task_work; BUS_MCEERR_AR to the process (T4 P8/P4, T5.6)", () => {
      const r = run(seaScenario(armBlock(), "6.18"));
      const hw = armDmesg().filter((l) => l.includes("[Hardware Error]"));
      expect(r.log).to.deep.equal([
        ...hw,
        "Memory failure: 0xdeadb: Sending SIGBUS to db:2301 due to hardware memory corruption",
        "Memory failure: 0xdeadb: recovery action for dirty LRU page: Recovered",
      ]);
      expect(ruleSteps(r, "T4.P8")).to.deep.equal(["task_work_add(current, memory_failure_cb): memory_failure(0xdeadb, MF_ACTION_REQUIRED) on return to user"]);
      expect(r.outcome["host:db"]!.message).to.equal("SIGBUS BUS_MCEERR_AR at 0xffffa0021000 lsb 12");
    });

    it("6.17 (enum reading, sync SIGBUS): bus error, nothing queued: 'synchronous unrecoverable error (SIGBUS)' (T4 P9, P12)", () => {
      const r = run(seaScenario(armBlock(), "6.17"));
      // ghes_proc_in_irq(): ghes_do_proc() before the print (kernel.md §5.6).
      expect(r.log.slice(0, 3)).to.deep.equal([
        "[Firmware Warn]: GHES: Unhandled processor error type: bus error",
        "GHES GHES.1: [Hardware Error]: GHES: db:2301: synchronous unrecoverable error (SIGBUS)",
        "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 1",
      ]);
      expect(r.outcome["host:db"]!.message).to.equal("SIGBUS SI_KERNEL");
    });

    it("6.13: bus error, nothing queued, no P12: the task re-executes and each identical record is claimed unprocessed (SEA storm, §12.1)", () => {
      const r = run(seaScenario(armBlock(), "6.13"));
      expect(ruleSteps(r, "T4.P9")).to.have.length(1);
      expect(ruleSteps(r, "T3.7")).to.have.length(2);
      expect(r.outcome["host:db"]!.state).to.equal("running");
      expect(r.outcome["host:db"]!.reason).to.match(/SEA storm/);
    });

    it("4.19: log only, and do_sea() signals anyway: SIGBUS BUS_OBJERR (T2 row 5)", () => {
      const r = run(seaScenario(armBlock(), "4.19"));
      expect(ruleSteps(r, "T4.P10")).to.have.length(1);
      expect(r.log.some((l) => l.startsWith("Memory failure"))).to.equal(false);
      expect(r.outcome["host:db"]!.message).to.equal("SIGBUS BUS_OBJERR at 0x0");
    });
  });

  it("a real CXL General Media section (QEMU FW-first injection): printed as cper.c prints it, handed to the CXL work queues", () => {
    // Only the section body, GUID, severity (recoverable) and source (1) are known from the dmesg;
    // the GESB/GEDE around it are our encoder's (revision 0x300, flags 0).
    const body = new Uint8Array(readFileSync(sharedPath("corpus", "cper", "section", "cxl_gmer_qemu_cameron.section.bin")));
    const bytes = block("fbcd0a77-c260-417f-85a9-088b1621eba6", body);
    expect(readSections(estatusFromBytes(bytes)!)).to.deep.equal([{ type: "cxl", kind: "component", guid: "fbcd0a77-c260-417f-85a9-088b1621eba6", severity: 0, flags: 0 }]);
    const r = run(asyncScenario(bytes, "6.8"));
    expect(r.log).to.deep.equal(dmesgLines(sharedPath("corpus", "cper", "section", "cxl_gmer_qemu_cameron.dmesg.txt")));
    // The oracle's cxl_general_media trace line is the CXL driver's, from the record GHES passed it (not modelled beyond this step).
    expect(ruleSteps(r, "T4.P11")).to.deep.equal(["CXL section: handed to the CXL work queues"]);
    expect(r.steps.some((s) => s.what.startsWith("non-standard section"))).to.equal(false);
    // 6.7 (before 'acpi/ghes: Process CXL Component Events'): the same print, the non-standard path.
    const old = run(asyncScenario(bytes, "6.7"));
    expect(old.log).to.deep.equal(r.log);
    expect(ruleSteps(old, "T4.P11")).to.deep.equal(["non-standard section fbcd0a77-c260-417f-85a9-088b1621eba6: vendor notifier + trace"]);
  });
});
