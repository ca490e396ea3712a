// One case as a bare-metal AArch64 program (GNU as) and as an `armras take` scenario,
// built from the same description so that they execute the same instructions at the
// same addresses. Layout (linked at LOAD):
//   +0x00000  EL3 start: VBARs, SCR_EL3, HCR_EL2, SCTLR_ELx, VSESR_EL2, the registers the
//             case's instructions use, SPSR/ELR for its ERETs; then ERET to the case EL
//   +0x10000  VBAR_EL3, +0x10800 VBAR_EL2, +0x11000 VBAR_EL1: 16 entries each, every entry
//             records its offset and jumps to the recorder of its EL
//   +0x20000  the case's instructions, one per action, then "no exception"
// The recorder prints KEY=hex lines on the PL011 UART (0x09000000) and ends the run with the
// semihosting SYS_EXIT call. x28 guards against an exception inside the recorder.
import { lookupSysReg } from "../src/sysregs/catalog.js";
import { ABORT_PA, type Action, type Case, type Cpu } from "./cases.js";

export const LOAD = 0x40100000n;
export const VBAR = { 3: LOAD + 0x10000n, 2: LOAD + 0x10800n, 1: LOAD + 0x11000n } as const;
export const CASE_PC = LOAD + 0x20000n;
/** SCTLR values the start writes (RES1 bits; SPAN=1 so PSTATE.PAN stays as it was; IESB=0). */
export const SCTLR = { 1: 0x30d00800n, 2: 0x30c50830n, 3: 0x30c50830n } as const;

const hex = (v: bigint | number) => `0x${v.toString(16)}`;
const M: Record<number, number> = { 0: 0x0, 1: 0x4, 2: 0x8, 3: 0xc };

/** SPSR_EL3 for the drop to the case EL. */
export function dropSpsr(c: Case): number {
  if (c.dropSpsr !== undefined) return c.dropSpsr;
  const sp = c.sp ?? (c.el === 0 ? 0 : 1);
  return ((c.daif ?? 0) << 6) | M[c.el]! | (c.el === 0 ? 0 : sp);
}

function sysregName(name: string): string {
  const d = lookupSysReg(name);
  if (!d?.encoding) throw new Error(`no encoding for ${name}`);
  const e = d.encoding;
  return `S${e.op0}_${e.op1}_C${e.CRn}_C${e.CRm}_${e.op2}`;
}

function actionAsm(a: Action): string {
  switch (a.op) {
    case "ldr":
      return "ldr x1, [x2]";
    case "str":
      return "str x1, [x2]";
    case "svc":
    case "hvc":
    case "smc":
      return `${a.op} #${hex(a.imm)}`;
    case "msr":
      return `msr ${sysregName(a.reg)}, x${a.rt}`;
    case "mrs":
      return `mrs x${a.rt}, ${sysregName(a.reg)}`;
    case "esb":
      return "hint #16 // ESB";
    case "daifclr":
      return `msr daifclr, #${a.imm}`;
    case "eret":
      return "eret";
  }
}

/** The X registers the recorder prints (the Rt of every MRS). */
export function resultRegs(c: Case): number[] {
  return [...new Set(c.actions.flatMap((a) => (a.op === "mrs" ? [a.rt] : [])))];
}

/** System registers the recorder reads at `el` on this CPU (name, assembler operand). */
export function recordedRegs(el: 1 | 2 | 3, cpu: Cpu): [string, string][] {
  const ras = cpu === "max";
  const out: [string, string][] = [
    [`ESR_EL${el}`, `esr_el${el}`], [`ELR_EL${el}`, `elr_el${el}`], [`SPSR_EL${el}`, `spsr_el${el}`], [`FAR_EL${el}`, `far_el${el}`],
  ];
  if (el >= 2) out.push(["HCR_EL2", "hcr_el2"]);
  if (el >= 2 && ras) out.push(["VDISR_EL2", sysregName("VDISR_EL2")], ["VSESR_EL2", sysregName("VSESR_EL2")]);
  if (el === 3) out.push(["SCR_EL3", "scr_el3"]);
  return out;
}

