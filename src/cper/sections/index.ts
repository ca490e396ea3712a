// Every built-in section codec. The registry (../registry.ts) is built from this list.
import type { SectionCodec } from "../section-api.js";
import { CORE_SECTIONS } from "./core.js";
import { MORE_SECTIONS } from "./more.js";

export const BUILTIN_SECTIONS: readonly SectionCodec<any>[] = [...CORE_SECTIONS, ...MORE_SECTIONS];
