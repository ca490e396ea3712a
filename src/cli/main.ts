#!/usr/bin/env node
// The installed `armras` binary (compiled to dist/cli/main.js).
import { writeFile } from "node:fs/promises";
import { run } from "./app.js";
import { readWholeInput } from "./read-input.js";
import { UsageError, fileErrorMessage, type CliIO } from "./io.js";
import { awaitingWriter, quietEpipe } from "./stdout.js";

const readInput = (path: string): Promise<Uint8Array> => readWholeInput(path, process.stdin);

async function writeOutput(path: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (e) {
    throw new UsageError(fileErrorMessage(e, "write", path));
  }
}

// A reader that closes the pipe early (`| head -1`) is not an error: stop quietly.
const internal = (e: Error) => {
  process.stderr.write(`armras: internal error: ${e.stack ?? e.message}\n`);
  process.exit(70);
};
quietEpipe(process.stdout, () => process.exit(process.exitCode ?? 0), internal);
quietEpipe(process.stderr, () => process.exit(process.exitCode ?? 0), internal);

const out = awaitingWriter(process.stdout);
const io: CliIO = {
  stdout: out,
  stdoutBytes: out,
  stderr: (t) => void process.stderr.write(t),
  readFile: readInput,
  writeFile: writeOutput,
  ...(process.stderr.isTTY ? { progress: { write: (line: string) => void process.stderr.write(`\r\x1b[K${line}`), everyMs: 1000 } } : {}),
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
