// Adapter: every syndrome the simulator raises is encoded by the ESR codec
// (src/sysregs/esr encode(), named ISS fields of the Arm ARM layouts).
import { encode } from "../../sysregs/esr/index.js";
import { EC_DABT_CUR, EC_DABT_LOW, EC_SERROR } from "../../kernel/esr-input.js";

/** The EC values the simulator raises (Arm ARM D17.2.37 ESR_ELx.EC), from the one EC table (src/sysregs/esr/ec-table.ts). */
export const EC = { DABT_LOWER: EC_DABT_LOW, DABT_CURRENT: EC_DABT_CUR, SERROR: EC_SERROR } as const;
/** DFSC values (arch.md §1.5). */
export const DFSC = { SEA: 0x10, SERROR: 0x11, TRANSLATION_L3: 0x07 } as const;
/** ESR_ELx.AET encodings (arch.md §1.4; Linux asm/esr.h), as src/kernel declares them. */
export { AET as AET_BITS } from "../../kernel/serror.js";
import { AET as AET_BITS } from "../../kernel/serror.js";

/** SError syndrome with IDS=0, DFSC=0x11 and the given AET (arch.md §4.3). */
export function serrorEsr(aet: keyof typeof AET_BITS): bigint {
  return encode({ ec: EC.SERROR, fields: { IDS: 0, AET: AET_BITS[aet], DFSC: DFSC.SERROR } });
}

/** A synchronous external abort on a data access (DFSC 0x10): lower-EL EC 0x24 or same-EL 0x25, FnV as given. */
export function seaEsr(lower: boolean, fnv: boolean): bigint {
  return encode({ ec: lower ? EC.DABT_LOWER : EC.DABT_CURRENT, fields: { ISV: 0, FnV: fnv ? 1 : 0, DFSC: DFSC.SEA } });
}

/** A level-3 translation fault on a data access from a lower EL (the hwpoison PTE / removed stage-2 mapping). */
export function translationFaultEsr(): bigint {
  return encode({ ec: EC.DABT_LOWER, fields: { ISV: 0, DFSC: DFSC.TRANSLATION_L3 } });
}
