#!/usr/bin/env node
// The installed `armras` binary (compiled to dist/cli/main.js).
import { readFile, writeFile } from "node:fs/promises";
import { run } from "./app.js";
import type { CliIO } from "./io.js";

async function readInput(path: string): Promise<Uint8Array> {
  if (path !== "-") return new Uint8Array(await readFile(path));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const io: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stdoutBytes: (b) => void process.stdout.write(b),
  stderr: (t) => void process.stderr.write(t),
  readFile: readInput,
  writeFile: (p, d) => writeFile(p, d),
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`armras: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
