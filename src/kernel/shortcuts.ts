// The one-question answers behind `armras kernel serror|sea`: each builds the explicit inputs of the
// decision functions from a few options and documented defaults, and follows the error through
// GHES, memory_failure, KVM, QEMU and the guest kernel where the path leads there.
import { has } from "../linux/boundaries.js";
import { Trace, type Decision } from "./decision.js";
import type { SyndromeInput } from "./esr-input.js";
import { decodeSyndrome, EC_DABT_CUR, EC_DABT_LOW, EC_IABT_CUR, EC_IABT_LOW, EC_SERROR, esrClassString } from "./esr-input.js";
import { isSeaFsc, seaFaultInfo } from "./fault-info.js";
import { configText, DEFAULT_CONFIG, ghesConfigOf, type KernelConfig } from "./config.js";
import { GhesState, apeiClaimSea, ghesProbe, runDeferred, type GhesSource } from "./ghes.js";
import type { GhesEnv } from "./ghes-do-proc.js";
import { CPER_SEV } from "./ghes-severity.js";
import { CPER_MEM_VALID_PA } from "./ghes-sections.js";
import type { GhesEstatus } from "./ghes-read.js";
import { encodeEstatus, finalizeEstatus } from "../cper/encode.js";
import { DEFAULT_SECTION_OPTIONS } from "../cper/section-api.js";
import { memoryCodec, PlatformMemoryError, type MemorySection } from "../cper/sections/memory.js";
import { NULL_GUID } from "../layout/guid.js";
import { kvmGuestSea, kvmGuestSerror, kvmHwpoisonFault, type GuestContext } from "./kvm.js";
import { hwpoisonPageFault, type Mapper, type PageInfo, type PageState, type Task } from "./memory-failure.js";
import { qemuOnSigbus } from "./qemu.js";
import { doSea, type SeaApei } from "./sea.js";
import { doSerror } from "./serror.js";
import type { KernelVersion } from "../linux/version.js";

export type From = "el0" | "el1" | "guest";

/** Default actors (documented in docs/kernel.md). */
export const DEFAULT_TASK: Task = { comm: "app", pid: 4242 };
export const GUEST_TASK: Task = { comm: "app", pid: 1042 };
export const QEMU_MAIN: Task = { comm: "qemu-system-aar", pid: 5000 };
export const QEMU_VCPU: Task = { comm: "CPU 0/KVM", pid: 5001 };
/** Host PA of the poisoned line firmware reports, the QEMU HVA and the guest PA it backs. */
export const DEFAULT_PA = 0x8_9abc_d000n;
export const DEFAULT_HVA = 0xffff_8a00_0000n;
export const DEFAULT_GPA = 0x4_1234_5000n;

export class InputError extends Error {
  override readonly name = "InputError";
}

export interface SerrorQuestion {
  readonly syndrome: SyndromeInput;
  readonly kernel: KernelVersion;
  readonly guestKernel: KernelVersion;
  readonly from: From;
  readonly ras: boolean;
  readonly cpu: number;
  /** Guest PSTATE.A clear when the vSError is injected (v6.18 emulates the entry). Default false. */
  readonly guestSerrorsUnmasked?: boolean;
}

function guestCtx(q: { guestKernel: KernelVersion; ras: boolean; guestSerrorsUnmasked?: boolean }): GuestContext {
  return { kernel: q.guestKernel, ras: q.ras, vcpu: 0, serrorsUnmasked: q.guestSerrorsUnmasked ?? false };
}

/** `armras kernel serror`: host do_serror() (EL0/EL1) or KVM's guest SError exit. */
export function answerSerror(q: SerrorQuestion): Decision {
  const s = q.syndrome;
  if (s.ec !== EC_SERROR) {
    throw new InputError(`ESR EC is 0x${s.ec.toString(16).padStart(2, "0")} (${esrClassString(s.ec)}), not 0x2f (SError): do_serror() only sees SError syndromes`);
  }
  if (q.from === "guest") {
    return kvmGuestSerror({ syndrome: s, host: q.kernel, hostRas: q.ras, cpu: q.cpu, guest: guestCtx(q) });
  }
  const t = new Trace("host");
  if (has(q.kernel, "rasSerror")) {
    const entry = q.from === "el0" ? "el0 error vector (v6.18: entry-common.c __el0_error_handler_common())" : "el1 error vector (v6.18: entry-common.c el1h_64_error_handler())";
    t.step("§1", `arch/arm64/kernel ${entry}`, `SError from ${q.from.toUpperCase()}: do_serror() decides from the ESR alone (no signal path)`);
  }
  return doSerror({ syndrome: s, kernel: q.kernel, ras: q.ras, cpu: q.cpu }, t);
}

