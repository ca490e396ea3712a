// RegisterHandle over the register file's storage: one slot's word pair and its
// UNKNOWN word pair, with the masks of its compiled declaration. Every method does
// exactly what the by-name RegisterFile method does for that slot (register-file.ts
// hwSet / set(UNKNOWN) / read / isUnknown); test/sysregs/handle.test.ts checks it.
import { MASK64 } from "../arch/bits.js";
import type { Compiled } from "./compiled.js";
import { UNKNOWN, type RegisterHandle } from "./types.js";

/** A 64-bit scratch word and its two 32-bit halves (platform byte order). */
const SCRATCH64 = new BigUint64Array(1);
const SCRATCH32 = new Uint32Array(SCRATCH64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

export class SlotHandle implements RegisterHandle {
  private readonly i: number;
  private readonly hwLo: number;
  private readonly hwHi: number;
  private readonly oneLo: number;
  private readonly oneHi: number;

  constructor(
    readonly name: string,
    c: Compiled,
    private readonly words: Uint32Array,
    private readonly unknown: Uint32Array,
    slot: number,
    /** Validates a bigint written by set() (RegisterFile.checkValue). */
    private readonly check: (what: string, value: bigint) => bigint,
  ) {
    this.i = 2 * slot;
    this.hwLo = c.hwLo;
    this.hwHi = c.hwHi;
    this.oneLo = c.oneLo;
    this.oneHi = c.oneHi;
  }

  lo(): number {
    return this.words[this.i]!;
  }

  hi(): number {
    return this.words[this.i + 1]!;
  }

  read(): bigint {
    SCRATCH32[LO] = this.words[this.i]!;
    SCRATCH32[HI] = this.words[this.i + 1]!;
    return SCRATCH64[0]!;
  }

  isUnknown(): boolean {
    return (this.unknown[this.i]! | this.unknown[this.i + 1]!) !== 0;
  }

  setWords(lo: number, hi: number): void {
    const i = this.i;
    // Uint32Array stores modulo 2^32, so int32 patterns need no `>>> 0`.
    this.words[i] = (lo & this.hwLo) | this.oneLo;
    this.words[i + 1] = (hi & this.hwHi) | this.oneHi;
    this.unknown[i] = 0;
    this.unknown[i + 1] = 0;
  }

  set(value: bigint | typeof UNKNOWN): void {
    if (value === UNKNOWN) {
      this.markUnknown();
      return;
    }
    if (typeof value !== "bigint" || value < 0n || value > MASK64) this.check(this.name, value); // throws
    SCRATCH64[0] = value; // split through the shared buffer: no bigint arithmetic
    this.setWords(SCRATCH32[LO]!, SCRATCH32[HI]!);
  }

  markUnknown(): void {
    const i = this.i;
    this.words[i] = this.oneLo;
    this.words[i + 1] = this.oneHi;
    this.unknown[i] = this.hwLo;
    this.unknown[i + 1] = this.hwHi;
  }
}
