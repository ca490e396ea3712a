// Register fields of the two structures a PCIe Error Section embeds, laid out
// per the PCI Express Base Specification 6.0 and named with libcper's JSON keys:
//  - the 60-byte PCI Express Capability Structure (§7.5.3), and
//  - the 96-byte AER Extended Capability (§7.8.4).
// Each register is declared once: (JSON key, lsb, width, how libcper prints it).

import { u32At } from "../../arch/bits.js";
import { membersOf, type JsonOut } from "../json/writer.js";

export type Style =
  | "num" // a number
  | "bool" // true/false
  | "en" // "Enabled"/"Disabled"
  | "sup" // "Supported"/"NotSupported" (any non-zero value is "Supported")
  | "raw" // {"raw": n}
  | "sev" // "Fatal"/"NonFatal"
  | "pass"; // "Passing"/"Failed" (libcper's words for Device Capabilities 2 bit 10)

export interface RegField {
  readonly key: string;
  readonly lsb: number;
  readonly width: number;
  readonly style: Style;
  readonly names?: Readonly<Record<number, string>>;
}
export interface Register {
  readonly key: string;
  readonly at: number;
  readonly size: 2 | 4;
  readonly fields: readonly RegField[];
}

const f = (key: string, msb: number, lsb: number, style: Style = "num", names?: Readonly<Record<number, string>>): RegField => ({
  key,
  lsb,
  width: msb - lsb + 1,
  style,
  ...(names ? { names } : {}),
});

// libcper's names for the Device/Port Type (only 5 is confirmed by its example).
// PCI Express Capabilities register bits 7:4 (PCIe 6.0 §7.5.3.2), in libcper's spellings
// (device_port_type_dict). libcper indexes that list by the raw value without the gaps at 2-3,
// so its names for raw >= 2 are shifted (its README defect 3); these are the spec's encodings.
export const DEVICE_PORT_TYPES: Readonly<Record<number, string>> = {
  0: "PCIE",
  1: "PCI",
  4: "ROOT_PORT",
  5: "UPSTREAM",
  6: "DOWNSTREAM",
  7: "PCIE_PCI_BRIDGE",
  8: "PCI_PCIE_BRIDGE",
  9: "RCiEP",
  10: "RCEC",
};

