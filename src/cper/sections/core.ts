// Section codecs owned by the CPER core: Processor Generic, ARM processor, Arm RAS node,
// Platform Memory, Memory 2, Ampere Altra vendor section, libcper's Ampere error section.
import type { SectionCodec } from "../section-api.js";
import { armCodec } from "./arm.js";
import { memoryCodec } from "./memory.js";
import { memory2Codec } from "./memory2.js";
import { genericCodec } from "./generic.js";
import { armRasCodec } from "./arm-ras.js";
import { ampereCodec } from "./ampere.js";
import { ampereErrorCodec } from "./ampere-error.js";

export const CORE_SECTIONS: readonly SectionCodec<any>[] = [genericCodec, armCodec, armRasCodec, memoryCodec, memory2Codec, ampereCodec, ampereErrorCodec];
