import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { endOpenChange, type OutsideActor } from "@/lib/changes/end-open-change";
import { db } from "@/lib/db/client";
import { decide } from "@/lib/db/decision";
import { ValidationError } from "@/lib/http/errors";
import { parsePullRequestUrl, verifyGithubSignature } from "@/lib/sources/github";
import { requireGithubSettings } from "./settings";

export const WEBHOOK_PATH = "POST /api/v1/integrations/github/webhook";

/** The caller once its signature checks out: the GitHub App, which may only hand events over. */
const GITHUB_APP: Actor = { id: "integration:github", username: "github", displayName: "GitHub App", role: "viewer", via: "signature" };

/**
 * route()'s authenticate for GitHub: 404 when the integration is not configured, null (401) for a
 * missing or wrong X-Hub-Signature-256, audited with why.
 */
export async function authenticateGithubRequest(req: Request, rawBody: string, requestId: string): Promise<Actor | null> {
  const settings = requireGithubSettings();
  const signature = req.headers.get("x-hub-signature-256");
  if (await verifyGithubSignature(settings.webhookSecret, rawBody, signature)) return GITHUB_APP;
  await recordAuditEvent({
    actor: { id: null, name: "github" },
    action: "github.webhook-refused",
    target: { type: "route", id: WEBHOOK_PATH },
    outcome: "denied",
    reason: signature ? "signature does not match the body" : "no X-Hub-Signature-256 header",
    details: { refusal: signature ? "mismatch" : "missing", delivery: (req.headers.get("x-github-delivery") ?? "").slice(0, 100) || null, event: (req.headers.get("x-github-event") ?? "").slice(0, 100) || null },
    requestId,
  });
  return null;
}

const DELIVERY_ID = /^[A-Za-z0-9-]{1,100}$/;

const pullRequestEvent = z.object({
  action: z.string().max(100),
  pull_request: z.object({
    html_url: z.string().max(2000),
    number: z.number().int(),
    merged: z.boolean().nullish(),
    head: z.object({ sha: z.string().regex(/^[0-9a-f]{7,64}$/i) }),
  }).passthrough(),
  repository: z.object({ full_name: z.string().max(300) }).passthrough().optional(),
  sender: z.object({ login: z.string().max(100) }).passthrough().optional(),
}).passthrough();

export type WebhookOutcome = { delivery: string; event: string; outcome: "handled" | "ignored" | "replayed"; changes: Array<{ id: string; moved: boolean; state: string }> };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/**
 * One delivery: recorded by its X-GitHub-Delivery id in the same transaction as what it decides, so
 * a redelivery of the same id is answered 200 without being handled again. `pull_request`
 * synchronize supersedes the pull request's open changes planned for another commit than its new
 * head; closed cancels its open changes. Other events are acknowledged and ignored.
 */
export async function receiveGithubWebhook(req: Request, rawBody: string, requestId: string): Promise<WebhookOutcome> {
  const delivery = req.headers.get("x-github-delivery") ?? "";
  const event = req.headers.get("x-github-event") ?? "";
  if (!DELIVERY_ID.test(delivery)) throw new ValidationError("X-GitHub-Delivery is missing or malformed.");
  if (!/^[a-z_]{1,64}$/.test(event)) throw new ValidationError("X-GitHub-Event is missing or malformed.");
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ValidationError("The delivery's body is not JSON.");
  }
  const already = await db().githubDelivery.findUnique({ where: { id: delivery } });
  if (already) return { delivery, event, outcome: "replayed", changes: [] };

  const parsed = event === "pull_request" ? pullRequestEvent.safeParse(json) : null;
  const pr = parsed?.success ? parsePullRequestUrl(parsed.data.pull_request.html_url) : null;
  const action = parsed?.success ? parsed.data.action : typeof (json as { action?: unknown })?.action === "string" ? String((json as { action: string }).action).slice(0, 100) : null;
  if (!parsed?.success || !pr || (action !== "synchronize" && action !== "closed")) {
    try {
      await db().githubDelivery.create({ data: { id: delivery, event, action, outcome: "ignored", detail: parsed && !parsed.success ? "not a pull_request payload Meridian reads" : null } });
    } catch (error) {
      if (isUniqueViolation(error)) return { delivery, event, outcome: "replayed", changes: [] };
      throw error;
    }
    return { delivery, event, outcome: "ignored", changes: [] };
  }
  const p = parsed.data;
  const by: OutsideActor = { id: null, name: `github:${p.sender?.login ?? "unknown"}` };
  const open = await db().changeRequest.findMany({ where: { prUrl: pr.url, state: { in: ["proposed", "approved"] } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  try {
    const changes = await decide("change", async (tx) => {
      // First: a concurrent redelivery of the same id fails here and rolls back everything below.
      await tx.githubDelivery.create({ data: { id: delivery, event, action, outcome: "handled" } });
      const results = [];
      for (const c of open) {
        results.push(
          action === "synchronize"
            ? await endOpenChange(tx, by, c.id, "superseded", { reason: `A new push to ${pr.url} (head ${p.pull_request.head.sha.slice(0, 12)}) made this plan out of date.`, unlessCommit: p.pull_request.head.sha, details: { delivery, pullRequest: pr.url, headSha: p.pull_request.head.sha }, requestId })
            : await endOpenChange(tx, by, c.id, "cancelled", { reason: `Pull request ${pr.url} was ${p.pull_request.merged ? "merged" : "closed"} before this change was applied.`, details: { delivery, pullRequest: pr.url, merged: p.pull_request.merged ?? false }, requestId }),
        );
      }
      await tx.githubDelivery.update({ where: { id: delivery }, data: { detail: `${results.filter((r) => r.moved).length} of ${results.length} open changes ${action === "synchronize" ? "superseded" : "cancelled"}` } });
      await appendAuditEvent(tx, {
        actor: by,
        action: "github.webhook-handled",
        target: { type: "github-delivery", id: delivery },
        details: { event, action, pullRequest: pr.url, headSha: p.pull_request.head.sha, changes: results.map((r) => ({ id: r.id, moved: r.moved, state: r.state })) },
        requestId,
      });
      return results;
    });
    return { delivery, event, outcome: "handled", changes: changes.map((c) => ({ id: c.id, moved: c.moved, state: c.state })) };
  } catch (error) {
    if (isUniqueViolation(error)) return { delivery, event, outcome: "replayed", changes: [] };
    throw error;
  }
}
