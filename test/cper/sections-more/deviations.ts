// Where our JSON deliberately differs from libcper's for the corpus examples.
// Each entry names the JSON path, libcper's value, ours, and why; the oracle
// test applies "ours" to libcper's JSON before comparing, and deviations.test.ts
// asserts both values on their own. Register values are read from the example
// bytes (libcper_pcie.bin: Link Capabilities 2 = 0x43fe1a02, Link Control 2 =
// 0xfafb, Link Status 2 = 0x3aaa, AER Root Error Status = 0x2464703b).

export interface Deviation {
  readonly record: string;
  readonly path: readonly string[];
  readonly libcper: unknown;
  readonly ours: unknown;
  readonly reason: string;
}

const LCAP2 = "PCIe 6.0 §7.5.3.18 Link Capabilities 2: Supported Link Speeds Vector is bits 7:1, Lower SKP OS Generation 15:9, Reception 22:16, Two Retimers Presence Detect Supported bit 24";
const LCTL2 = "PCIe 6.0 §7.5.3.19 Link Control 2: Transmit Margin is bits 9:7, Compliance Preset/De-emphasis 15:12";
const LSTA2 = "PCIe 6.0 §7.5.3.20 Link Status 2: bit 0 Current De-emphasis Level, 1..5 equalization, 6/7 retimers, 9:8 crosslink, 10 Flit Mode, 14:12 Downstream Component Presence, 15 DRS Message Received";
const ROOT = "PCIe 6.0 §7.8.4.10 Root Error Status: Advanced Error Interrupt Message Number is bits 31:27";

const cap = (reg: string, key: string): string[] => ["capabilityStructure", reg, key];

export const DEVIATIONS: readonly Deviation[] = [
  { record: "libcper_pcie", path: cap("link_capabilities2", "supported_link_speeds"), libcper: 26, ours: 0x43fe1a02 >>> 1 & 0x7f, reason: LCAP2 },
  { record: "libcper_pcie", path: cap("link_capabilities2", "lower_skp_os_generation_supported"), libcper: 125, ours: (0x43fe1a02 >>> 9) & 0x7f, reason: LCAP2 },
  { record: "libcper_pcie", path: cap("link_capabilities2", "lower_skp_os_reception_supported"), libcper: 42, ours: (0x43fe1a02 >>> 16) & 0x7f, reason: LCAP2 },
  { record: "libcper_pcie", path: cap("link_capabilities2", "two_retimers_presence_detect_supported"), libcper: "NotSupported", ours: "Supported", reason: LCAP2 },
  { record: "libcper_pcie", path: cap("link_control2", "transmit_margin"), libcper: 3, ours: (0xfafb >>> 7) & 7, reason: LCTL2 },
  { record: "libcper_pcie", path: cap("link_control2", "compliance_preset_de_emphasis"), libcper: 2, ours: 0xfafb >>> 12, reason: LCTL2 },
  { record: "libcper_pcie", path: cap("link_status2", "current_de_emphasis_level"), libcper: 1, ours: 0x3aaa & 1, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "equalization_8gts_complete"), libcper: false, ours: true, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "equalization_8gts_phase2_successful"), libcper: false, ours: true, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "equalization_8gts_phase3_successful"), libcper: true, ours: false, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "link_equalization_request_8gts"), libcper: false, ours: true, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "retimer_presence_detected"), libcper: true, ours: false, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "flit_mode_status"), libcper: 1, ours: (0x3aaa >>> 10) & 1, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "downstream_component_presence"), libcper: 6, ours: (0x3aaa >>> 12) & 7, reason: LSTA2 },
  { record: "libcper_pcie", path: cap("link_status2", "drs_message_received"), libcper: true, ours: false, reason: LSTA2 },
  { record: "libcper_pcie", path: ["aerInfo", "root_error_status", "advanced_error_interrupt_message_number"], libcper: 18, ours: 0x2464703b >>> 27, reason: ROOT },
];

export function getPath(o: unknown, path: readonly string[]): unknown {
  let x = o;
  for (const k of path) x = (x as Record<string, unknown>)[k];
  return x;
}

export function setPath(o: unknown, path: readonly string[], v: unknown): void {
  let x = o as Record<string, unknown>;
  for (const k of path.slice(0, -1)) x = x[k] as Record<string, unknown>;
  x[path[path.length - 1]!] = v;
}

/** libcper's section JSON with our deliberate deviations applied. */
export function applyDeviations(record: string, libcperSection: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(libcperSection);
  for (const d of DEVIATIONS) if (d.record === record) setPath(copy, d.path, d.ours);
  return copy;
}