export interface SeaQuestion {
  readonly syndrome: SyndromeInput;
  readonly kernel: KernelVersion;
  readonly guestKernel: KernelVersion;
  readonly from: From;
  readonly claimed: boolean;
  readonly far: bigint;
  readonly cpu: number;
  readonly ras: boolean;
  readonly page: PageState;
  readonly panicOnOops: boolean;
  readonly inInterrupt: boolean;
  /** EL the guest was at when it touched the page (QEMU's SEA ESR). Default 0. */
  readonly guestEl?: 0 | 1;
  /** Guest SEA only: QEMU's read_ack (1 = previous CPER acknowledged). Default 1. */
  readonly readAck?: 0 | 1;
  /** Guest SEA only: guest has GHES (virt,ras=on + ACPI). Default true. */
  readonly guestGhes?: boolean;
  /** The host kernel's build options (default DEFAULT_CONFIG). */
  readonly config?: KernelConfig;
  /** The guest kernel's build options (default DEFAULT_CONFIG). */
  readonly guestConfig?: KernelConfig;
  /** The status block firmware writes when `claimed` (default: memoryErrorEstatus of the poisoned PA). */
  readonly record?: GhesEstatus;
}

/**
 * Boot: ghes_probe() of the firmware's SEA source on this kernel and config. Returns the GHES state
 * and the sources the kernel registered; notes a firmware record the kernel will never read.
 */
function bootGhes(t: Trace, kernel: KernelVersion, cfg: KernelConfig, src: GhesSource): { state: GhesState | undefined; sources: GhesSource[] } {
  if (!cfg.ACPI_APEI_GHES) {
    if (src.estatus) t.note(`CONFIG_ACPI_APEI_GHES=n: Linux ${kernel.text} never reads the firmware's record (${configText(cfg)})`);
    return { state: undefined, sources: [] };
  }
  // Without a record, the boot-time probe says nothing the answer needs (a firmware without SEA records need not list an SEA source).
  if (!src.estatus) return { state: new GhesState(), sources: [src] };
  const registered = ghesProbe(t, src, ghesConfigOf(cfg), kernel).registered;
  if (!registered && src.estatus) {
    t.note(`firmware-first claim: the firmware's record sits in SEA source ${src.id}, which Linux ${kernel.text} does not register (see the ghes_probe() line, printed at boot): it is never read and nothing can claim the SEA; the answer is the kernel's real behaviour`);
  }
  return { state: new GhesState(), sources: registered ? [src] : [] };
}

/** The record firmware (or QEMU) writes for a consumed poisoned line: recoverable memory error with PA (and type 0 valid). */
export function memoryErrorEstatus(pa: bigint): Uint8Array {
  const zero = memoryCodec.decode(new Uint8Array(PlatformMemoryError.size), DEFAULT_SECTION_OPTIONS);
  if (!zero.ok) throw new Error(zero.error.message);
  const value: MemorySection = { ...zero.value, fields: { ...zero.value.fields, ValidationBits: BigInt(CPER_MEM_VALID_PA | 0x4000), PhysicalAddress: pa } };
  const block = { BlockStatus: 1, RawDataOffset: 0, RawDataLength: 0, DataLength: 0, ErrorSeverity: CPER_SEV.RECOVERABLE };
  const entry = { SectionType: memoryCodec.guid, ErrorSeverity: CPER_SEV.RECOVERABLE, Revision: 0x300, ValidationBits: 0, Flags: 0, ErrorDataLength: 0, FruId: NULL_GUID, FruText: "" };
  return encodeEstatus(finalizeEstatus({ framing: "estatus", block, entries: [{ entry, section: { guid: memoryCodec.guid, codec: memoryCodec.key, value } }], extra: [] }));
}

/** One GHESv2 SEA source holding `estatus` (or nothing pending). */
export function seaSource(id: number, estatus: Uint8Array | null): GhesSource {
  return { id, notify: "SEA", hestType: 10, addressReadable: true, address: 0x9000_0000n + BigInt(id) * 0x1000n, estatus };
}

