// The syndromes a core reports for a RAS error, against ../shared/arch/ras_constants.json
// (AET and SET values from TF-A ras_arch.h and the Arm ESR XML).
import { expect } from "chai";
import { describeShared, readSharedJson } from "../helpers.js";
import { rasSErrorIss } from "../../src/exceptions/records.js";
import { seaIss, type ErrorType } from "../../src/exceptions/abort.js";

interface Vec {
  kind: string;
  value?: string;
  name?: string;
}

describeShared("RAS syndromes: ../shared/arch/ras_constants.json", () => {
  const vecs = readSharedJson<{ vectors: Vec[] }>("arch", "ras_constants.json").vectors;
  const aet = vecs.filter((v) => v.kind.startsWith("ESR SError ISS.AET"));
  const set = vecs.filter((v) => v.kind.startsWith("ESR IABT/DABT ISS.SET"));
  it("has AET and SET vectors", () => {
    expect(aet.length).to.be.greaterThan(0);
    expect(set.length).to.be.greaterThan(0);
  });
  for (const v of aet) {
    it(`SError AET for ${v.name} = ${v.value}`, () => {
      const iss = rasSErrorIss(v.name as ErrorType);
      expect((iss >> 10) & 7).to.equal(parseInt(v.value!.slice(2), 2));
      expect(iss & 0x3f).to.equal(0x11); // DFSC: asynchronous SError
      expect(iss >> 24).to.equal(0); // IDS=0
    });
  }
  for (const v of set) {
    it(`SEA SET for ${v.name} = ${v.value}`, () => {
      const iss = seaIss({ errorType: v.name as ErrorType, va: 0n });
      expect((iss >> 11) & 3).to.equal(parseInt(v.value!.slice(2), 2));
      expect(iss & 0x3f).to.equal(0x10); // DFSC: synchronous External abort
    });
  }
});
