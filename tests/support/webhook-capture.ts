import { createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";

/** A local incoming-webhook endpoint that records every JSON body and answers with `status`. */
export async function startWebhookCapture() {
  const capture = { bodies: [] as unknown[], status: 200 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      capture.bodies.push(JSON.parse(body));
      res.statusCode = capture.status;
      res.end();
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return Object.assign(capture, { url: `${url}/`, close });
}
