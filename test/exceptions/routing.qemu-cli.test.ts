// QEMU's target_el_table (../shared/arch/routing_qemu_target_el_table.json), all 86 cells,
// reproduced through the command line: `armras route --core max` (FEAT_SEL2, AArch32 at
// every EL) with SCR_EL3.EEL2 for the Secure EL2 rows, SCR_EL3.RW=0 for the AArch32 EL2
// rows and --el3-aarch32 for an AArch32 EL3. Cells QEMU marks -1 must exit 2 (impossible
// state); a target below the current EL must come back as targetEl null (stays pending).
import { expect } from "chai";
import { cli, describeShared, readSharedJson } from "../helpers.js";

interface QemuVector {
  inputs: { el3_is_aarch64: number; scr_route: number; scr_el3_rw: number; hcr_route_or_tge: number; secure: number; cur_el: number };
  qemu_target_el: number;
}

const SCR_BIT = { irq: 1n << 1n, fiq: 1n << 2n, serror: 1n << 3n } as const;
const HCR_BIT = { irq: 1n << 4n, fiq: 1n << 3n, serror: 1n << 5n } as const;
const SCR_RW = 1n << 10n, SCR_EEL2 = 1n << 18n, SCR_NS = 1n, HCR_TGE = 1n << 27n, HCR_RW = 1n << 31n;

/** The `armras route` arguments for one cell. */
export function routeArgs(v: QemuVector, kind: keyof typeof SCR_BIT, viaTGE: boolean): string[] {
  const i = v.inputs;
  let scr = i.secure ? 0n : SCR_NS;
  if (i.scr_route) scr |= SCR_BIT[kind];
  if (i.scr_el3_rw) scr |= SCR_RW;
  if (i.el3_is_aarch64) scr |= SCR_EEL2; // post-2021 table: Secure EL2 exists with an AArch64 EL3
  let hcr = HCR_RW;
  if (i.hcr_route_or_tge) hcr |= viaTGE ? HCR_TGE : HCR_BIT[kind];
  return [
    "route", "--core", "max", "--kind", kind, "--el", String(i.cur_el),
    i.secure ? "--secure" : "--non-secure",
    "--scr-el3", `0x${scr.toString(16)}`, "--hcr-el2", `0x${hcr.toString(16)}`,
    ...(i.el3_is_aarch64 ? [] : ["--el3-aarch32"]),
    "--format", "json",
  ];
}

describeShared("armras route --core max reproduces QEMU's target_el_table (86 cells, IRQ/FIQ/SError, HCR bit or TGE)", () => {
  const data = readSharedJson<{ vectors: QemuVector[] }>("arch", "routing_qemu_target_el_table.json");
  it("has the 86 cells, with Secure EL2 and AArch32 EL1/EL2 rows", () => {
    expect(data.vectors).to.have.length(86);
    expect(data.vectors.some((v) => v.inputs.secure && v.inputs.cur_el === 2 && v.qemu_target_el >= 2)).to.equal(true);
    expect(data.vectors.some((v) => v.inputs.el3_is_aarch64 === 0 && v.inputs.cur_el === 2 && v.qemu_target_el === 2)).to.equal(true);
  });
  for (const v of data.vectors) {
    const i = v.inputs;
    it(`is64=${i.el3_is_aarch64} scr=${i.scr_route} rw=${i.scr_el3_rw} hcr=${i.hcr_route_or_tge} secure=${i.secure} el=${i.cur_el} -> ${v.qemu_target_el}`, async () => {
      for (const kind of ["irq", "fiq", "serror"] as const) {
        for (const viaTGE of [false, true]) {
          const args = routeArgs(v, kind, viaTGE);
          const r = await cli(args);
          const cmd = `armras ${args.join(" ")}`;
          if (v.qemu_target_el === -1) {
            expect(r.code, `${cmd}: QEMU says this state cannot occur`).to.equal(2);
            expect(r.stderr, cmd).to.match(/impossible state/);
            continue;
          }
          expect(r.code, `${cmd}: ${r.stderr}`).to.equal(0);
          const o = JSON.parse(r.stdout) as { targetEl: number | null };
          expect(o.targetEl, cmd).to.equal(v.qemu_target_el < i.cur_el ? null : v.qemu_target_el);
        }
      }
    });
  }
});

