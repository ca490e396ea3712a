// Moved: the flat and lengthed bodies to body.ts, the codec wrapper to libcper-codec.ts (kept until
// the last branch that imports this file is merged).
export { decodeFlat, encodeFlat, locateFlat, lintFlat, decodeLengthed, encodeLengthed, type Flat, type Lengthed } from "./body.js";
export { libcperCodec as moreCodec, type LibcperCodec as MoreCodec, type LibcperCodecSpec as MoreCodecSpec } from "./libcper-codec.js";
export { EXTRA_KEY } from "../armras-patch.js";
