// armras web [--port N]: serves the static page (dist/web/index.html, built by
// scripts/build-web.ts in `npm install`) on 127.0.0.1 and prints its URL. The page needs
// no server (it also works from file://); this is for browsers that restrict file URLs.
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { optString, parseArgs } from "../args.js";
import { EXIT_OK, EXIT_USAGE, UsageError, type Command } from "../io.js";

const HELP = `usage: armras web [--port N]
  Serves the armras page (ESR, registers, CPER/GHES/HEST/BERT, simulator) on
  http://127.0.0.1:N/ (default port 8415; 0 picks a free port) until interrupted.
  The same page opens from file: dist/web/index.html.
exit status: 0 stopped, 2 usage error or the page is not built (npm run build:web)
`;

export const DEFAULT_WEB_PORT = 8415;

/** dist/web/index.html of the package this module is in (src/cli/commands or dist/cli/commands). */
export function webPagePath(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, "package.json")) && dirname(d) !== d) d = dirname(d);
  return join(d, "dist", "web", "index.html");
}

/** Serves `html` at / (any query string) on 127.0.0.1:port; resolves once listening. */
export function serveWeb(html: Uint8Array, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if ((req.method === "GET" || req.method === "HEAD") && (path === "/" || path === "/index.html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": html.length, "cache-control": "no-cache" });
      res.end(req.method === "HEAD" ? undefined : html);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("not found: the page is at /\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      const actual = typeof addr === "object" && addr ? addr.port : port;
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

export const webCommand: Command = async (args, io) => {
  const p = parseArgs(args, ["port"], ["help"]);
  if (p.options.has("help")) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (p.positionals.length > 0) throw new UsageError(`unexpected argument '${p.positionals[0]}'`);
  const portText = optString(p, "port");
  const port = portText === undefined ? DEFAULT_WEB_PORT : Number(portText);
  if (portText !== undefined && (!/^\d{1,5}$/.test(portText) || port > 65535)) throw new UsageError(`--port must be a port number from 0 to 65535 (got '${portText}')`);
  const file = webPagePath();
  if (!existsSync(file)) {
    io.stderr(`armras web: ${file} is not built (npm run build:web)\n`);
    return EXIT_USAGE;
  }
  let served: { server: Server; url: string };
  try {
    served = await serveWeb(new Uint8Array(readFileSync(file)), port);
  } catch (e) {
    io.stderr(`armras web: cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
  io.stdout(`armras web: serving ${served.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => served.server.once("close", () => resolve()));
  return EXIT_OK;
};
