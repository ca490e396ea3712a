// The binary's whole-input reader: bounded for files and standard input alike (issue 16: every
// size bounded; an endless pipe into `armras cper lint -` must not run the process out of memory).
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_WHOLE_INPUT, readWholeInput } from "../../src/cli/read-input.js";

async function* chunks(n: number, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < n; i++) yield Buffer.alloc(size, i);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect((e as Error).name).to.equal("UsageError");
    return (e as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("cli: whole inputs are bounded (read-input.ts)", () => {
  it("standard input is read whole up to the bound, and refused one chunk past it (no more is read)", async () => {
    const b = await readWholeInput("-", chunks(4, 256), 1024);
    expect(b.length).to.equal(1024);
    expect(b[1023]).to.equal(3);
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        pulled++;
        yield Buffer.alloc(256);
      }
    }
    expect(await refusal(readWholeInput("-", endless(), 1024))).to.match(/^standard input: more than 1024 bytes; .*cper decode --stream FILE/);
    expect(pulled).to.equal(5);
  });
  it("a file over the bound is refused from its size, before any read; a missing file is one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "armras-read-"));
    const f = join(dir, "big.bin");
    writeFileSync(f, Buffer.alloc(2048));
    expect(await refusal(readWholeInput(f, chunks(0, 0), 1024))).to.contain(`${f}: more than 1024 bytes`);
    expect((await readWholeInput(f, chunks(0, 0), 4096)).length).to.equal(2048);
    expect(await refusal(readWholeInput(join(dir, "missing.bin"), chunks(0, 0)))).to.contain("missing.bin");
    expect(MAX_WHOLE_INPUT).to.equal(512 * 1024 * 1024);
  });
});
