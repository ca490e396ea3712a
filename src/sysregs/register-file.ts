// The bit-accurate register file (RegisterFileContract). Storage is a Uint32Array
// word pair per register; UNKNOWN is tracked per bit in a second word-pair array
// (an UNKNOWN bit reads as 0 in the bigint views, and isUnknown() reports it).
//
// Two kinds of write:
//  - hardware (set/setField/errRecord(n).set): the value the hardware puts there;
//    RES0 bits forced to 0, RES1/RAO bits to 1, RO and W1C fields written as given;
//  - software (write/msr/mmioWrite/errRecord(n).write): RO and WI ignored, RES0/RES1
//    forced, W1C clears where 1 is written, ERR<n>STATUS with its guards (status-w1c.ts).
import { fromWords, MASK64, toWords } from "../arch/bits.js";
import type { EL } from "../arch/el.js";
import { DEFAULT_FEATURES, type FeatureSet } from "../arch/features.js";
import { decideAccess, el2Enabled } from "./access.js";
import { lookupSysReg, lookupSysRegByEncoding, parseRecordName, RECORD_REGISTERS, SYSTEM_REGISTERS, UnknownRegisterError, type FieldOf, type SysRegName } from "./catalog.js";
import { encodingLabel, ERR_RECORD_REGS, ERR_RECORD_STRIDE, type ErrRecordReg, type FieldDef, type RegisterDef } from "./decl.js";
import { effectiveHcr } from "./hcr-effective.js";
import { DEFAULT_STATUS_POLICY, type StatusWritePolicy } from "./status-w1c.js";
import { compileRegister, softwareWrite, type Compiled } from "./compiled.js";
import { EC_SYSREG_TRAP, sysRegTrapIss } from "./trap-iss.js";
import { SlotHandle } from "./handle.js";
import { UNKNOWN, type AccessContext, type AccessOutcome, type RegisterFileContract, type RegisterHandle, type SysRegEncoding } from "./types.js";

export { compileRegister, softwareWrite, type Compiled } from "./compiled.js";

/**
 * ERX*_EL1 access when ERRIDR_EL1.NUM is 0 or ERRSELR_EL1.SEL >= NUM. Arm allows an
 * UNKNOWN record, RAZ/WI, NOP or UNDEFINED (arch.md §2.6). armras offers:
 * "raz-wi" (default): reads 0, writes ignored;
 * "undefined": MRS/MSR are UNDEFINED;
 * "unknown": reads return an UNKNOWN value (0, flagged in the outcome's note), writes ignored.
 */
export type ErxOutOfRange = "raz-wi" | "undefined" | "unknown";

export interface RegisterFileConfig {
  readonly features?: FeatureSet;
  readonly erxOutOfRange?: ErxOutOfRange;
  readonly status?: Partial<StatusWritePolicy>;
  /** Value of every ERR<n>FR (IMPLEMENTATION DEFINED); default DEFAULT_ERR_FR. */
  readonly errFR?: bigint;
  /**
   * "architectural" (default): fields whose reset is UNKNOWN are flagged UNKNOWN (and read 0);
   * "zero": they reset to a known 0 (TF-A / Sail IMPDEF reset choice).
   */
  readonly reset?: "architectural" | "zero";
  /** DISR_EL1 -> VDISR_EL2 redirect condition at EL1; see AccessState.disrAmo. Default "effective". */
  readonly disrAmo?: "effective" | "raw-tge0";
  /** MIDR_EL1 of the core (default: the declaration's reset, Neoverse N1 r4p1; CORES[name].midr for a preset). */
  readonly midr?: bigint;
  /** MPIDR_EL1 of this PE (default 0x80000000: Aff 0.0.0.0, RES1 bit 31). */
  readonly mpidr?: bigint;
}

/** ERR<n>FR default: ED, DE, UI, FI, UE, CFI controllable (0b01), CEC = 8-bit counter (0b010). */
export const DEFAULT_ERR_FR = 0x2555n;
/** Records fit below ERRGSR at 0xE00 in a 4 KB node. */
export const MAX_ERROR_RECORDS = 0xe00 / ERR_RECORD_STRIDE;
const ERRGSR_BASE = 0xe00;
const ERRDEVID = 0xfc8;
const NODE_SIZE = 0x1000;

