import { createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";

/** One call the local Slack Web API received, decoded as Slack decodes it (form or JSON; blocks parsed). */
export type SlackCall = { method: string; token: string | null; args: Record<string, unknown>; at: number };

/**
 * A local server speaking Slack's Web API wire format for chat.postMessage, chat.update and
 * chat.postEphemeral: `{ ok: true, ts, channel }`, `{ ok: false, error }` (200, as Slack answers),
 * and `429` with `Retry-After` for a call queued with `rateLimitNext`.
 */
export async function startSlackServer(opts: { token: string }) {
  const calls: SlackCall[] = [];
  const messages = new Map<string, { channel: string; ts: string; text: string; blocks: unknown[] }>();
  const limited: Array<{ method: string; retryAfterS: number }> = [];
  let seq = 0;
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0];
      const auth = req.headers.authorization ?? null;
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
      const type = req.headers["content-type"] ?? "";
      const args: Record<string, unknown> = type.includes("application/json") ? JSON.parse(raw || "{}") : Object.fromEntries(new URLSearchParams(raw));
      for (const key of ["blocks", "attachments"]) if (typeof args[key] === "string") args[key] = JSON.parse(args[key] as string);
      calls.push({ method, token, args, at: Date.now() });
      const answer = (body: Record<string, unknown>) => {
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(body));
      };
      const limit = limited.findIndex((l) => l.method === method);
      if (limit >= 0) {
        const [{ retryAfterS }] = limited.splice(limit, 1);
        res.writeHead(429, { "content-type": "application/json; charset=utf-8", "retry-after": String(retryAfterS) });
        res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      if (token !== opts.token) return answer({ ok: false, error: token ? "invalid_auth" : "not_authed" });
      const channel = String(args.channel ?? "");
      if (!channel) return answer({ ok: false, error: "channel_not_found" });
      if (method === "chat.postMessage") {
        const ts = `1700000000.${String(++seq).padStart(6, "0")}`;
        const id = channel.startsWith("#") ? "C0APPROVALS" : channel;
        messages.set(ts, { channel: id, ts, text: String(args.text ?? ""), blocks: (args.blocks as unknown[]) ?? [] });
        return answer({ ok: true, channel: id, ts, message: { text: args.text } });
      }
      if (method === "chat.update") {
        const m = messages.get(String(args.ts));
        if (!m || m.channel !== channel) return answer({ ok: false, error: "message_not_found" });
        m.text = String(args.text ?? "");
        m.blocks = (args.blocks as unknown[]) ?? [];
        return answer({ ok: true, channel, ts: m.ts, text: m.text });
      }
      if (method === "chat.postEphemeral") return answer({ ok: true, message_ts: `1700000001.${String(++seq).padStart(6, "0")}` });
      answer({ ok: false, error: "unknown_method" });
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    baseUrl: `${url}/api/`,
    calls,
    messages,
    /** The next call of this method answers 429 with this Retry-After. */
    rateLimitNext: (method: string, retryAfterS: number) => void limited.push({ method, retryAfterS }),
    close,
  };
}

/** Every text of a message's blocks, joined: what a person reads in it. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "text" && typeof x === "string") out.push(x);
        else walk(x);
      }
    }
  };
  walk(blocks);
  return out.join("\n");
}
