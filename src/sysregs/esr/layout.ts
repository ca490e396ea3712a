// ESR_ELx top-level layout, declared once (Arm ARM D17.2.37 ESR_EL1; arch.md §1.1).
//   ISS2[55:32]  (FEAT_LS64 and later; RES0 in Armv8.2, decode-only here)
//   EC[31:26], IL[25], ISS[24:0]
import { bitField, type BitField } from "../../arch/bits.js";

export const ESR_ISS2: BitField = bitField("ISS2", 55, 32);
export const ESR_EC: BitField = bitField("EC", 31, 26);
export const ESR_IL: BitField = bitField("IL", 25);
export const ESR_ISS: BitField = bitField("ISS", 24, 0);
/** Bits [63:56]: RES0 in every architecture version modelled here. */
export const ESR_RES0_HI: BitField = bitField("RES0", 63, 56);

/** Top-level fields, most significant first. */
export const ESR_FIELDS: readonly BitField[] = [ESR_ISS2, ESR_EC, ESR_IL, ESR_ISS];

export const ISS_MASK = 0x01ff_ffff;
