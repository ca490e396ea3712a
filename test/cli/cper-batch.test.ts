// The stdout batches of `cper decode` (cper-batch.ts): the bytes written are the UTF-8 of
// the texts added, in order, across batch boundaries and for a text bigger than a batch;
// a batch the writer cannot take at once is handed back to be awaited; each batch is a
// fresh buffer (the writer may still hold the last one).
import { expect } from "chai";
import { BATCH_BYTES, outBatch } from "../../src/cli/commands/cper-batch.js";
import type { CliIO } from "../../src/cli/io.js";

function sink(slow = false) {
  const writes: Uint8Array[] = [];
  let texts = "";
  const io: CliIO = {
    stdout: (t) => {
      texts += t;
      return slow ? Promise.resolve() : undefined;
    },
    stdoutBytes: (b) => {
      writes.push(b);
      return slow ? Promise.resolve() : undefined;
    },
    stderr: () => undefined,
    readFile: async () => new Uint8Array(),
    writeFile: async () => undefined,
  };
  return { io, writes, text: () => texts };
}

describe("cli: cper decode's stdout batches", () => {
  const parts = ["{\"a\":1}\n", "é€😀 ünïcode\n", "x".repeat(300_000) + "\n", "", "y".repeat(3 * BATCH_BYTES) + "\n", "tail\n"];
  const whole = parts.join("");

  it("bytes: the UTF-8 of every text in order, at most about a batch per write (more only for one bigger text)", async () => {
    const s = sink();
    const b = outBatch(s.io);
    for (let i = 0; i < 5; i++) for (const p of parts) await b.add(p);
    await b.flush();
    expect(Buffer.concat(s.writes).toString("utf8")).to.equal(whole.repeat(5));
    for (const w of s.writes) expect(w.length <= BATCH_BYTES || w.length > 3 * BATCH_BYTES - 10).to.equal(true);
    expect(new Set(s.writes.map((w) => w.buffer)).size).to.equal(s.writes.length);
    await b.flush(); // nothing held: nothing written
    expect(Buffer.concat(s.writes).length).to.equal(Buffer.byteLength(whole.repeat(5)));
  });

  it("a writer that asks to wait gets its promise back from add (backpressure), and from flush", async () => {
    const s = sink(true);
    const b = outBatch(s.io);
    let waits = 0;
    for (let i = 0; i < 20; i++) {
      const w = b.add("z".repeat(100_000));
      if (w) {
        waits++;
        await w;
      }
    }
    expect(waits).to.be.greaterThan(0);
    expect(b.flush()).to.be.instanceOf(Promise);
  });

  it("text (no byte writer, or --console's Latin-1 writer): the same text, in batches", async () => {
    const s = sink();
    const b = outBatch(s.io, true);
    for (const p of parts) await b.add(p);
    await b.flush();
    expect(s.writes).to.have.length(0);
    expect(s.text()).to.equal(whole);
  });
});
