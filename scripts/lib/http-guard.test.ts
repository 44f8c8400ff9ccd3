import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HTTP_METHODS } from "@/lib/http/methods";

// The preload every console process runs (scripts/start.mjs: node -r; start-standalone.mjs: first
// import). Required here the same way: it replaces http.createServer, so the server below is guarded
// exactly as Next's is.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, loaded as node -r loads it
const guard = require("./http-guard.cjs") as { SERVED_METHODS: string[] };

let server: http.Server;
let port: number;
const reached: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  server = http.createServer((req, res) => {
    reached.push(`${req.method} ${req.url}`);
    res.end("app");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw bytes and reads until the server closes or answers a complete response. */
function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    let data = "";
    const done = () => {
      const [head, ...rest] = data.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      const body = rest.join("\r\n\r\n");
      resolve({ status: Number(statusLine.split(" ")[1] ?? 0), headers, body });
    };
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const [head, ...rest] = data.split("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(head)?.[1];
      if (length !== undefined && rest.join("\r\n\r\n").length >= Number(length)) {
        socket.destroy();
        done();
      }
    });
    socket.on("end", done);
    socket.on("error", reject);
    setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(request.slice(0, 40))}`)), 5_000).unref();
  });
}

describe("scripts/lib/http-guard.cjs", () => {
  it("lets exactly the methods Next serves through", () => {
    expect(guard.SERVED_METHODS).toEqual([...HTTP_METHODS]);
  });

  const cases: Array<[string, string]> = [
    ["TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["TRACE with a body", "TRACE /api/v1/regions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"],
    ["TRACK (Node's parser does not know it)", "TRACK /sign-in HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["CONNECT", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"],
    ["an unknown method", "FOO /api/health HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a method Node parses but Next does not serve", "PROPFIND /sign-in HTTP/1.1\r\nHost: x\r\n\r\n"],
  ];
  for (const [what, request] of cases) {
    it(`answers ${what} with 405 problem+json and one log line, never reaching the app`, async () => {
      const before = { reached: reached.length, logged: logged.length };
      const res = await raw(request);
      expect(res.status).toBe(405);
      expect(res.headers["content-type"]).toBe("application/problem+json");
      expect(res.headers.allow).toBe("GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
      const body = JSON.parse(res.body) as { status: number; title: string; detail: string; requestId: string };
      expect(body).toMatchObject({ status: 405, title: "Method not allowed", requestId: res.headers["x-request-id"] });
      expect(body.detail).toContain(request.split(" ")[0]);
      expect(reached.length).toBe(before.reached);
      const lines = logged.slice(before.logged).join("").split("\n").filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ level: "warn", status: 405, method: request.split(" ")[0], requestId: body.requestId });
      expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/);
    });
  }

  it("answers a request that is not HTTP at all with 400 problem+json", async () => {
    const res = await raw("GET / HTTP/1.1\r\nHost x\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, detail: "The request is not valid HTTP/1.1." });
  });

  it("passes GET, POST and OPTIONS to the app", async () => {
    for (const method of ["GET", "POST", "OPTIONS"]) {
      const res = await raw(`${method} /x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      expect(res.status).toBe(200);
      expect(res.body).toBe("app");
    }
    expect(reached.slice(-3)).toEqual(["GET /x", "POST /x", "OPTIONS /x"]);
  });
});