function ghesEnv(kernel: KernelVersion, pa: bigint, page: PageInfo, current: Task & { mm: boolean }, cfg: KernelConfig): GhesEnv {
  const pfn = pa >> 12n;
  return {
    kernel,
    mf: { kernel, recovery: true, earlyKillSysctl: false },
    page: (p) => (p === pfn ? page : undefined),
    current,
    panicTimeout: 0,
    memoryFailureConfig: cfg.MEMORY_FAILURE,
  };
}

function checkSea(q: SeaQuestion): void {
  const s = q.syndrome;
  const want = q.from === "el1" ? [EC_DABT_CUR, EC_IABT_CUR] : [EC_DABT_LOW, EC_IABT_LOW];
  if (!want.includes(s.ec)) {
    const ecs = want.map((e) => `0x${e.toString(16)} ${esrClassString(e)}`).join(" or ");
    throw new InputError(`ESR EC is 0x${s.ec.toString(16).padStart(2, "0")} (${esrClassString(s.ec)}); an abort ${q.from === "guest" ? "from a guest (stage 2, taken to EL2)" : `from ${q.from.toUpperCase()}`} has EC ${ecs}`);
  }
  if (!isSeaFsc(s.fsc)) {
    throw new InputError(`FSC 0x${s.fsc.toString(16).padStart(2, "0")} is not a synchronous external abort (SEA FSCs: 0x10, 0x13-0x18, 0x1b-0x1f)`);
  }
}

/** `armras kernel sea`: host do_sea() from EL0/EL1, or a guest's stage-2 SEA through KVM, QEMU and the guest kernel. */
export function answerSea(q: SeaQuestion): Decision {
  checkSea(q);
  if (q.from === "guest" && !has(q.kernel, "ghesSeaNotify")) {
    throw new InputError(`--from guest: KVM's handling of a guest SEA on a Linux ${q.kernel.text} host (before ghes_notify_sea(), 4.13) is not modelled`);
  }
  return q.from === "guest" ? guestSea(q) : hostSea(q);
}

function hostSea(q: SeaQuestion): Decision {
  const t = new Trace("host");
  const user = q.from === "el0";
  const task = DEFAULT_TASK;
  const mapper: Mapper = { ...task, va: q.far & ~0xfffn, earlyKill: false, isCurrent: true };
  const page: PageInfo = { state: q.page, mappers: [mapper] };
  const cfg = q.config ?? DEFAULT_CONFIG;
  const env = ghesEnv(q.kernel, DEFAULT_PA, page, { ...task, mm: true }, cfg);
  const boot = bootGhes(t, q.kernel, cfg, seaSource(0, q.claimed ? (q.record?.bytes ?? memoryErrorEstatus(DEFAULT_PA)) : null));
  const apei: SeaApei = { kind: "ghes", env, state: boot.state, sources: boot.sources, now: 0 };
  const fn = seaFaultInfo(q.kernel, q.syndrome.fsc)?.fn ?? "do_sea";
  t.step("§1", "arch/arm64/mm/fault.c do_mem_abort()", `fault_info[FSC 0x${q.syndrome.fsc.toString(16)}] → ${fn}() (${user ? "user" : "kernel"} mode)`);
  doSea({ syndrome: q.syndrome, kernel: q.kernel, fromUser: user, far: q.far, irqsEnabled: true, die: { inInterrupt: q.inInterrupt, panicOnOops: q.panicOnOops, task, preempt: cfg.PREEMPT }, apei }, t);
  // A claimed user SEA whose memory_failure() signalled nobody (late kill, flags 0): the task
  // re-executes the access and faults on the unmapped PG_hwpoison page (T5 row 7, fault.c).
  const poisonedUnmapped = t.actions.some((a) => a.kind === "memory_failure") && ["dirty-lru", "huge"].includes(q.page);
  const signalled = t.actions.some((a) => a.kind === "signal" && a.target === `${task.comm}:${task.pid}`);
  if (user && poisonedUnmapped && !signalled && t.outcome.host !== "panic") {
    t.step("T5.7", "arch/arm64/mm/fault.c do_page_fault()", "the task re-executes the access; its mapping was unmapped by memory_failure() (hwpoison swap entry)");
    hwpoisonPageFault(t, task, q.far, q.page === "huge" ? 21 : 12);
  }
  return t.finish();
}

