// Serves dist/ under a subpath with clean URLs, the way GitHub Pages serves a project
// site: /stochastic-gradients/variance → dist/variance.html.
import {createServer, type Server} from "node:http";
import {readFile, stat} from "node:fs/promises";
import {extname, join, normalize} from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".txt": "text/plain",
};

export interface StaticServer { url: string; close(): Promise<void>; requests: string[] }

async function isFile(path: string) {
  try { return (await stat(path)).isFile(); } catch { return false; }
}

export async function serveDist(root: string, base = "/stochastic-gradients/"): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(url.pathname);
    if (!url.pathname.startsWith(base)) return void res.writeHead(404).end("not under base");
    const relative = normalize(decodeURIComponent(url.pathname.slice(base.length))).replace(/^(\.\.[/\\])+/, "");
    const candidates = relative === "" || relative === "." || relative.endsWith("/") ? [join(root, relative, "index.html")] : [join(root, relative), join(root, relative + ".html")];
    for (const file of candidates) {
      if (await isFile(file)) {
        res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream"});
        return void res.end(await readFile(file));
      }
    }
    res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address() as {port: number};
  return {url: `http://127.0.0.1:${port}${base}`, requests, close: () => new Promise((resolve) => server.close(() => resolve()))};
}