export function assembly(c: Case, cpu: Cpu): string {
  const L: string[] = [];
  const emit = (s: string) => L.push(`\t${s}`);
  L.push(".text", ".global _start", "_start:");
  emit("mov x28, #0");
  const set = (reg: string, v: bigint) => {
    emit(`ldr x0, =${hex(v)}`);
    emit(`msr ${reg}, x0`);
  };
  set("vbar_el3", VBAR[3]);
  set("vbar_el2", VBAR[2]);
  set("vbar_el1", VBAR[1]);
  set("sctlr_el3", SCTLR[3]);
  set("sctlr_el2", c.sctlrEl2 ?? SCTLR[2]);
  set("sctlr_el1", SCTLR[1]);
  set("hcr_el2", c.hcr);
  set("scr_el3", c.scr);
  if (cpu === "max") set(sysregName("VSESR_EL2"), c.vsesr ?? 0n);
  emit(`ldr x2, =${hex(ABORT_PA)}`);
  c.actions.forEach((a, i) => {
    if (a.op === "msr") emit(`ldr x${a.rt}, =${hex(a.value)}`);
    if (a.op === "eret") {
      const from = i === 0 ? c.el : null;
      if (from === null || from === 0 || from === 3) throw new Error(`${c.name}: an ERET action must be the first, at EL1 or EL2`);
      set(`spsr_el${from}`, BigInt(a.spsr));
      set(`elr_el${from}`, CASE_PC + 4n * BigInt(i + 1));
    }
  });
  if (c.el === 3) {
    emit("msr nzcv, xzr // QEMU resets with Z=1 (UNKNOWN architecturally); the scenario starts with NZCV=0");
    emit(`msr spsel, #${c.sp ?? 1}`);
    emit(`mov x0, #${(c.daif ?? 0) << 6}`);
    emit("msr daif, x0");
    emit("isb");
    emit("b case_code");
  } else {
    set("spsr_el3", BigInt(dropSpsr(c)));
    set("elr_el3", CASE_PC);
    emit("isb");
    L.push("start_eret:");
    emit("eret");
  }
  emit(".ltorg");

  // Recorders, one per EL.
  for (const el of [3, 2, 1] as const) {
    L.push(`record_el${el}:`);
    emit("cbnz x28, nested");
    emit("mov x28, #1");
    const results = resultRegs(c);
    // Save the result registers before the recorder clobbers x0-x4.
    results.forEach((r, i) => emit(`mov x${10 + i + 11}, x${r}`)); // x21.. hold them (cases use x0..x19, x28)
    const line = (key: string, src: string) => {
      emit(`adr x1, str_${key}`);
      emit("bl puts");
      emit(`mov x0, ${src}`);
      emit("bl puthex");
    };
    line("VECTOR", "x20");
    emit("mrs x27, CurrentEL");
    line("CURRENTEL", "x27");
    emit("mrs x27, spsel");
    line("SPSEL", "x27");
    emit("mrs x27, daif");
    line("DAIF", "x27");
    if (cpu === "max") {
      emit("mrs x27, S3_0_C4_C2_3 // PAN");
      line("PAN", "x27");
    }
    for (const [name, op] of recordedRegs(el, cpu)) {
      emit(`mrs x27, ${op}`);
      line(name, "x27");
    }
    results.forEach((r, i) => line(`X${r}`, `x${10 + i + 11}`));
    emit("b done");
  }
  L.push("nested:");
  emit("adr x1, str_NESTED");
  emit("bl puts");
  emit("b done");
  L.push("no_exception:");
  emit("adr x1, str_NOEXC");
  emit("bl puts");
  L.push("done:");
  emit("adr x1, exit_block");
  emit("mov w0, #0x18");
  emit("hlt #0xf000");
  L.push("1:", "\tb 1b");
  // puts: x1 -> NUL-terminated string; puthex: x0 as 16 hex digits and a newline. Clobber x0-x4.
  L.push("puts:");
  emit("ldr x3, =0x09000000");
  L.push("2:");
  emit("ldrb w4, [x1], #1");
  emit("cbz w4, 3f");
  emit("str w4, [x3]");
  emit("b 2b");
  L.push("3:", "\tret");
  L.push("puthex:");
  emit("ldr x3, =0x09000000");
  emit("mov x1, #60");
  L.push("4:");
  emit("lsr x4, x0, x1");
  emit("and x4, x4, #0xf");
  emit("cmp x4, #10");
  emit("add x4, x4, #0x30");
  emit("b.lt 5f");
  emit("add x4, x4, #0x27");
  L.push("5:");
  emit("str w4, [x3]");
  emit("subs x1, x1, #4");
  emit("b.ge 4b");
  emit("mov w4, #0x0a");
  emit("str w4, [x3]");
  emit("ret");
  emit(".ltorg");
  emit(".balign 8");
  L.push("exit_block:", "\t.quad 0x20026", "\t.quad 0");
  const keys = new Set(["VECTOR", "CURRENTEL", "SPSEL", "DAIF", "PAN", "NESTED", "NOEXC"]);
  for (const el of [1, 2, 3] as const) for (const [n] of recordedRegs(el, cpu)) keys.add(n);
  for (const r of resultRegs(c)) keys.add(`X${r}`);
  for (const k of keys) L.push(`str_${k}:`, `\t.asciz "${k}="`);

  // Vector tables.
  for (const el of [3, 2, 1] as const) {
    L.push(`\t.org ${hex(VBAR[el] - LOAD)}`, `vectors_el${el}:`);
    for (let i = 0; i < 16; i++) {
      L.push(`\t.org ${hex(VBAR[el] - LOAD + BigInt(i * 0x80))}`);
      emit(`mov x20, #${hex(i * 0x80)}`);
      emit(`b record_el${el}`);
    }
  }
  L.push(`\t.org ${hex(CASE_PC - LOAD)}`, "case_code:");
  for (const a of c.actions) emit(actionAsm(a));
  emit("b no_exception");
  return L.join("\n") + "\n";
}

