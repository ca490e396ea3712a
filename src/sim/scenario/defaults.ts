// Register defaults a scenario may leave out, built from their fields (arch.md §2.1, §2.2).
import { bitField, insert, type BitField } from "../../arch/bits.js";

/** SCR_EL3 fields the simulator reads or sets (arch.md §2.2). */
export const SCR_EL3 = {
  NS: bitField("SCR_EL3.NS", 0),
  IRQ: bitField("SCR_EL3.IRQ", 1),
  FIQ: bitField("SCR_EL3.FIQ", 2),
  EA: bitField("SCR_EL3.EA", 3),
  RW: bitField("SCR_EL3.RW", 10),
} as const;

/** HCR_EL2 fields KVM sets for a guest (Linux HCR_GUEST_FLAGS, plus TERR/TEA with RAS and E2H with VHE). */
export const HCR_EL2 = {
  VM: bitField("HCR_EL2.VM", 0),
  SWIO: bitField("HCR_EL2.SWIO", 1),
  PTW: bitField("HCR_EL2.PTW", 2),
  FMO: bitField("HCR_EL2.FMO", 3),
  IMO: bitField("HCR_EL2.IMO", 4),
  AMO: bitField("HCR_EL2.AMO", 5),
  VSE: bitField("HCR_EL2.VSE", 8),
  FB: bitField("HCR_EL2.FB", 9),
  BSU: bitField("HCR_EL2.BSU", 11, 10),
  TWI: bitField("HCR_EL2.TWI", 13),
  TWE: bitField("HCR_EL2.TWE", 14),
  TSC: bitField("HCR_EL2.TSC", 19),
  TIDCP: bitField("HCR_EL2.TIDCP", 20),
  TACR: bitField("HCR_EL2.TACR", 21),
  TSW: bitField("HCR_EL2.TSW", 22),
  TGE: bitField("HCR_EL2.TGE", 27),
  RW: bitField("HCR_EL2.RW", 31),
  E2H: bitField("HCR_EL2.E2H", 34),
  TLOR: bitField("HCR_EL2.TLOR", 35),
  TERR: bitField("HCR_EL2.TERR", 36),
  TEA: bitField("HCR_EL2.TEA", 37),
} as const;

function set(value: bigint, fields: readonly BitField[]): bigint {
  return fields.reduce((v, f) => insert(v, f, 1n), value);
}

/** SCR_EL3 as TF-A programs it for the normal world: NS, RW, and EA when firmware takes external aborts. */
export function defaultScr(firmwareFirst: boolean): bigint {
  return set(0n, firmwareFirst ? [SCR_EL3.NS, SCR_EL3.RW, SCR_EL3.EA] : [SCR_EL3.NS, SCR_EL3.RW]);
}

/** HCR_EL2 while a KVM guest runs (Linux vcpu_reset_hcr(): HCR_GUEST_FLAGS | TERR | TEA with RAS | E2H with VHE). */
export function defaultHcr(ras: boolean, vhe: boolean): bigint {
  let v = set(0n, [
    HCR_EL2.VM, HCR_EL2.SWIO, HCR_EL2.PTW, HCR_EL2.FMO, HCR_EL2.IMO, HCR_EL2.AMO, HCR_EL2.FB,
    HCR_EL2.TWI, HCR_EL2.TWE, HCR_EL2.TSC, HCR_EL2.TIDCP, HCR_EL2.TACR, HCR_EL2.TSW, HCR_EL2.RW, HCR_EL2.TLOR,
  ]);
  v = insert(v, HCR_EL2.BSU, 1n); // inner shareable
  if (ras) v = set(v, [HCR_EL2.TERR, HCR_EL2.TEA]);
  if (vhe) v = set(v, [HCR_EL2.E2H]);
  return v;
}

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1n << BigInt(PAGE_SHIFT);
/** Default PCs of the consuming load (an EL0 text address, a kernel text address). */
export const DEFAULT_PC = { el0: 0x0000_aaaa_c0de_0100n, el1: 0xffff_8000_0810_2a40n } as const;
