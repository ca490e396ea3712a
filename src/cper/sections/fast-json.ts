// A codec's JSON without the "_armras" byte-exactness check when a cheap
// predicate proves libcper's keys already carry every byte (the common case);
// otherwise the full check (encode, rebuild from JSON, diff) runs.
import type { SectionDecodeOptions } from "../section-api.js";
import type { MoreCodec } from "./more-codec.js";

export function withFastJson<T>(c: MoreCodec<T>, lossless: (v: T, opts: SectionDecodeOptions) => boolean): MoreCodec<T> {
  return { ...c, toJson: (v, opts) => (lossless(v, opts) ? c.toLibcperJson(v, opts) : c.toJson(v, opts)) };
}

/** The codec with a value-dependent libcper "message". */
export function withMessage<T>(c: MoreCodec<T>, messageOf: (v: T, opts: SectionDecodeOptions) => string): MoreCodec<T> {
  return { ...c, messageOf };
}
