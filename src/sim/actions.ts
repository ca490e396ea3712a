// Carrying out the follow-on actions a kernel decision returns: signals to
// processes, the VMM and guest tasks; panics; task kills; GHES clear/ack.
import type { Actor, Decision } from "../kernel/decision.js";
import { hex } from "../arch/bits.js";
import type { World } from "./world.js";

export interface SigbusToVmm {
  readonly code: string;
  readonly addr: bigint | undefined;
  /** The vCPU thread's CPU, or undefined for the main thread. */
  readonly cpu: number | undefined;
}

/** Applies a finished kernel trace's actions; returns the SIGBUSes the VMM must now handle. */
export function applyActions(w: World, actor: Actor, d: Pick<Decision, "actions">): SigbusToVmm[] {
  const vmm: SigbusToVmm[] = [];
  w.applyPageEffects(d.actions);
  const pending = new Set<string>();
  for (const a of d.actions) {
    switch (a.kind) {
      case "panic":
        w.tr.settle(a.actor, "panic", `Kernel panic - not syncing: ${a.message}`, a.message);
        if (a.actor === "host") {
          if (w.s.guest && w.alive("guest")) w.tr.settle("guest", "killed", "the host kernel panicked: the VM is gone");
          if (w.s.vmm && w.alive("vmm")) w.tr.settle("vmm", "killed", "the host kernel panicked");
        }
        killAll(w, `${a.actor}:`, a.actor === "host" ? "the host kernel panicked" : "the guest kernel panicked");
        if (a.actor === "host") killAll(w, "guest:", "the host kernel panicked: the VM is gone");
        break;
      case "kill_task":
        w.tr.settle(taskActor(w, a.actor, a.target), "killed", `die(): ${a.how} after an oops in kernel mode`);
        break;
      case "signal": {
        // A standard signal already pending is not queued again (kernel/signal.c legacy_queue()): the first siginfo stays.
        const key = `${a.actor}:${a.signal}:${a.target}`;
        if (pending.has(key)) {
          w.tr.add("process", `${a.signal} (${a.code === 0 ? "si_code 0" : a.code}) to ${a.target} is dropped: ${a.signal} is already pending (legacy signals do not queue)`, { models: "kernel/signal.c legacy_queue()" });
          break;
        }
        pending.add(key);
        const pid = Number(a.target.slice(a.target.lastIndexOf(":") + 1));
        const sig = `${a.signal} ${a.code === 0 ? "si_code 0" : a.code}${a.addr !== undefined ? ` at ${hex(a.addr)}` : ""}${a.lsb !== undefined ? ` lsb ${a.lsb}` : ""}`;
        if (a.actor === "host" && w.s.vmm && (pid === w.s.vmm.pid || (pid > w.s.vmm.pid && pid <= w.s.vmm.pid + w.s.machine.cores))) {
          w.tr.add("process", `QEMU ${pid === w.s.vmm.pid ? "main thread" : `vCPU thread ${a.target}`} receives ${sig}`);
          if (a.signal === "SIGBUS" && (a.code === "BUS_MCEERR_AR" || a.code === "BUS_MCEERR_AO")) {
            vmm.push({ code: a.code, addr: a.addr, cpu: pid === w.s.vmm.pid ? undefined : pid - w.s.vmm.pid - 1 });
          } else {
            w.tr.add("vmm", "sigbus_handler(): not an MCEERR si_code: sigbus_reraise() — QEMU dies", { rule: "T7.Q7", models: "QEMU accel/kvm sigbus_handler()" });
            vmmDies(w, `${a.signal} (${a.code}) is not a memory-error SIGBUS: QEMU re-raises it and dies`);
          }
          break;
        }
        const actorId = taskActor(w, a.actor, a.target);
        const procs = a.actor === "host" ? w.s.host.processes : (w.s.guest?.processes ?? []);
        const p = procs.find((q) => q.pid === pid);
        if (p && p.handlesSigbus && a.signal === "SIGBUS") {
          w.tr.add("process", `${a.actor === "host" ? "" : "guest "}process ${a.target} receives ${sig}; its SIGBUS handler runs`);
          w.tr.settle(actorId, "signal", `received ${sig} and handled it`, sig);
        } else {
          w.tr.add("process", `${a.actor === "host" ? "" : "guest "}process ${a.target} receives ${sig}; no handler: terminated`);
          w.tr.settle(actorId, "killed", `killed by ${sig} (default action: terminate)`, sig);
        }
        break;
      }
      case "ghes_clear_ack": {
        const apei = a.actor === "host" ? w.hostApei : w.vmmApei;
        if (!apei) break;
        const r = apei.clear(a.source);
        const ack = apei.readAck(a.source);
        w.tr.add(a.actor === "host" ? "host" : "guest", `the ${a.actor} kernel cleared Block Status of source ${a.source}${r.acked ? " and wrote the Read Ack register (GHESv2)" : ""}`, {
          models: "src/apei ghesClearEstatus()", regs: { "Block Status": "0x0", ...(ack !== undefined ? { "Read Ack": hex(ack) } : {}) },
        });
        break;
      }
      default:
        break;
    }
  }
  return vmm;
}

function taskActor(w: World, actor: Actor, target: string): string {
  const name = target.slice(0, target.lastIndexOf(":"));
  const pid = Number(target.slice(target.lastIndexOf(":") + 1));
  const procs = actor === "host" ? w.s.host.processes : (w.s.guest?.processes ?? []);
  const p = procs.find((q) => q.pid === pid);
  return `${actor}:${p ? p.name : name}`;
}

export function vmmDies(w: World, reason: string): void {
  w.tr.settle("vmm", "killed", reason);
  if (w.s.guest && w.alive("guest")) w.tr.settle("guest", "killed", "its VMM (QEMU) exited: the VM is gone");
  killAll(w, "guest:", "its VM is gone");
}

function killAll(w: World, prefix: string, reason: string): void {
  for (const [actor, o] of w.tr.outcome) if (actor.startsWith(prefix) && (o.state === "running" || o.state === "signal")) w.tr.settle(actor, "killed", reason);
}
