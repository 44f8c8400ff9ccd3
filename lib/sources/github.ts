import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { Webhooks } from "@octokit/webhooks";

/** A GitHub App's credentials: its id and private key (PEM); baseUrl for GitHub Enterprise Server. */
export type GithubAppCredentials = { appId: number | string; privateKey: string; baseUrl?: string };

/** One call's bound: a GitHub that hangs fails the job, which graphile-worker retries with backoff. */
export const GITHUB_TIMEOUT_MS = 10_000;

function boundedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * Octokit authenticated as the App (JWT) or, with an installation id, as that installation (a token
 * octokit exchanges the JWT for and caches). No retry plugin: retries are the durable job's.
 */
export function createGithubClient(creds: GithubAppCredentials, installationId?: number, timeoutMs = GITHUB_TIMEOUT_MS): Octokit {
  return new Octokit({
    authStrategy: createAppAuth,
    auth: { appId: creds.appId, privateKey: creds.privateKey, ...(installationId ? { installationId } : {}) },
    baseUrl: creds.baseUrl ?? "https://api.github.com",
    userAgent: "meridian-console",
    request: { fetch: boundedFetch(timeoutMs) },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/** A repository named by a pull request URL: https://<host>/<owner>/<repo>/pull/<n>. */
export type PullRequestRef = { owner: string; repo: string; number: number; url: string };

export function parsePullRequestUrl(prUrl: string): PullRequestRef | null {
  let url: URL;
  try {
    url = new URL(prUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const m = /^\/([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})\/pull\/(\d{1,10})\/?$/.exec(url.pathname);
  if (!m) return null;
  return { owner: m[1], repo: m[2], number: Number(m[3]), url: `${url.origin}/${m[1]}/${m[2]}/pull/${m[3]}` };
}

/** What a failed call means, in words for Settings: GitHub's status and message, or the network's. */
export function describeGithubError(error: unknown): string {
  // octokit reports its fetch aborted by our timeout as an HttpError 500 without a response.
  const noResponse = typeof error === "object" && error !== null && !(error as { response?: unknown }).response;
  if (noResponse && error instanceof Error && /aborted|timeout/i.test(error.message)) return "GitHub did not answer in time; retried with backoff.";
  if (typeof error === "object" && error !== null && "status" in error && typeof (error as { status: unknown }).status === "number") {
    const e = error as { status: number; message?: string; response?: { data?: { message?: string } } };
    const message = e.response?.data?.message ?? e.message ?? "";
    if (e.status === 401) return `GitHub refused the App's credentials (401): check appId and privateKey. ${message}`.trim();
    if (e.status === 403) return `GitHub refused the call (403): the App may lack "checks: write" on this repository. ${message}`.trim();
    if (e.status === 404) return `GitHub answered 404: the App is not installed on this repository, or it does not exist. ${message}`.trim();
    if (e.status >= 500) return `GitHub answered ${e.status} (its side failed); retried with backoff. ${message}`.trim();
    return `GitHub answered ${e.status}: ${message}`.slice(0, 500);
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const cause = (err as { cause?: unknown }).cause;
  if (err.name === "TimeoutError" || (cause instanceof Error && cause.name === "TimeoutError") || /aborted|timeout/i.test(err.message)) {
    return "GitHub did not answer in time; retried with backoff.";
  }
  return `GitHub could not be reached: ${err.message}`.slice(0, 500);
}

/**
 * X-Hub-Signature-256 over the exact raw body, by @octokit/webhooks (HMAC-SHA256, compared in
 * constant time). A missing header or a wrong signature is false, never an exception.
 */
export async function verifyGithubSignature(secret: string, rawBody: string, signature: string | null): Promise<boolean> {
  if (!signature || !signature.startsWith("sha256=")) return false;
  try {
    return await new Webhooks({ secret }).verify(rawBody, signature);
  } catch {
    return false;
  }
}

/** The signature GitHub sends for this body (for tests and tools that replay deliveries). */
export async function signGithubPayload(secret: string, rawBody: string): Promise<string> {
  return new Webhooks({ secret }).sign(rawBody);
}
