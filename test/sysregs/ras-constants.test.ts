// ERR<n> record offsets, ERR<n>STATUS field positions and SERR names against
// ../shared/arch/ras_constants.json (TF-A ras_arch.h / ras_common.c, Linux).
import { expect } from "chai";
import { describeShared, readSharedJson } from "../helpers.js";
import { requireSysReg } from "../../src/sysregs/catalog.js";
import { RegisterFile } from "../../src/sysregs/register-file.js";
import { SERR_VALUES } from "../../src/sysregs/registers/err-record.js";

interface Vec {
  kind: string;
  register?: string;
  offset?: string;
  field?: string;
  msb?: number;
  lsb?: number;
  value?: string;
  meaning?: string;
}

describeShared("sysregs vs ../shared/arch/ras_constants.json", () => {
  const vectors = readSharedJson<{ vectors: Vec[] }>("arch", "ras_constants.json").vectors;

  const offsets = vectors.filter((v) => v.kind === "memory-mapped error record offset" && /^ERR<n>/.test(v.register ?? ""));
  it("has the ERR<n> offset vectors", () => void expect(offsets.length).to.be.greaterThan(3));
  for (const v of offsets) {
    it(`${v.register} at ${v.offset}`, () => {
      const m = /^0x([0-9a-f]+) \+ 64\*n$/i.exec(v.offset!);
      expect(m, v.offset).to.not.equal(null);
      const base = parseInt(m![1]!, 16);
      const reg = v.register!.replace("ERR<n>", "");
      const rf = new RegisterFile();
      for (const n of [0, 1]) {
        expect(rf.mmioDecode(base + 64 * n)).to.deep.equal({ kind: "record", record: n, reg });
        rf.errRecord(n).set(reg as "FR", reg === "FR" ? 0x11n : 0x11n);
        expect(rf.mmioRead(base + 64 * n)).to.equal(rf.errRecord(n).read(reg as "FR"));
      }
    });
  }

  const devid = vectors.find((v) => v.register?.startsWith("ERRDEVID"));
  it("ERRDEVID at 0xFC8 reads NUM", () => {
    expect(devid?.offset).to.match(/^0xFC8/i);
    expect(new RegisterFile().mmioRead(0xfc8)).to.equal(2n);
  });

  const gsr = vectors.find((v) => v.register?.startsWith("ERRGSR"));
  it("ERRGSR0 at 0xE00: bit i = record i has STATUS.V", () => {
    expect(gsr?.offset).to.match(/^0xE00/i);
    const rf = new RegisterFile();
    rf.errRecord(1).setField("STATUS", "V", 1n);
    expect(rf.mmioRead(0xe00)).to.equal(0b10n);
  });

  const status = vectors.filter((v) => v.kind === "ERR<n>STATUS field");
  it("has the ERR<n>STATUS field vectors", () => void expect(status.length).to.be.greaterThan(5));
  for (const v of status) {
    it(`ERR<n>STATUS.${v.field} = [${v.msb}:${v.lsb}]`, () => {
      const name = v.field!.replace(/ \(.*\)$/, "");
      const f = requireSysReg("ERR<n>STATUS").byName.get(name);
      expect(f, name).to.not.equal(undefined);
      expect([f!.bits.msb, f!.bits.lsb]).to.deep.equal([v.msb, v.lsb]);
    });
  }

  it("the W1C group is bits [31:19] (Linux ERR_STATUS_W1TC_MASK = 0xfff80000)", () => {
    expect(requireSysReg("ERR<n>STATUS").masks.W1C).to.equal(0xfff80000n);
  });

  const serr = vectors.filter((v) => v.kind === "ERR<n>STATUS.SERR");
  for (const v of serr) {
    it(`SERR ${v.value} = ${v.meaning}`, () => void expect(SERR_VALUES[parseInt(v.value!, 16)]).to.equal(v.meaning));
  }
});
