// Register field extract/insert on the word-pair path (what the register file stores),
// beside a naive BigInt baseline (masks built per call) measured in the same run.
// Fields: the 14 of toolchain.md §3, several crossing bit 32. Target: >= 50 M ops/s.
import { bitField, extractWords, insertHiI32, insertInPlace, insertLoI32, type BitField } from "../src/arch/bits.js";
import { requireSysReg } from "../src/sysregs/catalog.js";
import { RegisterFile } from "../src/sysregs/register-file.js";
import { consume, measure, report } from "./harness.js";
import { cpus, loadavg } from "node:os";

const decl = (reg: string, field: string): BitField => requireSysReg(reg).byName.get(field)!.bits;

const FIELDS: readonly BitField[] = [
  decl("ESR_EL1", "EC"),
  decl("ESR_EL1", "IL"),
  decl("ESR_EL1", "ISS"),
  bitField("TCR.IPS", 34, 32),
  bitField("TCR.TBI0", 37),
  bitField("TCR.T1SZ", 21, 16),
  decl("HCR_EL2", "E2H"),
  bitField("MPIDR.Aff3", 39, 32),
  bitField("MPIDR.Aff2", 23, 16),
  bitField("PAR.PA", 47, 12),
  decl("SPSR_EL1", "M"),
  bitField("ID[63:60]", 63, 60),
  bitField("ID[55:48]", 55, 48),
  bitField("ID[43:36]", 43, 36),
];
const MSB = FIELDS.map((f) => f.msb);
const LSB = FIELDS.map((f) => f.lsb);
const NF = FIELDS.length;

// A small register file of word pairs (like RegisterFile's storage).
const REGS = 64;
const words = new Uint32Array(REGS * 2);
for (let i = 0; i < words.length; i++) words[i] = (Math.imul(i + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
const bigRegs: bigint[] = [];
for (let r = 0; r < REGS; r++) bigRegs.push((BigInt(words[2 * r + 1]!) << 32n) | BigInt(words[2 * r]!));

function naiveExtract(v: bigint, msb: number, lsb: number): number {
  const mask = (1n << BigInt(msb - lsb + 1)) - 1n;
  return Number((v >> BigInt(lsb)) & mask);
}
function naiveInsert(v: bigint, msb: number, lsb: number, x: number): bigint {
  const mask = ((1n << BigInt(msb - lsb + 1)) - 1n) << BigInt(lsb);
  return (v & ~mask) | ((BigInt(x) << BigInt(lsb)) & mask);
}

// Each inner pass touches all 14 fields of one register: n ops = ceil(n / 14) passes.
export default function bench(): void {
  const extractPair = measure("extract, word pair (precomputed)", (n) => {
    let acc = 0;
    for (let i = 0, r = 0; i < n; i += NF, r = (r + 2) & (2 * REGS - 1)) {
      const lo = words[r]!, hi = words[r + 1]!;
      for (let k = 0; k < NF; k++) acc += extractWords(lo, hi, FIELDS[k]!);
    }
    consume(acc);
  });
  const extractNaive = measure("extract, BigInt naive (masks per call)", (n) => {
    let acc = 0;
    for (let i = 0, r = 0; i < n; i += NF, r = (r + 1) & (REGS - 1)) {
      const v = bigRegs[r]!;
      for (let k = 0; k < NF; k++) acc += naiveExtract(v, MSB[k]!, LSB[k]!);
    }
    consume(acc);
  });
  const insertPair = measure("insert, word pair in place (precomputed, int32)", (n) => {
    for (let i = 0, r = 0; i < n; i += NF, r = (r + 2) & (2 * REGS - 1)) {
      let lo = words[r]! | 0, hi = words[r + 1]! | 0;
      const x = i & 0xff;
      for (let k = 0; k < NF; k++) {
        const f = FIELDS[k]!;
        lo = insertLoI32(lo, f, x);
        hi = insertHiI32(hi, f, x);
      }
      words[r] = lo;
      words[r + 1] = hi;
    }
    consume(words[0]);
  });
  const insertStore = measure("insert, in place in the Uint32Array store", (n) => {
    for (let i = 0, r = 0; i < n; i += NF, r = (r + 2) & (2 * REGS - 1)) {
      const x = i & 0xff;
      for (let k = 0; k < NF; k++) insertInPlace(words, r, FIELDS[k]!, x);
    }
    consume(words[0]);
  });
  const insertNaive = measure("insert, BigInt naive (masks per call)", (n) => {
    for (let i = 0, r = 0; i < n; i += NF, r = (r + 1) & (REGS - 1)) {
      let v = bigRegs[r]!;
      const x = i & 0xff;
      for (let k = 0; k < NF; k++) v = naiveInsert(v, MSB[k]!, LSB[k]!, x);
      bigRegs[r] = v;
    }
    consume(bigRegs[0]);
  });
  const rf = new RegisterFile();
  const byName = measure("RegisterFile.getField by name (bigint API)", (n) => {
    let acc = 0n;
    for (let i = 0; i < n; i++) acc ^= rf.getField("HCR_EL2", "TERR");
    consume(acc);
  });
  // Absolute rates scale with machine load (toolchain.md: up to 2x between processes); the ratio to the
  // same-run baseline is the stable figure. toolchain.md §3 measured the naive baseline at 14.3 M (extract) / 9.3 M (insert) unloaded.
  console.log(`sysregs    load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPU(s)`);
  report("sysregs", extractPair, extractNaive, 50e6);
  report("sysregs", extractNaive);
  report("sysregs", insertPair, insertNaive, 50e6);
  report("sysregs", insertStore, insertNaive, 50e6);
  report("sysregs", insertNaive);
  report("sysregs", byName, extractNaive);
}