function guestSea(q: SeaQuestion): Decision {
  const t = new Trace("host");
  const guest = guestCtx(q);
  const qemu: Mapper = { ...QEMU_MAIN, va: DEFAULT_HVA, earlyKill: true, isCurrent: true, currentThread: QEMU_VCPU };
  const hostPage: PageInfo = { state: q.page, mappers: [qemu] };
  const cfg = q.config ?? DEFAULT_CONFIG;
  const env = ghesEnv(q.kernel, DEFAULT_PA, hostPage, { ...QEMU_VCPU, mm: true }, cfg);
  const boot = bootGhes(t, q.kernel, cfg, seaSource(0, q.claimed ? (q.record?.bytes ?? memoryErrorEstatus(DEFAULT_PA)) : null));
  t.step("§7.4", "arch/arm64/kvm/mmu.c kvm_handle_guest_abort()", `stage-2 abort with SEA-class FSC 0x${q.syndrome.fsc.toString(16)} (kvm_vcpu_abt_issea)`);
  const claim = apeiClaimSea(t, env, boot.state, boot.sources, 0, true);
  if (t.outcome.host === "panic") return t.finish();
  kvmGuestSea(t, { syndrome: q.syndrome, host: q.kernel, hostRas: q.ras, claimRc: claim.rc, guest });
  runDeferred(t, env, claim.deferred, "before re-entering the guest (task_work on the vCPU thread's return to user): deferred memory_failure() runs");
  if (claim.rc !== 0) return t.finish();
  // Which SIGBUS did the VMM get? AR to the vCPU thread (L/M), or AO to the main thread (E) and then
  // the guest re-runs, takes a stage-2 fault on the PG_hwpoison page (K9) and the vCPU thread gets AR.
  const sigs = t.actions.filter((a) => a.kind === "signal" && a.signal === "SIGBUS");
  for (const a of sigs) {
    if (a.kind !== "signal") continue;
    if (a.code === "BUS_MCEERR_AO") {
      qemuOnSigbus(t, { code: "BUS_MCEERR_AO", addr: DEFAULT_HVA, ghesPresent: q.guestGhes ?? true, gpa: DEFAULT_GPA, readAck: q.readAck ?? 1, guestEl: q.guestEl ?? 0 });
    }
  }
  const poisoned = t.actions.some((a) => a.kind === "memory_failure") && ["dirty-lru", "huge", "clean-lru", "hwpoisoned"].includes(q.page);
  let ar = sigs.find((a) => a.kind === "signal" && a.code === "BUS_MCEERR_AR");
  if (!ar && poisoned) {
    t.step("T6.K9", "arch/arm64/kvm/mmu.c user_mem_abort()", "the guest re-executes the access; stage 2 was unmapped by memory_failure() and the pfn is PG_hwpoison");
    kvmHwpoisonFault(t, QEMU_VCPU, DEFAULT_HVA);
    ar = t.actions[t.actions.length - 1];
  }
  if (!ar || ar.kind !== "signal") return t.finish();
  if (ar.code !== "BUS_MCEERR_AR") return t.finish();
  const r = qemuOnSigbus(t, { code: "BUS_MCEERR_AR", addr: DEFAULT_HVA, ghesPresent: q.guestGhes ?? true, gpa: DEFAULT_GPA, readAck: q.readAck ?? 1, guestEl: q.guestEl ?? 0 });
  if (r.kind !== "sea-injected") return t.finish();
  // The guest kernel takes the SEA with QEMU's CPER in its SEA GHES source.
  const guestTask = GUEST_TASK;
  const gPage: PageInfo = { state: "dirty-lru", mappers: [{ ...guestTask, va: 0x7f00_0000_0000n, earlyKill: false, isCurrent: true }] };
  const gCfg = q.guestConfig ?? DEFAULT_CONFIG;
  const gEnv = ghesEnv(q.guestKernel, DEFAULT_GPA, gPage, { ...guestTask, mm: (q.guestEl ?? 0) === 0 }, gCfg);
  const gt = new Trace("guest");
  const gBoot = bootGhes(gt, q.guestKernel, gCfg, seaSource(0, memoryErrorEstatus(DEFAULT_GPA)));
  const gs = decodeSyndrome(r.esr);
  doSea(
    {
      syndrome: gs,
      kernel: q.guestKernel,
      fromUser: (q.guestEl ?? 0) === 0,
      far: 0n,
      irqsEnabled: true,
      die: { inInterrupt: false, panicOnOops: false, task: guestTask, preempt: gCfg.PREEMPT },
      apei: { kind: "ghes", env: gEnv, state: gBoot.state, sources: gBoot.sources, now: 0 },
      actor: "guest",
    },
    gt,
  );
  t.absorb(gt.finish());
  return t.finish();
}
