// Decision throughput of the kernel model (do_serror, do_sea, the full guest-SEA chain), each
// beside a baseline measured in the same run: decoding the same ESRs with the ESR codec alone.
import {
  decodeSyndrome,
  doSea,
  doSerror,
  NEWEST,
  parseKernelVersion,
  type SyndromeInput,
} from "../src/kernel/index.js";
import { answerSea } from "../src/sim/index.js";
import { consume, measure, report } from "./harness.js";

const SERRORS: bigint[] = [0xbe000411n, 0xbe001811n, 0xbf000002n, 0xbe000811n, 0xbe000c11n, 0xbe000000n, 0xbe001411n, 0xbe000410n];
const SEAS: bigint[] = [0x92000410n, 0x92000010n, 0x92000014n, 0x92000018n];
const KERNELS = ["4.14", "4.19", "5.10", "6.1", "6.13", "6.18"].map(parseKernelVersion);
const N = 64;
const serrorIn: SyndromeInput[] = Array.from({ length: N }, (_, i) => decodeSyndrome(SERRORS[i % SERRORS.length]!));
const seaIn: SyndromeInput[] = Array.from({ length: N }, (_, i) => decodeSyndrome(SEAS[i % SEAS.length]!));
const TASK = { comm: "app", pid: 1 };

export default async function bench(): Promise<void> {
  const baseline = measure("ESR codec decode only (decodeSyndrome)", (n) => {
    for (let i = 0; i < n; i++) consume(decodeSyndrome(SERRORS[i & 7]!));
  }, "decodes/s");
  report("kernel", baseline);
  report(
    "kernel",
    measure("do_serror decision (6 releases, 8 syndromes)", (n) => {
      for (let i = 0; i < n; i++) consume(doSerror({ syndrome: serrorIn[i & (N - 1)]!, kernel: KERNELS[i % 6]!, ras: true, cpu: 0 }));
    }, "decisions/s"),
    baseline,
  );
  report(
    "kernel",
    measure("do_sea decision, not claimed (EL0/EL1)", (n) => {
      for (let i = 0; i < n; i++) {
        consume(
          doSea({
            syndrome: seaIn[i & (N - 1)]!,
            kernel: KERNELS[i % 6]!,
            fromUser: (i & 1) === 0,
            far: 0x1000n,
            irqsEnabled: true,
            die: { inInterrupt: false, panicOnOops: false, task: TASK },
            apei: { kind: "not-claimed" },
          }),
        );
      }
    }, "decisions/s"),
    baseline,
  );
  // One-question answers run the simulator (src/sim/question.ts): one-event scenarios.
  const SEA_ESR = 0x92000410n;
  report(
    "kernel",
    measure("do_sea firmware-first: GHES + memory_failure", (n) => {
      for (let i = 0; i < n; i++) {
        consume(answerSea({ esr: SEA_ESR, kernel: NEWEST, guestKernel: NEWEST, from: "el0", claimed: true, far: 0x1000n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false }));
      }
    }, "decisions/s"),
    baseline,
  );
  report(
    "kernel",
    measure("guest SEA chain: host GHES, KVM, QEMU, guest", (n) => {
      for (let i = 0; i < n; i++) {
        consume(answerSea({ esr: SEA_ESR, kernel: NEWEST, guestKernel: NEWEST, from: "guest", claimed: true, far: 0n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false }));
      }
    }, "chains/s"),
    baseline,
  );
}
