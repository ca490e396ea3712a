// NVIDIA's libcper "message" depends on the value (SectionCodec.messageOf): the form
// of ../shared/corpus/cper/record/libcper_nvidia.libcper.json, "A <severity name>
// <signature> NVIDIA Error occurred on CPU <socket>", with libcper's CPER severity
// names (UEFI 2.10 Table N-3). The corpus record itself is checked in libcper.test.ts.
import { expect } from "chai";
import { sectionJson } from "../../src/cper/index.js";
import { nvidiaCodec } from "../../src/cper/sections/nvidia.js";
import { DEFAULT_SECTION_OPTIONS } from "../../src/cper/section-api.js";

describe("cper: NVIDIA section message (messageOf)", () => {
  const value = (severity: number, signature: string, socket: number) => {
    const r = nvidiaCodec.fromJson({ signature, severity: { code: severity }, errorType: 1, errorInstance: 0, socket, instanceBase: 0, registers: [] });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it("names the severity, the signature and the socket", () => {
    expect(nvidiaCodec.messageOf!(value(1, "CMET-INFO", 0), DEFAULT_SECTION_OPTIONS)).to.equal("A Fatal CMET-INFO NVIDIA Error occurred on CPU 0");
    expect(nvidiaCodec.messageOf!(value(2, "MCF", 1), DEFAULT_SECTION_OPTIONS)).to.equal("A Corrected MCF NVIDIA Error occurred on CPU 1");
    expect(nvidiaCodec.messageOf!(value(0, "SMMU", 3), DEFAULT_SECTION_OPTIONS)).to.equal("A Recoverable SMMU NVIDIA Error occurred on CPU 3");
  });

  it("the section JSON carries it as its message", () => {
    const j = sectionJson({ guid: nvidiaCodec.guid, codec: "nvidia", value: value(3, "HSS-BUSY", 214) }) as { message: string };
    expect(j.message).to.equal("A Informational HSS-BUSY NVIDIA Error occurred on CPU 214");
  });

  it("a bare NVIDIA section body decodes and reports the same message", () => {
    const body = nvidiaCodec.encode(value(1, "XID", 7));
    const d = nvidiaCodec.decode(body, DEFAULT_SECTION_OPTIONS);
    expect(d.ok).to.equal(true);
    if (d.ok) expect(nvidiaCodec.messageOf!(d.value, DEFAULT_SECTION_OPTIONS)).to.equal("A Fatal XID NVIDIA Error occurred on CPU 7");
  });
});