export class RegisterFileError extends Error {
  override readonly name = "RegisterFileError";
}


/** Where a name resolves: a storage slot, or the ERX* window. */
interface Target {
  readonly c: Compiled;
  /** The HCR_EL2.E2H=1 layout (RegisterSpec.e2hLayout) compiled; storage then holds raw bits and reads apply the layout in force. */
  readonly alt?: Compiled;
  /** -1 for an ERX*_EL1 window. */
  readonly slot: number;
  readonly window?: ErrRecordReg;
}

/** The error-record accessor the exception path uses: record n's registers. */
export interface ErrRecordAccess {
  readonly index: number;
  /** Hardware view. */
  read(reg: ErrRecordReg): bigint;
  /** Hardware write (records an error): RES0 forced, W1C bits set as given. */
  set(reg: ErrRecordReg, value: bigint): void;
  /** Software write (store to ERR<n>*): W1C semantics and guards. */
  write(reg: ErrRecordReg, value: bigint): void;
  getField(reg: ErrRecordReg, field: string): bigint;
  setField(reg: ErrRecordReg, field: string, value: bigint): void;
}

export class RegisterFile implements RegisterFileContract {
  readonly features: FeatureSet;
  readonly erxOutOfRange: ErxOutOfRange;
  readonly statusPolicy: StatusWritePolicy;
  readonly errFR: bigint;
  readonly resetPolicy: "architectural" | "zero";
  readonly recordCount: number;
  readonly disrAmo: "effective" | "raw-tge0";
  private readonly ids: { readonly midr?: bigint; readonly mpidr?: bigint };

  private readonly words: Uint32Array;
  private readonly unknown: Uint32Array;
  private readonly sys = new Map<string, Target>();
  private readonly recordCompiled: readonly Compiled[];
  private readonly recordBase: number;
  /** Storage slot of HCR_EL2 (its E2H bit selects the layout of e2hLayout registers); -1 without one. */
  private readonly hcrSlot: number;

  constructor(config: RegisterFileConfig = {}) {
    this.features = config.features ?? DEFAULT_FEATURES;
    this.erxOutOfRange = config.erxOutOfRange ?? "raz-wi";
    this.statusPolicy = Object.freeze({ ...DEFAULT_STATUS_POLICY, ...config.status });
    this.errFR = config.errFR ?? DEFAULT_ERR_FR;
    this.resetPolicy = config.reset ?? "architectural";
    this.disrAmo = config.disrAmo ?? "effective";
    this.ids = { ...(config.midr !== undefined ? { midr: this.checkValue("midr", config.midr) } : {}), ...(config.mpidr !== undefined ? { mpidr: this.checkValue("mpidr", config.mpidr) } : {}) };
    const n = this.features.FEAT_RAS ? this.features.errorRecords : 0;
    if (!Number.isInteger(n) || n < 0 || n > MAX_ERROR_RECORDS) {
      throw new RegisterFileError(`features.errorRecords must be an integer 0..${MAX_ERROR_RECORDS} (got ${n})`);
    }
    if (this.errFR < 0n || this.errFR > MASK64) throw new RegisterFileError("errFR must be a 64-bit value");
    this.recordCount = n;
    const zero = this.resetPolicy === "zero";
    let slot = 0;
    for (const def of SYSTEM_REGISTERS) {
      const c = compileRegister(def, this.features, zero);
      const alt = def.e2hLayout !== undefined && this.features.FEAT_VHE && this.features.EL2 ? { alt: compileRegister(def.e2hLayout, this.features, zero) } : {};
      this.sys.set(def.name, def.window ? { c, slot: -1, window: def.window } : { c, slot: slot++, ...alt });
    }
    this.hcrSlot = this.sys.get("HCR_EL2")?.slot ?? -1;
    this.recordCompiled = RECORD_REGISTERS.map((d) => compileRegister(d, this.features, zero));
    this.recordBase = slot;
    const slots = slot + n * ERR_RECORD_REGS.length;
    this.words = new Uint32Array(slots * 2);
    this.unknown = new Uint32Array(slots * 2);
    this.reset();
  }

