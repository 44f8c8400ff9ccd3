export async function register() {
  // Next's documented runtime switch: the collector runs in the Node.js server only.
  // eslint-disable-next-line no-restricted-properties -- Next sets NEXT_RUNTIME; lib/env.ts must not load in the edge runtime
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // An invalid environment (e.g. OIDC_ROLE_MAP naming a role that does not exist) stops the start
    // with its reason, instead of a console that fails on every request.
    const { getEnv } = await import("@/lib/env");
    try {
      getEnv();
    } catch (error) {
      console.error(`Meridian cannot start. ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    // The proxy serves the overview's shared copies with the app's own answers (lib/live/page-cache.ts).
    const { registerOverviewPageGate } = await import("@/lib/live/page-gate");
    registerOverviewPageGate();
    // The provider registry: the one place that picks the demo fleet or the live sources, and writes
    // the demo's past before the first request (both the web and the background process run this).
    const { startProviders } = await import("@/lib/server/registry");
    await startProviders().catch((error: unknown) => console.error(`provider registry not started: ${error instanceof Error ? error.message : String(error)}`));
    const { startBackgroundWork } = await import("@/lib/server/start-background-work");
    startBackgroundWork();
  }
}

/**
 * A page whose render failed: one log line with the digest its error state shows and the request id
 * proxy.ts gave it, so either id a person quotes finds the reason. Route handlers log their own
 * (lib/http/problem.ts).
 */
export async function onRequestError(error: unknown, request: { path: string; method: string; headers: NodeJS.Dict<string | string[]> }, context: { routePath: string; routeType: string }) {
  // eslint-disable-next-line no-restricted-properties -- as in register(): the logger must not load in the edge runtime
  if (process.env.NEXT_RUNTIME !== "nodejs" || context.routeType !== "render") return;
  const { log } = await import("@/lib/observability/log");
  const { classifyDbError } = await import("@/lib/db/errors");
  const header = request.headers["x-request-id"];
  const fields = {
    digest: (error as { digest?: unknown } | null)?.digest ?? null,
    method: request.method,
    path: request.path.split("?")[0],
    route: context.routePath,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
  const line = log.child({ requestId: (Array.isArray(header) ? header[0] : header) ?? null });
  if (classifyDbError(error)) line.warn("page render failed: database unavailable", fields);
  else line.error("page render failed", fields);
}