export const CAPABILITY_REGISTERS: readonly Register[] = [
  { key: "pcie_capability_header", at: 0, size: 2, fields: [f("capability_id", 7, 0, "raw"), f("next_capability_pointer", 15, 8)] },
  {
    key: "pcie_capabilities",
    at: 2,
    size: 2,
    fields: [f("capability_version", 3, 0), f("device_port_type", 7, 4, "raw", DEVICE_PORT_TYPES), f("slot_implemented", 8, 8, "bool"), f("interrupt_message_number", 13, 9), f("flit_mode_supported", 15, 15, "sup")],
  },
  {
    key: "device_capabilities",
    at: 4,
    size: 4,
    fields: [
      f("max_payload_size_supported", 2, 0),
      f("phantom_functions_supported", 4, 3, "sup"),
      f("extended_tag_field_supported", 5, 5, "sup"),
      f("endpoint_l0s_acceptable_latency", 8, 6, "raw"),
      f("endpoint_l1_acceptable_latency", 11, 9, "raw"),
      f("role_based_error_reporting", 15, 15, "bool"),
      f("err_cor_subclass_capable", 16, 16, "bool"),
      f("rx_mps_fixed", 17, 17),
      f("captured_slot_power_limit_value", 25, 18),
      f("captured_slot_power_limit_scale", 27, 26),
      f("function_level_reset_capability_supported", 28, 28, "sup"),
      f("mixed_mps_supported", 29, 29, "sup"),
      f("tee_io_supported", 30, 30, "sup"),
    ],
  },
  {
    key: "device_control",
    at: 8,
    size: 2,
    fields: [
      f("correctable_error_reporting_enable", 0, 0, "en"),
      f("non_fatal_error_reporting_enable", 1, 1, "en"),
      f("fatal_error_reporting_enable", 2, 2, "en"),
      f("unsupported_request_reporting_enabled", 3, 3, "en"),
      f("relaxed_ordering_enable", 4, 4, "en"),
      f("max_payload_size", 7, 5),
      f("extended_tag_field_enable", 8, 8, "en"),
      f("phantom_functions_enable", 9, 9, "en"),
      f("aux_power_pm_enable", 10, 10, "en"),
      f("enable_no_snoop", 11, 11),
      f("max_read_request_size", 14, 12),
      f("function_level_reset", 15, 15, "bool"),
    ],
  },
  {
    key: "device_status",
    at: 10,
    size: 2,
    fields: [
      f("correctable_error_detected", 0, 0, "bool"),
      f("non_fatal_error_detected", 1, 1, "bool"),
      f("fatal_error_detected", 2, 2, "bool"),
      f("unsupported_request_detected", 3, 3, "bool"),
      f("aux_power_detected", 4, 4, "bool"),
      f("transactions_pending", 5, 5, "bool"),
      f("emergency_power_reduction", 7, 6),
    ],
  },
  {
    key: "link_capabilities",
    at: 12,
    size: 4,
    fields: [
      f("max_link_speed", 3, 0),
      f("maximum_link_width", 9, 4),
      f("aspm_support", 11, 10),
      f("l0s_exit_latency", 14, 12),
      f("l1_exit_latency", 17, 15),
      f("clock_power_management", 18, 18, "bool"),
      f("surprise_down_error_reporting_capable", 19, 19, "bool"),
      f("data_link_layer_link_active_reporting_capable", 20, 20, "bool"),
      f("link_bandwidth_notification_capability", 21, 21, "bool"),
      f("aspm_optionality_compliance", 22, 22, "bool"),
      f("port_number", 31, 24),
    ],
  },
  {
    key: "link_control",
    at: 16,
    size: 2,
    fields: [
      f("aspm_control", 1, 0),
      f("ptm_prop_delay_adaptation_interpretation", 2, 2, "bool"),
      f("link_disable", 4, 4),
      f("retrain_link", 5, 5),
      f("extended_synch", 7, 7),
      f("sris_clocking", 12, 12),
      f("flit_mode_disable", 13, 13),
    ],
  },
  { key: "link_status", at: 18, size: 2, fields: [f("current_link_speed", 3, 0), f("negotiated_link_width", 9, 4), f("link_training", 11, 11)] },
  { key: "slot_capabilities", at: 20, size: 4, fields: [f("slot_power_limit_value", 14, 7, "raw"), f("slot_power_limit_scale", 16, 15), f("physical_slot_number", 31, 19)] },
  { key: "slot_control", at: 24, size: 2, fields: [f("attention_indicator_control", 7, 6), f("power_indicator_control", 9, 8), f("rsvdp", 15, 15)] },
  { key: "slot_status", at: 26, size: 2, fields: [f("mrl_sensor_changed", 2, 2), f("command_completed", 4, 4), f("mrl_sensor_state", 5, 5)] },
  { key: "root_status", at: 32, size: 4, fields: [f("pme_requester_id", 15, 0), f("pme_status", 16, 16), f("pme_pending", 17, 17)] },
  {
    key: "device_capabilities2",
    at: 36,
    size: 4,
    fields: [
      f("completion_timeout_ranges_supported", 3, 0),
      f("completion_timeout_disable_supported", 4, 4, "sup"),
      f("ari_forwarding_supported", 5, 5, "sup"),
      f("atomic_op_routing_supported", 6, 6, "sup"),
      f("_32_bit_atomicop_completer_supported", 7, 7, "sup"),
      f("_64_bit_atomicop_completer_supported", 8, 8, "sup"),
      f("_128_bit_cas_completer_supported", 9, 9, "sup"),
      f("no_ro_enabled_pr_pr_passing", 10, 10, "pass"),
      f("ltr_mechanism_supported", 11, 11, "sup"),
      f("tph_completer_supported", 13, 12, "sup"),
      f("obff_supported", 19, 18, "sup"),
      f("max_end_end_tlp_prefixes", 23, 22, "raw"),
      f("emergency_power_reduction_supported", 25, 24, "sup"),
      f("dmwr_lengths_supported", 30, 29),
    ],
  },
  {
    key: "device_control2",
    at: 40,
    size: 2,
    fields: [
      f("completion_timeout_value", 3, 0),
      f("ari_forwarding_enable", 5, 5, "bool"),
      f("atomicop_requester_enable", 6, 6, "bool"),
      f("atomicop_egress_blocking", 7, 7, "bool"),
      f("ido_request_enable", 8, 8, "bool"),
      f("ido_completion_enable", 9, 9, "bool"),
      f("ltr_mechanism_enable", 10, 10, "bool"),
      f("emergency_power_reduction_request", 11, 11, "bool"),
      f("bit_tag_requester_10_enable", 12, 12, "bool"),
      f("obff_enable", 14, 13),
    ],
  },
  {
    key: "link_capabilities2",
    at: 44,
    size: 4,
    fields: [
      f("supported_link_speeds", 7, 1),
      f("crosslink_supported", 8, 8, "sup"),
      f("lower_skp_os_generation_supported", 15, 9),
      f("lower_skp_os_reception_supported", 22, 16),
      f("retimer_presence_detect_supported", 23, 23, "sup"),
      f("two_retimers_presence_detect_supported", 24, 24, "sup"),
      f("drs_supported", 31, 31, "sup"),
    ],
  },
  {
    key: "link_control2",
    at: 48,
    size: 2,
    fields: [
      f("target_link_speed", 3, 0, "raw"),
      f("enter_compliance", 4, 4, "sup"),
      f("hardware_autonomous_speed_disable", 5, 5, "raw"),
      f("selectable_de_emphasis", 6, 6, "bool"),
      f("transmit_margin", 9, 7),
      f("enter_modified_compliance", 10, 10, "bool"),
      f("compliance_sos", 11, 11, "bool"),
      f("compliance_preset_de_emphasis", 15, 12),
    ],
  },
  {
    key: "link_status2",
    at: 50,
    size: 2,
    fields: [
      f("current_de_emphasis_level", 0, 0),
      f("equalization_8gts_complete", 1, 1, "bool"),
      f("equalization_8gts_phase1_successful", 2, 2, "bool"),
      f("equalization_8gts_phase2_successful", 3, 3, "bool"),
      f("equalization_8gts_phase3_successful", 4, 4, "bool"),
      f("link_equalization_request_8gts", 5, 5, "bool"),
      f("retimer_presence_detected", 6, 6, "bool"),
      f("two_retimers_presence_detected", 7, 7, "bool"),
      f("crosslink_resolution", 9, 8),
      f("flit_mode_status", 10, 10),
      f("downstream_component_presence", 14, 12),
      f("drs_message_received", 15, 15, "bool"),
    ],
  },
];

