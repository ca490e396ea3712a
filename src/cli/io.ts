// The CLI's I/O seam: commands write through this, so tests run them in-process.
export interface CliIO {
  readonly stdout: (text: string) => void;
  /** Standard output as UTF-8 bytes already encoded (worker threads encode their own text); absent: decoded and given to stdout. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
  readonly stderr: (text: string) => void;
  /** Reads a file path, or standard input for "-". */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly writeFile: (path: string, data: Uint8Array | string) => Promise<void>;
}

/** Exit codes shared by every command (a scripting contract). */
export const EXIT_OK = 0;
/** Decoded, but the input has architectural problems, warnings or lint findings. */
export const EXIT_FINDINGS = 1;
/** Unusable input or usage error. */
export const EXIT_USAGE = 2;

export type Command = (args: readonly string[], io: CliIO) => Promise<number>;

/** A usage/input error that a command raises to exit with code 2 and a one-line message. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
