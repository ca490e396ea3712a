// A plain explanatory text for people: what happened, in words, then the fields.
import { match } from "ts-pattern";
import { hex } from "../../arch/bits.js";
import type { EsrDecoded } from "./codec.js";
import { fscInfo } from "./fsc.js";
import { AET_TABLE, SET_TABLE } from "./ras-types.js";
import { esrHex16, fieldMeanings } from "./render-json.js";
import { sysRegName } from "./sysreg-name.js";
import { bitRanges } from "./validate.js";

function where(d: EsrDecoded): string {
  return d.info.sameEl === true ? " at the same EL" : d.info.sameEl === false ? " from a lower EL" : "";
}

function reg(n: number, sf = 1): string {
  return n === 31 ? (sf ? "XZR" : "WZR") : `${sf ? "X" : "W"}${n}`;
}

function abortSentence(d: EsrDecoded, access: string): string {
  const f = d.fields;
  const code = d.iss & 0x3f;
  const fi = fscInfo(code);
  const parts: string[] = [];
  let head = `${fi.meaning} (FSC ${hex(code, 2)}) on ${access}${where(d)}`;
  if (f["CM"] === 1) head += " by a cache maintenance or address translation instruction";
  if (f["S1PTW"] === 1) head += ", during a stage 1 translation table walk (a stage 2 fault)";
  parts.push(head);
  if (code === 0x10) {
    parts.push(f["FnV"] === 1 ? "FAR not valid" : "FAR valid");
    const set = SET_TABLE.get(f["SET"] ?? 0);
    parts.push(`error type: ${set ? `${set.meaning} (${set.name})` : "reserved SET value"}`);
  }
  if (fi.external && f["EA"] === 1) parts.push("EA=1 (IMPLEMENTATION DEFINED external abort type)");
  if (f["ISV"] === 1) {
    const size = 1 << (f["SAS"] ?? 0);
    parts.push(
      `instruction syndrome: ${size}-byte ${f["WnR"] ? "store from" : f["SSE"] ? "sign-extending load into" : "load into"} ${reg(f["SRT"] ?? 0, f["SF"] ?? 0)}${f["AR"] ? " with acquire/release semantics" : ""}`,
    );
  }
  return parts.join("; ") + ".";
}

function serrorSentence(d: EsrDecoded): string {
  const f = d.fields;
  if (f["IDS"] === 1) return `SError interrupt with an IMPLEMENTATION DEFINED syndrome (ISS[23:0] = ${hex(f["IMPDEF"] ?? 0, 6)}); no architected error type.`;
  const dfsc = f["DFSC"] ?? 0;
  if (dfsc === 0) return "Uncategorized SError interrupt (DFSC 0b000000): no error type is reported.";
  const aet = AET_TABLE.get(f["AET"] ?? 0);
  const parts = [`Asynchronous SError interrupt (DFSC ${hex(dfsc, 2)})`];
  parts.push(`error type: ${aet ? `${aet.meaning} (${aet.name})` : "reserved AET value"}`);
  if (f["IESB"] === 1) parts.push("synchronized by an implicit error synchronization event and taken immediately (IESB=1)");
  if (f["EA"] === 1) parts.push("EA=1 (IMPLEMENTATION DEFINED external abort type)");
  return parts.join("; ") + ".";
}

/** One sentence saying what happened. */
export function explain(d: EsrDecoded): string {
  const f = d.fields;
  if (!d.info.allocated) return `Unallocated exception class ${hex(d.ec, 2)}: hardware does not report it; ISS ${hex(d.iss, 7)} is shown raw.`;
  return match(d.layout.id)
    .with("DABT", () => abortSentence(d, `a data ${f["WnR"] ? "write" : "read"}`))
    .with("IABT", () => abortSentence(d, "an instruction fetch"))
    .with("SERROR", () => serrorSentence(d))
    .with("SYS64", () => {
      const name = sysRegName({ Op0: f["Op0"] ?? 0, Op1: f["Op1"] ?? 0, CRn: f["CRn"] ?? 0, CRm: f["CRm"] ?? 0, Op2: f["Op2"] ?? 0 });
      return f["Direction"] === 1 ? `Trapped MRS: read of ${name} into ${reg(f["Rt"] ?? 0)}.` : `Trapped MSR: write of ${reg(f["Rt"] ?? 0)} to ${name}.`;
    })
    .with("IMM16", () => `${d.info.armName}, immediate #${hex(f["imm16"] ?? 0)}.`)
    .with("COMMENT", () => `${d.info.armName}, immediate #${hex(f["Comment"] ?? 0)}.`)
    .with("WFX", () => `Trapped ${f["TI"] ? "WFE" : "WFI"} instruction.`)
    .with("MCR_MRC", "MCRR_MRRC", "LDC_STC", () => `${d.info.armName} (${f["Direction"] ? "read" : "write"}).`)
    .with("COND", "RES0", "OPAQUE", "ERET", () => `${d.info.armName}.`)
    .with("BTI", () => `Branch Target Exception with PSTATE.BTYPE = ${f["BTYPE"]}.`)
    .with("SMC32", () => `${d.info.armName}.`)
    .with("IMPDEF", () => `IMPLEMENTATION DEFINED exception to EL3 (ISS ${hex(d.iss, 7)}).`)
    .with("FP_EXC", () => {
      const flags = ["IDF", "IXF", "UFF", "OFF", "DZF", "IOF"].filter((n) => f[n] === 1);
      return `${d.info.armName}; ${f["TFV"] ? `flags: ${flags.join(", ") || "none"}` : "flags not valid (TFV=0)"}.`;
    })
    .with("BREAKPOINT", () => `${d.info.armName}.`)
    .with("SOFTSTEP", () => `${d.info.armName}${f["ISV"] ? (f["EX"] ? "; the stepped instruction was a load-exclusive" : "; not a load-exclusive") : ""}.`)
    .with("WATCHPOINT", () => `${d.info.armName} on a ${f["WnR"] ? "write" : "read"}${f["CM"] ? " by a cache maintenance instruction" : ""}.`)
    .exhaustive();
}

/** The full text report: summary, explanation, fields, problems. */
export function renderText(d: EsrDecoded, problems: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`ESR ${esrHex16(d)}: EC ${hex(d.ec, 2)} ${d.info.armName} [Linux: ${d.className}], IL=${d.il} (${d.il ? "32-bit instruction or IL fixed at 1" : "16-bit instruction"})`);
  lines.push(explain(d));
  const meanings = fieldMeanings(d);
  const rows = d.issCase.fields.map((f) => {
    const v = d.fields[f.name] ?? 0;
    const bits = `ISS${bitRanges(f.bits.loMask)}`;
    const extra = f.name === "DFSC" || f.name === "IFSC" ? (d.fsc ? `${d.fsc.meaning}` : "") : (meanings[f.name] ?? "");
    return `  ${f.name.padEnd(12)} ${bits.padEnd(12)} ${hex(v).padEnd(10)} ${extra}`.trimEnd();
  });
  if (rows.length > 0) lines.push(`${d.layout.title}:`, ...rows);
  else lines.push(`${d.layout.title}.`);
  if (d.iss2 !== 0) lines.push(`  ISS2         ESR[55:32]   ${hex(d.iss2)}`);
  if (problems.length === 0) lines.push("Valid: no architectural problems.");
  else lines.push(`Problems (${problems.length}):`, ...problems.map((p) => `  - ${p}`));
  return lines.join("\n") + "\n";
}