/** The armras take scenario of the same program (pass `--core` for the CPU). */
export function scenario(c: Case, cpu: Cpu): Record<string, unknown> {
  const registers: Record<string, string> = {
    VBAR_EL3: hex(VBAR[3]), VBAR_EL2: hex(VBAR[2]), VBAR_EL1: hex(VBAR[1]),
    SCTLR_EL3: hex(SCTLR[3]), SCTLR_EL2: hex(c.sctlrEl2 ?? SCTLR[2]), SCTLR_EL1: hex(SCTLR[1]),
    HCR_EL2: hex(c.hcr), SCR_EL3: hex(c.scr),
  };
  if (cpu === "max") registers["VSESR_EL2"] = hex(c.vsesr ?? 0n);
  const events: Record<string, unknown>[] = [];
  c.actions.forEach((a, i) => {
    if (a.op === "eret") {
      registers[`SPSR_EL${c.el}`] = hex(a.spsr);
      registers[`ELR_EL${c.el}`] = hex(CASE_PC + 4n * BigInt(i + 1));
    }
  });
  let pstate: Record<string, number>;
  let pc: bigint;
  if (c.el === 3) {
    const d = c.daif ?? 0;
    pstate = { EL: 3, SP: c.sp ?? 1, D: (d >> 3) & 1, A: (d >> 2) & 1, I: (d >> 1) & 1, F: d & 1 };
    pc = CASE_PC;
  } else {
    pstate = { EL: 3, SP: 1, D: 1, A: 1, I: 1, F: 1 };
    registers["SPSR_EL3"] = hex(dropSpsr(c));
    registers["ELR_EL3"] = hex(CASE_PC);
    pc = 0n; // the ERET's own address never reaches a register the comparison reads
    events.push({ op: "eret" });
  }
  for (const a of c.actions) {
    switch (a.op) {
      case "ldr":
      case "str":
        events.push({ op: "sea", errorType: "UER", va: hex(a.addr), write: a.op === "str", ea: 0 });
        break;
      case "svc":
      case "hvc":
      case "smc":
        events.push({ op: a.op, imm: a.imm });
        break;
      case "msr":
        events.push({ op: "msr", reg: a.reg, value: hex(a.value), rt: a.rt });
        break;
      case "mrs":
        events.push({ op: "mrs", reg: a.reg, rt: a.rt });
        break;
      case "esb":
        events.push({ op: "esb" });
        break;
      case "daifclr":
        events.push({ op: "msr", reg: "DAIFClr", value: a.imm });
        break;
      case "eret":
        events.push({ op: "eret" });
        break;
    }
  }
  return { description: `qemu-arch case ${c.name} (${cpu})`, pstate, pc: hex(pc), registers, events };
}