  /** Cold reset: every register to its declared reset value (UNKNOWN fields flagged, see RegisterFileConfig.reset). */
  reset(): void {
    for (const t of this.sys.values()) if (t.slot >= 0) this.resetSlot(t.c, t.slot);
    for (let r = 0; r < this.recordCount; r++) {
      this.recordCompiled.forEach((c, i) => this.resetSlot(c, this.recordBase + r * ERR_RECORD_REGS.length + i));
      this.hwSet(this.recordCompiled[0]!, this.recordSlot(r, "FR"), this.errFR);
    }
    const idr = this.sys.get("ERRIDR_EL1")!;
    this.hwSet(idr.c, idr.slot, BigInt(this.recordCount));
    if (this.ids.midr !== undefined) this.set("MIDR_EL1", this.ids.midr);
    if (this.ids.mpidr !== undefined) this.set("MPIDR_EL1", this.ids.mpidr);
  }

  // ---- RegisterFileContract: hardware view --------------------------------

  read(name: string): bigint {
    const t = this.target(name);
    const slot = this.slotOf(t);
    return slot < 0 ? 0n : this.value(t, slot);
  }

  isUnknown(name: string): boolean {
    return this.unknownMask(name) !== 0n;
  }

  /** Bits of the register whose value is architecturally UNKNOWN (they read as 0). */
  unknownMask(name: string): bigint {
    const t = this.target(name);
    const slot = this.slotOf(t);
    if (slot < 0) return t.slot === -1 && this.erxOutOfRange === "unknown" ? this.hwMask(t.c) : 0n;
    const u = fromWords(this.unknown[2 * slot]!, this.unknown[2 * slot + 1]!);
    return t.alt === undefined ? u : u & this.hwMask(this.layout(t));
  }

  set(name: string, value: bigint | typeof UNKNOWN): void {
    const t = this.target(name);
    const slot = this.slotOf(t);
    if (slot < 0) return;
    if (t.alt !== undefined) {
      this.rawSet(t, slot, value);
      return;
    }
    if (value === UNKNOWN) {
      this.words[2 * slot] = t.c.oneLo;
      this.words[2 * slot + 1] = t.c.oneHi;
      this.unknown[2 * slot] = t.c.hwLo;
      this.unknown[2 * slot + 1] = t.c.hwHi;
      return;
    }
    this.hwSet(t.c, slot, this.checkValue(t.c.def.name, value));
  }

  /**
   * A pre-resolved handle on a register with fixed storage (system registers and
   * ERR<n>* records): the same hardware view and writes as read/isUnknown/set by
   * name, without the lookup. Throws UnknownRegisterError for an unknown name and
   * RegisterFileError for an ERX*_EL1 window (its storage follows ERRSELR_EL1.SEL).
   */
  handle(name: string): RegisterHandle {
    const t = this.target(name);
    if (t.slot < 0) throw new RegisterFileError(`${t.c.def.name}: an ERX*_EL1 window has no fixed storage (it follows ERRSELR_EL1.SEL); use read()/set() by name`);
    const rec = this.sys.get(t.c.def.name) === t ? undefined : parseRecordName(name)!; // target() accepted it as a record name
    const canonical = rec === undefined ? t.c.def.name : `ERR${rec.index!}${rec.reg}`;
    if (t.alt !== undefined) return new LayoutHandle(this, canonical);
    return new SlotHandle(canonical, t.c, this.words, this.unknown, t.slot, (what, v) => this.checkValue(what, v));
  }

  getField(name: string, field: string): bigint {
    const t = this.target(name);
    const f = this.fieldDef(this.layout(t).def, field);
    const slot = this.slotOf(t);
    return slot < 0 ? 0n : (this.value(t, slot) & f.bits.mask) >> f.bits.shift;
  }

  setField(name: string, field: string, value: bigint): void {
    const t = this.target(name);
    const f = this.fieldDef(this.layout(t).def, field);
    if (typeof value !== "bigint" || value < 0n || value > f.bits.valueMask) {
      throw new RegisterFileError(`${t.c.def.name}.${f.name}: value ${String(value)} does not fit ${f.bits.width} bit(s)`);
    }
    const slot = this.slotOf(t);
    if (slot < 0) return;
    if (t.alt !== undefined) {
      const u = this.unknownMask(name) & f.bits.clearMask;
      this.rawSet(t, slot, (this.value(t, slot) & f.bits.clearMask) | (value << f.bits.shift));
      const [uLo, uHi] = toWords(u);
      this.unknown[2 * slot] = uLo;
      this.unknown[2 * slot + 1] = uHi;
      return;
    }
    const old = this.get(slot);
    // hwSet marks every bit known; keep the UNKNOWN bits outside this field.
    const [uLo, uHi] = toWords(fromWords(this.unknown[2 * slot]!, this.unknown[2 * slot + 1]!) & f.bits.clearMask);
    this.hwSet(t.c, slot, (old & f.bits.clearMask) | (value << f.bits.shift));
    this.unknown[2 * slot] = uLo & t.c.hwLo;
    this.unknown[2 * slot + 1] = uHi & t.c.hwHi;
  }

