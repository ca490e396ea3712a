// Reading the guest's serial console: kernel lines with their timestamps, and the probe's
// "ARMRAS …" reports (guest-probe.ts) that bracket each case. Pure text in, observations out.

export interface ConsoleLine {
  /** Guest uptime in ms (the printk timestamp); undefined for lines without one (firmware). */
  readonly ms?: number;
  readonly text: string;
}

export interface HestFound {
  readonly sourceId: number;
  readonly errorBlockLength: number;
  readonly statusAddressRegister: bigint;
  readonly block: bigint;
  readonly readAck: bigint;
  readonly readAckPreserve: bigint;
  readonly readAckWrite: bigint;
  /** The HEST as the guest read it (/sys/firmware/acpi/tables/HEST). */
  readonly bytes: Uint8Array;
}

export interface CaseObservation {
  readonly n: number;
  /** Kernel lines between the case's markers, timestamps removed, in order (the probe's own lines left out). */
  readonly lines: readonly string[];
  /** Guest uptime (ms) when the block was written. */
  readonly atMs: number;
  /** The triggering process, and the user VA its load used (the /dev/mem mapping). */
  readonly pid?: number;
  readonly loadVa?: bigint;
  /** Signal number (7 = SIGBUS), si_code, si_addr; undefined when the process got none (or the kernel panicked). */
  readonly signal?: { readonly signo: number; readonly code: number; readonly addr: bigint };
  /** Block Status and the read-ack register read back after the case. */
  readonly blockStatusAfter?: number;
  readonly readAckAfter?: bigint;
  /** HardwareCorrupted (kB) before and after. */
  readonly hwCorruptedBefore?: number;
  readonly hwCorruptedAfter?: number;
  /** PA fields the probe replaced by a free page: byte offset → new PA. */
  readonly patches: readonly { readonly offset: number; readonly pa: bigint }[];
  /** /proc/kpageflags of the pages the block names, before the case. */
  readonly pages: readonly { readonly pa: bigint; readonly flags: bigint }[];
  readonly panicked: boolean;
  /** The probe could not run the case (its message). */
  readonly error?: string;
}

/** A range of memory the kernel's memblock holds (the boot's "Early memory node ranges"). */
export interface MemoryRange {
  readonly start: bigint;
  /** Inclusive. */
  readonly end: bigint;
}

