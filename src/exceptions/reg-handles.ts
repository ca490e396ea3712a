// Pre-resolved registers for the exception entry/return hot path. A register file
// that offers handle() (RegisterFile) gives its fast handles; any other
// RegisterFileContract gets NamedHandle, which goes through the by-name methods.
import { fromWords } from "../arch/bits.js";
import type { EL } from "../arch/el.js";
import { UNKNOWN, type RegisterFileContract, type RegisterHandle } from "../sysregs/types.js";

/** RegisterHandle over the by-name contract methods (same behaviour, no speed-up). */
export class NamedHandle implements RegisterHandle {
  constructor(
    private readonly regs: RegisterFileContract,
    readonly name: string,
  ) {}

  lo(): number {
    return Number(this.regs.read(this.name) & 0xffff_ffffn);
  }

  hi(): number {
    return Number((this.regs.read(this.name) >> 32n) & 0xffff_ffffn);
  }

  read(): bigint {
    return this.regs.read(this.name);
  }

  isUnknown(): boolean {
    return this.regs.isUnknown(this.name);
  }

  setWords(lo: number, hi: number): void {
    this.regs.set(this.name, fromWords(lo >>> 0, hi >>> 0));
  }

  set(value: bigint | typeof UNKNOWN): void {
    this.regs.set(this.name, value);
  }

  markUnknown(): void {
    this.regs.set(this.name, UNKNOWN);
  }
}

/** A handle on `name`: the register file's own when it has handle(), else a NamedHandle. */
export function registerHandle(regs: RegisterFileContract, name: string): RegisterHandle {
  return regs.handle ? regs.handle(name) : new NamedHandle(regs, name);
}

/**
 * Vector addresses VBAR_ELx[63:11]:vect_offset (VBAR bits [10:0] are RES0, arch.md §4.1),
 * remembered per offset while VBAR_ELx holds the same value (it is read on every call).
 */
export class VectorAddresses {
  private lo = -1;
  private hi = -1;
  private readonly pcs: (bigint | undefined)[] = new Array<bigint | undefined>(16);

  constructor(private readonly vbar: RegisterHandle) {}

  /** VBAR[63:11] with `offset` (0..0x7ff) in bits [10:0]. */
  at(offset: number): bigint {
    const lo = this.vbar.lo(), hi = this.vbar.hi();
    if ((offset & 0x7f) !== 0) return fromWords(((lo & ~0x7ff) | offset) >>> 0, hi); // vector offsets are multiples of 0x80
    if (lo !== this.lo || hi !== this.hi) {
      this.lo = lo;
      this.hi = hi;
      this.pcs.fill(undefined);
    }
    const i = offset >>> 7;
    const hit = this.pcs[i];
    if (hit !== undefined) return hit;
    const pc = fromWords(((lo & ~0x7ff) | offset) >>> 0, hi);
    this.pcs[i] = pc;
    return pc;
  }
}

/** The banked registers AArch64.TakeException and ExceptionReturn use at one EL. */
export interface ELRegisters {
  readonly ESR: RegisterHandle;
  readonly FAR: RegisterHandle;
  readonly ELR: RegisterHandle;
  readonly SPSR: RegisterHandle;
  readonly VBAR: RegisterHandle;
  readonly SCTLR: RegisterHandle;
  readonly vectors: VectorAddresses;
}

export function elRegisters(regs: RegisterFileContract, el: Exclude<EL, 0>): ELRegisters {
  const h = (kind: string): RegisterHandle => registerHandle(regs, `${kind}_EL${el}`);
  const VBAR = h("VBAR");
  return Object.freeze({ ESR: h("ESR"), FAR: h("FAR"), ELR: h("ELR"), SPSR: h("SPSR"), VBAR, SCTLR: h("SCTLR"), vectors: new VectorAddresses(VBAR) });
}
