import { expect, test } from "./test";
import net from "node:net";

// A load balancer or a polling client reuses an idle connection. The console must keep it open longer
// than they do (an ALB idles 60 s); Node's 5 s default makes a reuse race the close and get a reset.

function healthRequest(host: string): string {
  return `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;
}

/** Sends `request` on `socket` and resolves with the status line of the answer, or the socket's fate. */
function exchange(socket: net.Socket, request: string): Promise<string> {
  return new Promise((resolve) => {
    let seen = "";
    const done = (what: string) => {
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
      resolve(what);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("latin1");
      // Chunked body ends with the zero-length chunk.
      if (seen.includes("\r\n0\r\n\r\n") || /content-length: *\d+/i.test(seen)) done(seen.split("\r\n")[0]);
    };
    const onClose = () => done("closed by the server");
    const onError = (err: Error) => done(`error: ${err.message}`);
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.once("error", onError);
    socket.write(request);
  });
}

test("an idle keep-alive connection is still open after 10 s (longer than Node's 5 s default)", async ({ baseURL }) => {
  test.setTimeout(30_000);
  const url = new URL(baseURL!);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  try {
    expect(await exchange(socket, healthRequest(url.host))).toMatch(/^HTTP\/1\.1 200/);
    await new Promise((r) => setTimeout(r, 10_000));
    expect(socket.destroyed || socket.readyState !== "open", "the server closed the idle connection").toBe(false);
    expect(await exchange(socket, healthRequest(url.host))).toMatch(/^HTTP\/1\.1 200/);
  } finally {
    socket.destroy();
  }
});
