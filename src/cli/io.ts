// The CLI's I/O seam: commands write through this, so tests run them in-process.
export interface CliIO {
  /**
   * Writes to standard output. A promise means "wait before writing more": the
   * reader is slower than we are (commands that print without bound await it,
   * so memory stays constant whatever reads the pipe).
   */
  readonly stdout: (text: string) => void | Promise<void>;
  /** Standard output as UTF-8 bytes already encoded (worker threads encode their own text); absent: decoded and given to stdout. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void | Promise<void>;
  readonly stderr: (text: string) => void;
  /**
   * A progress line for long runs (overwritten in place: no newline), given only
   * when standard error is a terminal; `everyMs` is the least time between two lines.
   */
  readonly progress?: { readonly write: (line: string) => void; readonly everyMs: number };
  /** Reads a file path, or standard input for "-". */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly writeFile: (path: string, data: Uint8Array | string) => Promise<void>;
}

/** Spaces per nesting level in every command's JSON output (one indentation everywhere). */
export const JSON_INDENT = 2;

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

/** Node's system errors (ENOENT, EISDIR, EACCES, ...) as a one-line reason. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EMFILE: "too many open files",
  ENAMETOOLONG: "file name too long",
  EFBIG: "file too large",
};

/** Whether `e` is a Node system error (it has a string `code` like "ENOENT"). */
export function isSystemError(e: unknown): e is Error & { code: string; path?: string; syscall?: string } {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code);
}

/** "cannot read x.bin: no such file or directory (ENOENT)": one line for a failed file operation. */
export function fileErrorMessage(e: unknown, op?: "read" | "write", path?: string): string {
  if (!isSystemError(e)) return `cannot ${op ?? "use"} ${path ?? "the file"}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  const verb = op ?? (e.syscall === "open" || e.syscall === "read" || e.syscall === "stat" || e.syscall === "scandir" ? "read" : e.syscall === "write" ? "write" : "use");
  const reason = REASONS[e.code] ?? e.message.split("\n")[0]!.replace(/^E[A-Z0-9]+: /, "").replace(/, \w+ '.*'$/, "");
  return `cannot ${verb} ${path ?? e.path ?? "the file"}: ${reason} (${e.code})`;
}

/** io.readFile, with a failure as a UsageError naming the file (one line, exit 2). */
export async function readNamed(io: CliIO, path: string): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch (e) {
    if (e instanceof Error && e.name === "UsageError") throw e;
    throw new UsageError(fileErrorMessage(e, "read", path === "-" ? "standard input" : path));
  }
}
