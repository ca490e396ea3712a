// Register defaults a scenario may leave out, built by field name through the register
// file (src/sysregs declares SCR_EL3 and HCR_EL2 once, RES1 bits included; arch.md §2.1, §2.2).
import { RegisterFile } from "../../sysregs/register-file.js";

let rf: RegisterFile | undefined;
function regs(): RegisterFile {
  return (rf ??= new RegisterFile({}));
}

/** The value of `reg` with the named fields set (the rest 0, RES1 bits forced by the register file). */
export function withFields(reg: string, fields: Readonly<Record<string, bigint>>): bigint {
  const r = regs();
  r.set(reg, 0n);
  for (const [f, v] of Object.entries(fields)) r.setField(reg, f, v);
  return r.read(reg);
}

/** A field of a register value, as the register file declares it. */
export function field(reg: string, value: bigint, name: string): bigint {
  const r = regs();
  r.set(reg, value);
  return r.getField(reg, name);
}

/** SCR_EL3 as TF-A programs it for the normal world: NS, RW, and EA when firmware takes external aborts. */
export function defaultScr(firmwareFirst: boolean): bigint {
  return withFields("SCR_EL3", firmwareFirst ? { NS: 1n, RW: 1n, EA: 1n } : { NS: 1n, RW: 1n });
}

/** HCR_EL2 while a KVM guest runs (Linux vcpu_reset_hcr(): HCR_GUEST_FLAGS | TERR | TEA with RAS | E2H with VHE). */
export function defaultHcr(ras: boolean, vhe: boolean): bigint {
  const f: Record<string, bigint> = {
    VM: 1n, SWIO: 1n, PTW: 1n, FMO: 1n, IMO: 1n, AMO: 1n, FB: 1n, BSU: 1n, TWI: 1n, TWE: 1n,
    TSC: 1n, TIDCP: 1n, TACR: 1n, TSW: 1n, RW: 1n, TLOR: 1n,
  };
  if (ras) Object.assign(f, { TERR: 1n, TEA: 1n });
  if (vhe) f["E2H"] = 1n;
  return withFields("HCR_EL2", f);
}

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1n << BigInt(PAGE_SHIFT);
/** Default PCs of the consuming load (an EL0 text address, a kernel text address). */
export const DEFAULT_PC = { el0: 0x0000_aaaa_c0de_0100n, el1: 0xffff_8000_0810_2a40n } as const;

/**
 * The actors and addresses a one-question scenario (`armras kernel sea|serror`, sim/question.ts)
 * assumes: the host process that touched the line, the guest process, QEMU, the host PA of the
 * poisoned line, the QEMU HVA that maps it and the guest PA it backs (docs/kernel.md).
 */
export const DEFAULT_TASK = { comm: "app", pid: 4242 } as const;
export const GUEST_TASK = { comm: "app", pid: 1042 } as const;
/** QEMU's main thread; its vCPU 0 thread "CPU 0/KVM" is pid + 1 (World.vcpuTid()). */
export const QEMU_MAIN = { comm: "qemu-system-aar", pid: 5000 } as const;
export const DEFAULT_PA = 0x8_9abc_d000n;
export const DEFAULT_HVA = 0xffff_8a00_0000n;
export const DEFAULT_GPA = 0x4_1234_5000n;
/** Guest VA of the guest process's mapping of DEFAULT_GPA. */
export const GUEST_VA = 0x7f00_0000_0000n;