// AER uncorrectable error bits (PCIe 6.0 §7.8.4.2-4): [bit, base name].
const UNCORRECTABLE: readonly (readonly [number, string])[] = [
  [4, "data_link_protocol_error"],
  [5, "surprise_down_error"],
  [12, "poisoned_tlp_received"],
  [13, "flow_control_protocol_error"],
  [14, "completion_timeout"],
  [15, "completer_abort"],
  [16, "unexpected_completion"],
  [17, "receiver_overflow"],
  [18, "malformed_tlp"],
  [19, "ecrc_error"],
  [20, "unsupported_request_error"],
  [21, "acs_violation"],
  [22, "uncorrectable_internal_error"],
  [23, "mc_blocked_tlp"],
  [24, "atomicop_egress_blocked"],
  [25, "tlp_prefix_blocked_error"],
  [26, "poisoned_tlp_egress_blocked"],
  [27, "dmwr_request_egress_blocked"],
  [28, "ide_check_failed"],
  [29, "misrouted_ide_tlp"],
  [30, "pcrc_check_failed"],
  [31, "tlp_translation_egress_blocked"],
];
// AER correctable error bits (PCIe 6.0 §7.8.4.5-6).
const CORRECTABLE: readonly (readonly [number, string])[] = [
  [0, "receiver_error"],
  [6, "bad_tlp"],
  [7, "bad_dllp"],
  [8, "replay_num_rollover"],
  [12, "replay_timer_timeout"],
  [13, "advisory_non_fatal_error"],
  [14, "corrected_internal_error"],
  [15, "header_log_overflow"],
];

