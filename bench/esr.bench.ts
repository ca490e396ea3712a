// ESR decode and validation throughput, beside a naive BigInt baseline measured in the same run.
// Target (issue 2): decode and validate at least 5 M values/s each.
import { toWords } from "../src/arch/bits.js";
import { checkDecoded, checkWords, decode, decodeWords, LAYOUTS, ecInfo, caseOf } from "../src/sysregs/esr/index.js";
import { consume, measure, report } from "./harness.js";

const SAMPLES: bigint[] = [
  0x96000004n, 0x96000044n, 0x92000006n, 0x86000004n, 0x82001e10n, 0x96000410n, 0x96000210n, 0xbe000411n,
  0xbe001811n, 0xbf000002n, 0x62341409n, 0xf2000800n, 0x56000000n, 0x5a001234n, 0x1fe00000n, 0x93818047n,
];
const N = 1024;
const values: bigint[] = Array.from({ length: N }, (_, i) => SAMPLES[i % SAMPLES.length]!);
const words = new Uint32Array(N * 2);
values.forEach((v, i) => {
  const [lo, hi] = toWords(v);
  words[2 * i] = lo;
  words[2 * i + 1] = hi;
});

/** Baseline: decode to named fields with plain BigInt shifts and masks built per call. */
function naiveDecode(v: bigint): Record<string, bigint> {
  const ec = Number((v >> 26n) & ((1n << 6n) - 1n));
  const out: Record<string, bigint> = { EC: BigInt(ec), IL: (v >> 25n) & 1n };
  const info = ecInfo(ec);
  const layout = LAYOUTS[info.layout];
  const c = caseOf(layout, Number(v & 0x1ffffffn));
  for (const f of c.fields) out[f.name] = (v >> BigInt(f.lsb)) & ((1n << BigInt(f.bits.width)) - 1n);
  return out;
}

export default async function bench(): Promise<void> {
  const opts = { el: 1 } as const;
  const baseline = measure("naive BigInt decode (masks per call)", (n) => {
    for (let i = 0; i < n; i++) consume(naiveDecode(values[i & (N - 1)]!));
  });
  report("esr", baseline);
  report(
    "esr",
    measure("decode(bigint) -> named fields", (n) => {
      for (let i = 0; i < n; i++) consume(decode(values[i & (N - 1)]!));
    }),
    baseline,
    5e6,
  );
  report(
    "esr",
    measure("decodeWords(lo, hi) -> named fields", (n) => {
      for (let i = 0; i < n; i++) {
        const j = (i & (N - 1)) * 2;
        consume(decodeWords(words[j]!, words[j + 1]!));
      }
    }),
    baseline,
    5e6,
  );
  report(
    "esr",
    measure("validate: checkWords(lo, hi, {el:1})", (n) => {
      for (let i = 0; i < n; i++) {
        const j = (i & (N - 1)) * 2;
        consume(checkWords(words[j]!, words[j + 1]!, opts));
      }
    }),
    baseline,
    5e6,
  );
  report(
    "esr",
    measure("decode(bigint) + checkDecoded", (n) => {
      for (let i = 0; i < n; i++) consume(checkDecoded(decode(values[i & (N - 1)]!), opts));
    }),
    baseline,
    5e6,
  );
}