  /** Typed getField: the field name is checked against the register's declaration at compile time. */
  field<N extends SysRegName>(name: N, field: FieldOf<N>): bigint {
    return this.getField(name, field);
  }

  // ---- software view -------------------------------------------------------

  write(name: string, value: bigint): void {
    const t = this.target(name);
    const slot = this.slotOf(t);
    if (slot < 0) return;
    this.swWriteT(t, slot, this.checkValue(t.c.def.name, value));
  }

  mrs(reg: string | SysRegEncoding, ctx: AccessContext): AccessOutcome {
    return this.access(reg, ctx, undefined);
  }

  msr(reg: string | SysRegEncoding, value: bigint, ctx: AccessContext): AccessOutcome {
    return this.access(reg, ctx, this.checkValue(typeof reg === "string" ? reg : encodingLabel(reg), value));
  }

  // ---- error records -----------------------------------------------------

  /** Record n (0 <= n < recordCount); throws RegisterFileError otherwise. */
  errRecord(n: number): ErrRecordAccess {
    if (!Number.isInteger(n) || n < 0 || n >= this.recordCount) {
      throw new RegisterFileError(`error record ${n} does not exist (records: ${this.recordCount})`);
    }
    const name = (reg: ErrRecordReg): string => `ERR${n}${reg}`;
    return {
      index: n,
      read: (reg) => this.read(name(reg)),
      set: (reg, value) => this.set(name(reg), value),
      write: (reg, value) => this.write(name(reg), value),
      getField: (reg, field) => this.getField(name(reg), field),
      setField: (reg, field, value) => this.setField(name(reg), field, value),
    };
  }

  /** The record ERX*_EL1 currently selects, or undefined when SEL >= ERRIDR_EL1.NUM. */
  selectedRecord(): number | undefined {
    const sel = Number(this.getField("ERRSELR_EL1", "SEL"));
    const num = Math.min(Number(this.getField("ERRIDR_EL1", "NUM")), this.recordCount);
    return sel < num ? sel : undefined;
  }

  /** What a byte offset of the 4 KB RAS node maps to (throws RegisterFileError on a bad offset). */
  mmioDecode(offset: number): { readonly kind: "record"; readonly record: number; readonly reg: ErrRecordReg } | { readonly kind: "ERRGSR"; readonly index: number } | { readonly kind: "ERRDEVID" } | { readonly kind: "reserved" } {
    if (!Number.isInteger(offset) || offset < 0 || offset >= NODE_SIZE || offset % 8 !== 0) {
      throw new RegisterFileError(`MMIO offset ${typeof offset === "number" ? "0x" + offset.toString(16) : String(offset)}: not an 8-byte aligned offset inside the 4 KB error record node`);
    }
    const record = Math.floor(offset / ERR_RECORD_STRIDE);
    if (record < this.recordCount) return { kind: "record", record, reg: ERR_RECORD_REGS[(offset % ERR_RECORD_STRIDE) / 8]! };
    if (offset >= ERRGSR_BASE && offset < ERRGSR_BASE + 8 * Math.ceil(MAX_ERROR_RECORDS / 64)) return { kind: "ERRGSR", index: (offset - ERRGSR_BASE) / 8 };
    if (offset === ERRDEVID) return { kind: "ERRDEVID" };
    return { kind: "reserved" };
  }

