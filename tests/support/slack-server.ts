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

export async function until<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Clicks as Slack sends them: a block_actions payload, form-encoded, signed with the app's signing
 * secret (or not, or wrongly, or late), to the real route handler; and the ephemeral reply the click job sent.
 */
export function slackClicker(opts: { handler: RouteHandler; secret: string; team: string; sign: (secret: string, ts: string, raw: string) => string; server: { calls: SlackCall[] } }) {
  return {
    async click(c: { user: string; value: string; action: string; signature?: string | null; timestamp?: number }) {
      const payload = { type: "block_actions", team: { id: opts.team, domain: "meridian-ops" }, user: { id: c.user, username: c.user.toLowerCase() }, channel: { id: "C0APPROVALS" }, actions: [{ action_id: c.action, value: c.value, action_ts: String(Date.now() / 1000) }] };
      const raw = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const ts = String(c.timestamp ?? Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": ts };
      const sig = c.signature === undefined ? opts.sign(opts.secret, ts, raw) : c.signature;
      if (sig !== null) headers["x-slack-signature"] = sig;
      const send = () => opts.handler(new Request("http://127.0.0.1:3000/api/v1/integrations/slack/interactions", { method: "POST", headers, body: raw }), { params: Promise.resolve({}) });
      return { res: await send(), resend: send };
    },
    /** Waits for the click job's ephemeral reply to this user among the calls after `after`. */
    async replyTo(user: string, after: number): Promise<string> {
      const call = await until(`ephemeral reply to ${user}`, async () => opts.server.calls.find((c, i) => i >= after && c.method === "chat.postEphemeral" && c.args.user === user));
      return String(call.args.text);
    },
  };
}

/** The value of a message's Approve button (what the approver saw), or a throw when it has none. */
export function approveValue(blocks: unknown[], actionId = "meridian.approve"): string {
  const actions = blocks.find((b) => (b as { block_id?: string }).block_id === "meridian.review") as { elements: Array<{ action_id: string; value?: string }> } | undefined;
  const value = actions?.elements.find((e) => e.action_id === actionId)?.value;
  if (!value) throw new Error("the message has no Approve button");
  return value;
}
