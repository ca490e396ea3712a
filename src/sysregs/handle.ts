// RegisterHandle over the register file's storage: one slot's word pair and its
// UNKNOWN word pair, with the masks of its compiled declaration. Every method does
// exactly what the by-name RegisterFile method does for that slot (register_file.ts
// hwSet / set(UNKNOWN) / read / isUnknown); test/sysregs/handle.test.ts checks it.
import { fromWords, MASK64 } from "../arch/bits.js";
import type { Compiled } from "./compiled.js";
import { UNKNOWN, type RegisterHandle } from "./types.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

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
    return fromWords(this.words[this.i]!, this.words[this.i + 1]!);
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
    if (value <= MAX_SAFE) {
      // Exact as a double: split without allocating bigints (addresses below 2^53 are the common case).
      const n = Number(value);
      this.setWords(n % 0x1_0000_0000, Math.floor(n / 0x1_0000_0000));
    } else {
      this.setWords(Number(BigInt.asUintN(32, value)), Number(value >> 32n));
    }
  }

  markUnknown(): void {
    const i = this.i;
    this.words[i] = this.oneLo;
    this.words[i + 1] = this.oneHi;
    this.unknown[i] = this.hwLo;
    this.unknown[i + 1] = this.hwHi;
  }
}