  /** 64-bit read of the memory-mapped node: ERR<n>* records, ERRGSR0 (V bits), ERRDEVID (NUM); reserved offsets RAZ. */
  mmioRead(offset: number): bigint {
    const d = this.mmioDecode(offset);
    switch (d.kind) {
      case "record":
        return this.read(`ERR${d.record}${d.reg}`);
      case "ERRGSR": {
        let v = 0n;
        for (let r = 0; r < 64; r++) {
          const n = d.index * 64 + r;
          if (n < this.recordCount && this.getField(`ERR${n}STATUS`, "V") === 1n) v |= 1n << BigInt(r);
        }
        return v;
      }
      case "ERRDEVID":
        return BigInt(this.recordCount);
      default:
        return 0n;
    }
  }

  /** 64-bit store to the memory-mapped node (software write semantics); ERRGSR, ERRDEVID and reserved offsets ignore writes. */
  mmioWrite(offset: number, value: bigint): void {
    const d = this.mmioDecode(offset);
    if (d.kind === "record") this.write(`ERR${d.record}${d.reg}`, value);
    else this.checkValue(`MMIO 0x${offset.toString(16)}`, value);
  }

  // ---- internals -----------------------------------------------------------

  private access(reg: string | SysRegEncoding, ctx: AccessContext, value: bigint | undefined): AccessOutcome {
    const read = value === undefined;
    if (ctx.rt !== undefined && (!Number.isInteger(ctx.rt) || ctx.rt < 0 || ctx.rt > 31)) throw new RegisterFileError(`AccessContext.rt must be 0..31 (got ${ctx.rt})`);
    const def = typeof reg === "string" ? lookupSysReg(reg) : lookupSysRegByEncoding(reg);
    const label = typeof reg === "string" ? reg : encodingLabel(reg);
    if (!def) return { kind: "undefined", reason: `${label}: not a register armras models (UNDEFINED if the encoding is unallocated)` };
    if (def.encoding === undefined) return { kind: "undefined", reason: `${def.name} is memory-mapped, not accessible by MRS/MSR` };
    const d = decideAccess(def, read, ctx, { features: this.features, hcr: this.read("HCR_EL2"), scr: this.read("SCR_EL3"), disrAmo: this.disrAmo });
    switch (d.kind) {
      case "undefined":
        return d;
      case "trap":
        return { kind: "trap", targetEL: d.targetEL, ec: EC_SYSREG_TRAP, iss: sysRegTrapIss(def.encoding, ctx.rt ?? 0, read), reason: d.reason };
      case "raz-wi":
        return { kind: "ok", value: 0n, register: def.name, note: d.note };
      default:
        break;
    }
    const t = this.sys.get(d.reg.name)!;
    const note = d.note === undefined ? {} : { note: d.note };
    if (t.slot === -1) {
      const sel = this.selectedRecord();
      if (sel === undefined) {
        const why = `ERRSELR_EL1.SEL=${this.getField("ERRSELR_EL1", "SEL")} >= ERRIDR_EL1.NUM=${this.getField("ERRIDR_EL1", "NUM")}`;
        if (this.erxOutOfRange === "undefined") return { kind: "undefined", reason: `${d.reg.name}: ${why} (configured UNDEFINED)` };
        return { kind: "ok", value: 0n, register: d.reg.name, note: this.erxOutOfRange === "raz-wi" ? `${why}: RAZ/WI` : `${why}: UNKNOWN value, write ignored` };
      }
      const name = `ERR${sel}${t.window!}`;
      if (!read) this.write(name, value);
      return { kind: "ok", value: this.read(name), register: name, note: `${d.reg.name} selects ERR${sel}${t.window}` };
    }
    if (!read) this.swWriteT(t, t.slot, value);
    let v = this.value(t, t.slot);
    if (d.reg.name === "ISR_EL1") v = this.isrView(v, ctx.el, ctx);
    return { kind: "ok", value: v, register: d.reg.name, ...note };
  }

  /** ISR_EL1 as read at EL1 with EL2 enabled and TGE=0: virtual pending bits per HCR_EL2.{AMO,IMO,FMO} (Sail getISR, arch.md §3.5). */
  private isrView(v: bigint, el: EL, ctx: AccessContext): bigint {
    const rawHcr = this.read("HCR_EL2");
    const en = el2Enabled(this.features, ctx);
    if (el !== 1 || !en || this.fieldOf(rawHcr, "HCR_EL2", "TGE") === 1n) return v;
    const hcr = effectiveHcr(rawHcr, en);
    const A = 1n << 8n, I = 1n << 7n, F = 1n << 6n;
    if (this.fieldOf(hcr, "HCR_EL2", "AMO") && this.fieldOf(hcr, "HCR_EL2", "VSE")) v |= A;
    if (this.fieldOf(hcr, "HCR_EL2", "IMO")) v = (v & ~I) | (this.fieldOf(hcr, "HCR_EL2", "VI") << 7n);
    if (this.fieldOf(hcr, "HCR_EL2", "FMO")) v = (v & ~F) | (this.fieldOf(hcr, "HCR_EL2", "VF") << 6n);
    return v;
  }

