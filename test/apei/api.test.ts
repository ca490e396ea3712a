// The public entry point (src/apei/index.ts), used as docs/apei.md's example uses it.
import { expect } from "chai";
import * as apei from "../../src/apei/index.js";
import { dispatch, notificationFor } from "../../src/kernel/index.js";

describe("APEI: public API (docs example)", () => {
  it("build → decode → post → dispatch → claim → post → refuse, through src/apei/index.ts", () => {
    const built = apei.buildHest({
      layout: { base: "0x139B90000", errorStatusBlockLength: 0x1000 },
      errorSources: [{ type: "ghesv2", sourceId: 0, notify: "SEA" }, { type: "ghesv2", sourceId: 1, notify: "GPIO" }],
    });
    const hest = apei.decodeHest(built.table);
    if (!hest.ok) throw new Error(hest.error.message);
    const { mem, firmware, sources } = apei.platformFromLayout(built.layout!, apei.genericSources(hest.value));
    const block = new Uint8Array(20);
    new DataView(block.buffer).setUint32(0, 1, true);
    expect(firmware.post(0, block)).to.deep.include({ ok: true, blockAddress: 0x139b90020n });
    const d = dispatch(sources, notificationFor(sources[0]!)!);
    expect(d.handler).to.equal("ghes_notify_sea()");
    expect(apei.ghesProc(mem, d.sources[0]!)).to.deep.include({ outcome: "claimed", cleared: true, acked: true });
    expect(firmware.post(0, block).ok).to.equal(true);
    expect(firmware.post(0, block)).to.deep.include({ ok: false, error: apei.QEMU_NOT_ACKED });
    expect(apei.TABLE_NAMES["HEST"]).to.equal("Hardware Error Source Table");
  });
});
