// Stand-in for every node:* module in the page bundle (scripts/build-web.ts). The page
// has no file system, threads or processes: the CLI paths that need them (streaming a
// file over 64 MiB, worker threads) are never reached, because the page hands commands
// their input through CliIO.readFile. What is reached answers "not there".
function unavailable(what: string): never {
  const e = new Error(`${what} is not available in the browser`) as Error & { code: string };
  e.code = "ENOENT";
  throw e;
}

export const statSync = (_path: string): never => unavailable("the file system");
export const fstatSync = statSync;
export const openSync = statSync;
export const readSync = statSync;
export const closeSync = (_fd: number): void => undefined;
export const existsSync = (_path: string): boolean => false;
export const readdirSync = statSync;
export const readFileSync = statSync;
export const dirname = (p: string): string => p.replace(/\/[^/]*$/, "") || "/";
export const join = (...parts: string[]): string => parts.join("/");
export const fileURLToPath = (u: string | URL): string => String(u);
export const availableParallelism = (): number => 1;
export const parentPort = null;
export const workerData = undefined;
export class Worker {
  constructor() {
    unavailable("worker threads");
  }
}