// libcper names the status bit of "poisoned_tlp_received" without the "_status" suffix.
const statusKey = (n: string): string => (n === "poisoned_tlp_received" ? n : `${n}_status`);

export const AER_REGISTERS: readonly Register[] = [
  { key: "capability_header", at: 0, size: 4, fields: [f("capability_id", 15, 0), f("capability_version", 19, 16), f("next_capability_offset", 31, 20)] },
  { key: "uncorrectable_error_status", at: 4, size: 4, fields: UNCORRECTABLE.map(([b, n]) => f(statusKey(n), b, b, "bool")) },
  { key: "uncorrectable_error_mask", at: 8, size: 4, fields: UNCORRECTABLE.map(([b, n]) => f(`${n}_mask`, b, b)) },
  { key: "uncorrectable_error_severity", at: 12, size: 4, fields: UNCORRECTABLE.map(([b, n]) => f(`${n}_severity`, b, b, "sev")) },
  { key: "correctable_error_status", at: 16, size: 4, fields: CORRECTABLE.map(([b, n]) => f(`${n}_status`, b, b, "bool")) },
  { key: "correctable_error_mask", at: 20, size: 4, fields: CORRECTABLE.map(([b, n]) => f(`${n}_mask`, b, b)) },
  { key: "advanced_error_capabilities_and_control", at: 24, size: 4, fields: [f("first_error_pointer", 4, 0), f("header_log_size", 17, 13), f("logged_tlp_size", 23, 19)] },
  { key: "root_error_status", at: 48, size: 4, fields: [f("err_cor_subclass", 8, 7), f("advanced_error_interrupt_message_number", 31, 27)] },
  { key: "error_source_id", at: 52, size: 4, fields: [f("err_cor_source_identification", 15, 0), f("err_fatal_nonfatal_source_identification", 31, 16)] },
];

/** libcper's decoded view of a register block as an object (the raw bytes travel beside it as "data"): writeRegisters' members. */
export function registersToJson(regs: readonly Register[], bytes: Uint8Array): Record<string, unknown> {
  return membersOf((out) => writeRegisters(out, regs, bytes));
}

/** A register block's decoded view written through the writer (JSON out prints it straight; registersToJson builds the object). */
export function writeRegisters(out: JsonOut, regs: readonly Register[], bytes: Uint8Array): void {
  for (const r of regs) {
    const v = r.size === 2 ? bytes[r.at]! | (bytes[r.at + 1]! << 8) : u32At(bytes, r.at);
    out.begin(r.key);
    for (const fl of r.fields) writeStyled(out, fl, fl.width >= 32 ? v >>> 0 : (v >>> fl.lsb) & ((1 << fl.width) - 1));
    out.end();
  }
}

/** One register field as libcper prints it (its Style). */
function writeStyled(out: JsonOut, field: RegField, x: number): void {
  switch (field.style) {
    case "num":
      return out.num(field.key, x);
    case "bool":
      return out.bool(field.key, x !== 0);
    case "en":
      return out.ascii(field.key, x !== 0 ? "Enabled" : "Disabled");
    case "sup":
      return out.ascii(field.key, x !== 0 ? "Supported" : "NotSupported");
    case "sev":
      return out.ascii(field.key, x !== 0 ? "Fatal" : "NonFatal");
    case "pass":
      return out.ascii(field.key, x !== 0 ? "Passing" : "Failed");
    case "raw": {
      const name = field.names?.[x];
      out.begin(field.key);
      out.num("raw", x);
      if (name !== undefined) out.str("value", name);
      return out.end();
    }
  }
}
