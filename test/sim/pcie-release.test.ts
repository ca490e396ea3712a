// The host kernel's release decides cper_print_pcie()'s AER lines in the simulated log
// (drivers/firmware/efi/cper.c: from 6.12 for every severity with aer_cor_* first; before,
// only for fatal sections).
import { expect } from "chai";
import { runBuiltin } from "./helpers.js";

describe("sim: PCIe CPER lines follow the host kernel release", () => {
  const aer = (log: readonly string[]) => log.filter((l) => /\]:\s+(aer_|TLP Header)/.test(l));

  it("6.18 prints the four AER lines for the recoverable PCIe record", () => {
    const lines = aer(runBuiltin("pcie-recoverable").log);
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(/aer_cor_status: 0x[0-9a-f]{8}, aer_cor_mask: 0x[0-9a-f]{8}$/);
  });

  it("6.11 prints none for it (recoverable is not fatal)", () => {
    expect(aer(runBuiltin("pcie-recoverable", { kernel: "6.11" }).log)).to.deep.equal([]);
  });
});
