// The library, one call per layer of the error path (the README shows this file; test/readme.test.ts runs it).
import { readFileSync } from "node:fs";
import { apei, cper, esr, exceptions, kernel, sim } from "../src/index.js";

export function tour(): string[] {
  const out: string[] = [];

  // An ESR value: named fields, Linux's class string, architectural problems.
  const d = esr.decode(0x96000210n);
  out.push(`ESR 0x96000210: ${d.className}, FSC ${d.fsc?.name}, problems: ${esr.validate(0x96000210n, { el: 1 }).length}`);

  // Where an SError from EL0 goes with SCR_EL3.EA=0 and HCR_EL2.AMO=1 (a KVM guest).
  const r = exceptions.route(
    { el: 0, secure: false, scr: 0x431n, hcr: 0x80000020n, haveEL2: true, haveEL3: true, haveRAS: true, haveVHE: true, aarch32: { 0: true, 1: false, 2: false, 3: false } },
    { kind: "SError", daif: 0 },
  );
  out.push(`SError from EL0 -> EL${r.targetEL}, vector offset 0x${r.vectorOffset?.toString(16)}`);

  // A GHES error status block with an ARM processor section, as Linux prints it.
  const block = cper.decode(new Uint8Array(readFileSync("fixtures/cper/arm-ghes.bin")));
  if (block.ok) out.push(...cper.renderLinux(block.value.tree, { seq: 1 }).slice(0, 3));

  // A HEST with its GHESv2 error sources.
  const hest = apei.decodeHest(new Uint8Array(readFileSync("fixtures/apei/arm-server-hest.bin")));
  if (hest.ok) out.push(`HEST: ${hest.value.errorSources.length} error sources, checksum valid: ${hest.value.checksumValid}`);

  // What Linux 6.18 does with an SError whose AET is UEU.
  const k = kernel.doSerror({ syndrome: kernel.decodeSyndrome(0xbe000411n), kernel: kernel.parseKernelVersion("6.18"), ras: true, cpu: 4 });
  out.push(...k.log);

  // The whole path: the 2017 guest-poison story.
  const s = sim.runScenario(sim.parseScenario(readFileSync(sim.builtin("seed-guest-poison")!.path, "utf8")));
  out.push(`seed scenario: host ${s.outcome["host"]?.state}, guest ${s.outcome["guest"]?.state}, ${s.steps.length} steps`);
  return out;
}