  private fieldOf(value: bigint, reg: string, field: string): bigint {
    const f = this.fieldDef(lookupSysReg(reg)!, field);
    return (value & f.bits.mask) >> f.bits.shift;
  }

  private target(name: string): Target {
    const t = this.sys.get(name) ?? this.sys.get(name.toUpperCase());
    if (t) return t;
    const rec = parseRecordName(name);
    if (!rec) throw new UnknownRegisterError(name);
    if (rec.index === undefined || rec.index >= this.recordCount) {
      throw new RegisterFileError(`${name}: ${rec.index === undefined ? "give a record number, e.g. ERR0" + rec.reg : `record ${rec.index} does not exist (records: ${this.recordCount})`}`);
    }
    const i = ERR_RECORD_REGS.indexOf(rec.reg);
    return { c: this.recordCompiled[i]!, slot: this.recordSlot(rec.index, rec.reg) };
  }

  /** Storage slot of a target; -1 for an ERX* window with no record selected. */
  private slotOf(t: Target): number {
    if (t.slot >= 0) return t.slot;
    const sel = this.selectedRecord();
    return sel === undefined || t.window === undefined ? -1 : this.recordSlot(sel, t.window);
  }

  private recordSlot(n: number, reg: ErrRecordReg): number {
    return this.recordBase + n * ERR_RECORD_REGS.length + ERR_RECORD_REGS.indexOf(reg);
  }

  private fieldDef(def: RegisterDef, name: string): FieldDef {
    const f = def.byName.get(name);
    if (!f) throw new RegisterFileError(`${def.name} has no field '${name}' (fields: ${[...def.byName.keys()].join(", ")})`);
    return f;
  }

  private checkValue(what: string, value: bigint): bigint {
    if (typeof value !== "bigint" || value < 0n || value > MASK64) throw new RegisterFileError(`${what}: value ${String(value)} is not a 64-bit unsigned bigint`);
    return value;
  }

  /** The layout in force: the e2hLayout while FEAT_VHE and HCR_EL2.E2H=1 (bit 34), else the declared one. */
  private layout(t: Target): Compiled {
    if (t.alt === undefined || this.hcrSlot < 0) return t.c;
    return (this.words[2 * this.hcrSlot + 1]! & (1 << (34 - 32))) !== 0 ? t.alt : t.c;
  }

  /** The value software and hardware see: for an e2hLayout register, the raw bits under the layout in force (RES0 clear, RES1 set). */
  private value(t: Target, slot: number): bigint {
    if (t.alt === undefined) return this.get(slot);
    const c = this.layout(t);
    return fromWords(((this.words[2 * slot]! & c.hwLo) | c.oneLo) >>> 0, ((this.words[2 * slot + 1]! & c.hwHi) | c.oneHi) >>> 0);
  }

  /** Hardware write of an e2hLayout register: raw bits kept (the layout in force applies on read), every bit known. */
  private rawSet(t: Target, slot: number, value: bigint | typeof UNKNOWN): void {
    const all = (t.c.hwLo | t.c.oneLo | t.alt!.hwLo | t.alt!.oneLo) >>> 0;
    const allHi = (t.c.hwHi | t.c.oneHi | t.alt!.hwHi | t.alt!.oneHi) >>> 0;
    if (value === UNKNOWN) {
      this.words[2 * slot] = 0;
      this.words[2 * slot + 1] = 0;
      this.unknown[2 * slot] = all;
      this.unknown[2 * slot + 1] = allHi;
      return;
    }
    const [lo, hi] = toWords(this.checkValue(t.c.def.name, value));
    this.words[2 * slot] = (lo & all) >>> 0;
    this.words[2 * slot + 1] = (hi & allHi) >>> 0;
    this.unknown[2 * slot] = 0;
    this.unknown[2 * slot + 1] = 0;
  }