describe("armras route: --core, --feature, and the execution-state controls in the reasons", () => {
  const json = async (...args: string[]) => {
    const r = await cli(["route", ...args, "--format", "json"]);
    expect(r.code, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as { targetEl: number | null; reasons: string[]; core?: string };
  };
  it("neoverse-n1: SCR_EL3.RW=0 is RAO (said), cortex-a72: honoured (AArch32 EL2 takes IRQ at EL2)", async () => {
    const n1 = await json("--kind", "irq", "--el", "2", "--scr-el3", "0x31");
    expect(n1.targetEl).to.equal(null);
    expect(n1.reasons.join("\n")).to.match(/SCR_EL3.RW=0 ignored: RAO/);
    const a72 = await json("--kind", "irq", "--el", "2", "--scr-el3", "0x31", "--core", "cortex-a72");
    expect(a72.targetEl).to.equal(2);
    expect(a72.core).to.equal("cortex-a72");
    expect(a72.reasons.join("\n")).to.match(/SCR_EL3.RW=0 honoured/);
  });
  it("HCR_EL2.RW=0: honoured on cortex-a72 (EL1 AArch32: +0x780 at EL2), RAO on neoverse-n1 (+0x580)", async () => {
    const a72 = await json("--kind", "serror", "--el", "1", "--hcr-el2", "0x20", "--core", "cortex-a72", "--aarch32");
    expect(a72.reasons.join("\n")).to.match(/HCR_EL2.RW=0 honoured/);
    expect(a72.reasons.join("\n")).to.match(/0x780/);
    const n1 = await json("--kind", "serror", "--el", "1", "--hcr-el2", "0x20");
    expect(n1.reasons.join("\n")).to.match(/HCR_EL2.RW=0 ignored: RAO/);
    expect(n1.reasons.join("\n")).to.match(/0x580/);
  });
  it("Secure EL2: refused on neoverse-n1 (EEL2 RES0, said), taken with --core max or --feature FEAT_SEL2", async () => {
    const bad = await cli(["route", "--kind", "irq", "--el", "2", "--secure", "--scr-el3", "0x40430"]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/Secure EL2/);
    const n1 = await json("--kind", "irq", "--el", "1", "--secure", "--scr-el3", "0x40430", "--hcr-el2", "0x80000010");
    expect(n1.targetEl).to.equal(1);
    expect(n1.reasons.join("\n")).to.match(/EEL2=1 ignored: RES0 without FEAT_SEL2/);
    for (const opt of [["--core", "max"], ["--feature", "FEAT_SEL2"]]) {
      const o = await json("--kind", "irq", "--el", "1", "--secure", "--scr-el3", "0x40430", "--hcr-el2", "0x80000010", ...opt);
      expect(o.targetEl, opt.join(" ")).to.equal(2);
    }
  });
  it("--no-feature FEAT_VHE: E2H ignored; --no-feature FEAT_RAS: TEA ignored", async () => {
    const vhe = await json("--kind", "serror", "--el", "0", "--hcr-el2", "0x488000000", "--daif", "4", "--no-feature", "FEAT_VHE");
    expect(vhe.targetEl).to.equal(2);
    expect(vhe.reasons.join("\n")).to.match(/PSTATE cannot mask/);
    expect((await json("--kind", "sync", "--el", "1", "--hcr-el2", "0x2080000000")).targetEl).to.equal(2);
    expect((await json("--kind", "sync", "--el", "1", "--hcr-el2", "0x2080000000", "--no-feature", "FEAT_RAS")).targetEl).to.equal(1);
  });
  it("bad core and feature options exit 2 naming the option", async () => {
    for (const [args, re] of [
      [["--core", "cortex-z9"], /--core: unknown core 'cortex-z9'/],
      [["--feature", "FEAT_NOPE"], /--feature: unknown feature 'FEAT_NOPE'/],
      [["--feature", "FEAT_RAS", "--no-feature", "FEAT_RAS"], /both name FEAT_RAS/],
      [["--el3-aarch32"], /no AArch32 at EL3/],
      [["--aarch32", "--el", "1"], /EL1 cannot be AArch32/],
    ] as const) {
      const r = await cli(["route", "--kind", "irq", "--el", "0", ...args]);
      expect(r.code, args.join(" ")).to.equal(2);
      expect(r.stderr).to.match(re);
    }
  });
});

describe("armras take: --core / --feature and the scenario's core", () => {
  const scenario = {
    pstate: { EL: 1, SP: 1, D: 1, A: 1, I: 1, F: 1 },
    registers: { SCR_EL3: "0x531", HCR_EL2: "0x80000000", VBAR_EL2: "0x20000" },
    events: [{ op: "hvc", imm: 5 }],
  };
  const take = async (s: unknown, ...args: string[]) => {
    const r = await cli(["take", "-", ...args, "--format", "json"], JSON.stringify(s));
    return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as { final: { pstate: { EL: number }; registers: Record<string, string> } }) : null };
  };
  it("HVC from EL1 reaches EL2 on every core; the EL1-only error records vanish with --core cortex-a72", async () => {
    for (const core of ["neoverse-n1", "cortex-a72", "cortex-a57", "max"]) {
      const r = await take(scenario, "--core", core);
      expect(r.code, `${core}: ${r.stderr}`).to.equal(0);
      expect(r.json!.final.registers["ESR_EL2"], core).to.equal("0x5a000005");
    }
    const bad = await take({ ...scenario, registers: { ...scenario.registers, ERR0CTLR: 1 } }, "--core", "cortex-a72");
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/error records need FEAT_RAS/);
  });
  it("--no-feature FEAT_RAS refuses VSESR_EL2; \"features\": \"max\" or {\"core\": \"cortex-a72\"} in the file", async () => {
    const r = await take({ ...scenario, registers: { ...scenario.registers, VSESR_EL2: "0x1" } }, "--no-feature", "FEAT_RAS");
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/VSESR_EL2 needs FEAT_RAS/);
    expect((await take({ ...scenario, features: "max" })).code).to.equal(0);
    expect((await take({ ...scenario, features: { core: "cortex-a72", FEAT_PAN: true } })).code).to.equal(0);
    const unknown = await take({ ...scenario, features: "cortex-z9" });
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/features: unknown core 'cortex-z9'/);
    expect((await cli(["take", "-", "--core", "nope"], JSON.stringify(scenario))).stderr).to.match(/--core: unknown core 'nope'/);
  });
  it("SMC with HCR_EL2.TSC and an MRS with Rt through the CLI", async () => {
    const r = await take({ ...scenario, registers: { ...scenario.registers, HCR_EL2: "0xc0080000" }, events: [{ op: "mrs", reg: "SCTLR_EL1", rt: 9 }] });
    expect(r.json!.final.registers["ESR_EL2"]).to.equal("0x62300521"); // EC 0x18, Op0=3, CRn=1, Rt=9, read
    const s = await take({ ...scenario, registers: { ...scenario.registers, HCR_EL2: "0x80080000" }, events: [{ op: "smc", imm: 1 }] });
    expect(s.json!.final.registers["ESR_EL2"]).to.equal("0x5e000001");
  });
});