export interface BootObservation {
  /** uname -r, uname -v of the running kernel. */
  readonly release: string;
  readonly version: string;
  readonly bootMs?: number;
  readonly hest?: HestFound;
  /** The "Early memory node ranges" the kernel printed (pfn_valid() and online sections derive from them). */
  readonly memory: readonly MemoryRange[];
  readonly hestError?: string;
  readonly cases: readonly CaseObservation[];
  /** The guest reached the end of its case list (powered off cleanly). */
  readonly finished: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g;
const STAMPED = /^\[\s*(\d+)\.(\d{6})\] ?(.*)$/;

/** Splits the raw console into lines (CR/LF, firmware escape codes removed), with printk timestamps. */
export function consoleLines(raw: string): ConsoleLine[] {
  const out: ConsoleLine[] = [];
  for (const l of raw.replace(ANSI, "").split(/\r?\n|\r/)) {
    const m = STAMPED.exec(l);
    if (m) out.push({ ms: Number(m[1]) * 1000 + Number(m[2]) / 1000, text: m[3]!.replace(/\s+$/, (s) => s.replace(/[^ ]/g, "")) });
    else if (l.length > 0) out.push({ text: l });
  }
  return out;
}

const big = (s: string): bigint => BigInt(s);

interface Open {
  n: number;
  atMs: number;
  lines: string[];
  patches: { offset: number; pa: bigint }[];
  pages: { pa: bigint; flags: bigint }[];
  pid?: number;
  loadVa?: bigint;
}

/** The observations of one boot, from its console text. */
export function parseConsole(raw: string): BootObservation {
  const lines = consoleLines(raw);
  let release = "";
  let version = "";
  let bootMs: number | undefined;
  let hest: HestFound | undefined;
  let hestError: string | undefined;
  const hestHex: string[] = [];
  let hestJson: Record<string, string | number> | undefined;
  const cases: CaseObservation[] = [];
  const pre = new Map<number, { patches: { offset: number; pa: bigint }[]; pages: { pa: bigint; flags: bigint }[] }>();
  let open: Open | undefined;
  let finished = false;
  let panicked = false;
  const memory: MemoryRange[] = [];
  const prep = (n: number) => {
    let p = pre.get(n);
    if (!p) pre.set(n, (p = { patches: [], pages: [] }));
    return p;
  };
  for (const l of lines) {
    if (l.ms === undefined) continue;
    const t = l.text;
    const a = /^ARMRAS (\S+) ?(.*)$/.exec(t);
    if (!a) {
      const mr = /^\s*node\s+\d+: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]/.exec(t);
      if (mr && !release) memory.push({ start: big(mr[1]!), end: big(mr[2]!) });
      if (/^Kernel panic - not syncing/.test(t)) panicked = true;
      if (open) open.lines.push(t);
      continue;
    }
    const [, tag, rest = ""] = a;
    const num = Number(rest.split(" ")[0]);
    switch (tag) {
      case "BOOTED": {
        const [r = "", v = ""] = rest.split(" | ");
        release = r.trim();
        version = v.trim();
        bootMs = l.ms;
        break;
      }
      case "HEST":
        hestJson = JSON.parse(rest) as Record<string, string | number>;
        break;
      case "HESTHEX":
        hestHex.push(rest.split(" ")[1] ?? "");
        break;
      case "ERROR":
        hestError = rest;
        break;
      case "PATCH": {
        const [, off = "0", pa = "0"] = rest.split(" ");
        prep(num).patches.push({ offset: Number(off), pa: big(pa) });
        break;
      }
      case "PAGE": {
        const [, pa = "0", flags = "0"] = rest.split(" ");
        prep(num).pages.push({ pa: big(pa), flags: big(flags) });
        break;
      }
      case "CASE-BEGIN":
        open = { n: num, atMs: l.ms, lines: [], ...prep(num) };
        break;
      case "LOAD":
        if (open) {
          open.pid = Number(rest.split(" ")[1]);
          open.loadVa = big(rest.split(" ")[2] ?? "0");
        }
        break;
      case "RESULT": {
        const body = JSON.parse(rest.slice(rest.indexOf("{"))) as Record<string, string | number>;
        const c = open && open.n === num ? open : { n: num, atMs: l.ms, lines: [], ...prep(num) };
        if (typeof body.error === "string") {
          cases.push({ n: num, lines: c.lines, atMs: c.atMs, patches: c.patches, pages: c.pages, panicked: false, error: body.error });
        } else {
          const signo = Number(body.signal);
          cases.push({
            n: num,
            lines: c.lines,
            atMs: c.atMs,
            pid: Number(body.pid),
            ...(c.loadVa !== undefined ? { loadVa: c.loadVa } : {}),
            ...(signo ? { signal: { signo, code: Number(body.siCode), addr: big(String(body.siAddr)) } } : {}),
            blockStatusAfter: Number(body.blockStatus),
            readAckAfter: big(String(body.readAck)),
            hwCorruptedBefore: Number(body.hwCorruptedBefore),
            hwCorruptedAfter: Number(body.hwCorrupted),
            patches: c.patches,
            pages: c.pages,
            panicked: false,
          });
        }
        open = undefined;
        break;
      }
      case "DONE":
        finished = true;
        break;
    }
  }
  if (open) cases.push({ n: open.n, lines: open.lines, atMs: open.atMs, ...(open.pid !== undefined ? { pid: open.pid } : {}), ...(open.loadVa !== undefined ? { loadVa: open.loadVa } : {}), patches: open.patches, pages: open.pages, panicked });
  if (hestJson) {
    hest = {
      sourceId: Number(hestJson.sourceId),
      errorBlockLength: Number(hestJson.errorBlockLength),
      statusAddressRegister: big(String(hestJson.statusAddressRegister)),
      block: big(String(hestJson.block)),
      readAck: big(String(hestJson.readAck)),
      readAckPreserve: big(String(hestJson.readAckPreserve)),
      readAckWrite: big(String(hestJson.readAckWrite)),
      bytes: Buffer.from(hestHex.join(""), "hex"),
    };
  }
  return { release, version, memory, ...(bootMs !== undefined ? { bootMs } : {}), ...(hest ? { hest } : {}), ...(hestError ? { hestError } : {}), cases, finished };
}