  /** Software write through a target: an e2hLayout register takes the written value in the RW bits of the layout in force; its other bits keep theirs. */
  private swWriteT(t: Target, slot: number, value: bigint): void {
    if (t.alt === undefined) {
      this.swWrite(t.c, slot, value);
      return;
    }
    const c = this.layout(t);
    const [vLo, vHi] = toWords(value);
    this.words[2 * slot] = ((this.words[2 * slot]! & ~c.rwLo) | (vLo & c.rwLo)) >>> 0;
    this.words[2 * slot + 1] = ((this.words[2 * slot + 1]! & ~c.rwHi) | (vHi & c.rwHi)) >>> 0;
    this.unknown[2 * slot] = (this.unknown[2 * slot]! & ~c.rwLo) >>> 0;
    this.unknown[2 * slot + 1] = (this.unknown[2 * slot + 1]! & ~c.rwHi) >>> 0;
  }

  private hwMask(c: Compiled): bigint {
    return fromWords(c.hwLo, c.hwHi);
  }

  private get(slot: number): bigint {
    return fromWords(this.words[2 * slot]!, this.words[2 * slot + 1]!);
  }

  private resetSlot(c: Compiled, slot: number): void {
    this.words[2 * slot] = (c.resetLo & c.hwLo) | c.oneLo;
    this.words[2 * slot + 1] = (c.resetHi & c.hwHi) | c.oneHi;
    this.unknown[2 * slot] = c.unkLo;
    this.unknown[2 * slot + 1] = c.unkHi;
  }

  private hwSet(c: Compiled, slot: number, value: bigint): void {
    const [lo, hi] = toWords(value);
    this.words[2 * slot] = ((lo & c.hwLo) | c.oneLo) >>> 0;
    this.words[2 * slot + 1] = ((hi & c.hwHi) | c.oneHi) >>> 0;
    this.unknown[2 * slot] = 0;
    this.unknown[2 * slot + 1] = 0;
  }

  private swWrite(c: Compiled, slot: number, value: bigint): void {
    const oLo = this.words[2 * slot]!, oHi = this.words[2 * slot + 1]!;
    const [vLo, vHi] = toWords(value);
    const [nLo, nHi] = toWords(softwareWrite(c, fromWords(oLo, oHi), value, this.statusPolicy));
    this.words[2 * slot] = nLo;
    this.words[2 * slot + 1] = nHi;
    // Bits software wrote (RW) or cleared (W1C with 1 written) are now known.
    let knownLo = c.rwLo | (c.w1cLo & vLo);
    const knownHi = c.rwHi | (c.w1cHi & vHi);
    // A guarded ERR<n>STATUS syndrome write may not take effect: IERR/SERR stay as they were.
    if (c.def.writeRule === "ERR_STATUS" && ((nLo ^ vLo) & c.rwLo) !== 0) knownLo &= ~c.rwLo;
    this.unknown[2 * slot] = (this.unknown[2 * slot]! & ~knownLo) >>> 0;
    this.unknown[2 * slot + 1] = (this.unknown[2 * slot + 1]! & ~knownHi) >>> 0;
  }
}

/**
 * Handle on an e2hLayout register (SCTLR_EL2, CPTR_EL2, CNTHCTL_EL2, TCR_EL2): its value depends
 * on HCR_EL2.E2H, so every call goes through the register file's by-name methods.
 */
class LayoutHandle implements RegisterHandle {
  constructor(
    private readonly rf: RegisterFile,
    readonly name: string,
  ) {}

  lo(): number {
    return Number(this.rf.read(this.name) & 0xffff_ffffn);
  }

  hi(): number {
    return Number(this.rf.read(this.name) >> 32n);
  }

  read(): bigint {
    return this.rf.read(this.name);
  }

  isUnknown(): boolean {
    return this.rf.isUnknown(this.name);
  }

  setWords(lo: number, hi: number): void {
    this.rf.set(this.name, fromWords(lo >>> 0, hi >>> 0));
  }

  set(value: bigint | typeof UNKNOWN): void {
    this.rf.set(this.name, value);
  }

  markUnknown(): void {
    this.rf.set(this.name, UNKNOWN);
  }
}
