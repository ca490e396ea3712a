// timestampIso (layouts/timestamp.ts) prints every byte read as BCD, two digits each, as libcper's
// "%02d%02d-%02d-%02dT%02d:%02d:%02d+00:00" does: the one-call fast text and the template it
// shortcuts agree on every byte value, BCD or not (a byte above 0x99 prints three digits).
import { expect } from "chai";
import fc from "fast-check";
import { bcdValue, timestampIso } from "../../src/cper/layouts/timestamp.js";

const printf = (n: number): string => String(n).padStart(2, "0");

describe("cper: timestampIso", () => {
  it("equals libcper's %02d rendering of each byte read as BCD, for every byte value", () => {
    const byte = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(byte, byte, byte, byte, byte, byte, byte, (c, y, mo, d, h, mi, s) => {
        const t = { Century: c, Year: y, Month: mo, Day: d, Hours: h, Minutes: mi, Seconds: s, Flags: 0 };
        const b = bcdValue;
        expect(timestampIso(t)).to.equal(`${printf(b(c))}${printf(b(y))}-${printf(b(mo))}-${printf(b(d))}T${printf(b(h))}:${printf(b(mi))}:${printf(b(s))}+00:00`);
      }),
      { numRuns: 5000 },
    );
    expect(timestampIso({ Century: 0x20, Year: 0x26, Month: 0x12, Day: 0x06, Hours: 0x13, Minutes: 0x05, Seconds: 0x59, Flags: 1 })).to.equal("2026-12-06T13:05:59+00:00");
    expect(timestampIso({ Century: 0x20, Year: 0x26, Month: 0x12, Day: 0x06, Hours: 0x13, Minutes: 0xff, Seconds: 0x59, Flags: 0 })).to.equal("2026-12-06T13:165:59+00:00");
  });
});
