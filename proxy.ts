import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { requestTargetProblem } from "@/lib/http/request-target";
import { cachedPage, pageCopyShape, pageGate, toCachedPage, type PageGate } from "@/lib/live/page-cache";
import { isReadWithoutDatabase } from "@/lib/live/version-marks";

// Pages every viewer of one role sees alike, served from a copy shared for a moment (lib/live/page-cache.ts):
// the overview and the live pages, whose open copies all refresh at once when the data version moves.
const SHARED_PAGES = new Set(["/", "/regions", "/replication", "/slos"]);
const RENDER_HEADER = "x-meridian-render";

async function sharedCopy(req: NextRequestWithAuth, gate: PageGate, shape: string[]): Promise<NextResponse | null> {
  const uid = req.nextauth.token?.uid;
  if (typeof uid !== "string") return null;
  const role = await gate.roleOf(uid);
  if (!role) return null;
  const url = req.nextUrl;
  const version = await gate.version();
  // A page rendered while the database is dark is most likely its error state, and with a loading
  // state streamed that is a 200: never shared, so a "Try again" renders afresh.
  if (isReadWithoutDatabase(version)) return null;
  const key = JSON.stringify([version, role, url.pathname, ...shape]);
  let served = "hit";
  const page = await cachedPage(key, async () => {
    served = "miss";
    // The request as it came (the router's headers and its _rsc included), marked as this process's own render.
    const headers = new Headers(req.headers);
    headers.set(RENDER_HEADER, gate.renderSecret);
    // Whole bytes to replay: the copy is stored uncompressed.
    headers.delete("accept-encoding");
    return toCachedPage(await fetch(new URL(url.pathname + url.search, gate.selfOrigin), { headers, redirect: "manual" }));
  });
  if (!page) return null;
  const res = new NextResponse(page.body as BodyInit, { status: page.status, headers: page.headers });
  res.headers.set("x-meridian-page-cache", served);
  return res;
}

/**
 * A page renders here, under a request id of its own: the dashboard layout hands it to the page's
 * error state, and instrumentation.ts logs it beside a render error's digest, so the id a person
 * quotes finds the log line.
 */
function renderHere(req: NextRequest): NextResponse {
  const requestId = crypto.randomUUID();
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("x-request-id", requestId);
  return res;
}

// Only redirects anonymous page visits to sign-in; every page and route still checks on the server.
// A signed-in visit to a shared page gets the copy its role, the data version and the request's shape
// share (a document load, a live refresh, curl), or renders.
const redirectAnonymous = withAuth(
  async (req) => {
    const gate = pageGate();
    if (!gate || !SHARED_PAGES.has(req.nextUrl.pathname) || req.headers.get(RENDER_HEADER) === gate.renderSecret) return renderHere(req);
    const shape = pageCopyShape(req.method, req.nextUrl, req.headers);
    if (!shape) return renderHere(req);
    // A copy that cannot be had (its render failed or may not be shared) is no answer: this request renders itself.
    return (await sharedCopy(req, gate, shape).catch(() => null)) ?? renderHere(req);
  },
  { pages: { signIn: "/sign-in" } },
);

// Served without the sign-in redirect: the API answers 401 itself, sign-in must stay reachable, and
// the icons and the web app manifest are public (a home-screen install fetches them signed out).
const NO_REDIRECT = /^\/(api|sign-in)(\/|$)|\.(png|svg|ico|webmanifest)$/;

export default function proxy(req: NextRequest, event: NextFetchEvent) {
  const url = new URL(req.url);
  // Checked for every path, before Next decodes params (it answers a bad escape with a bare 500).
  const problem = requestTargetProblem(url.pathname, url.search);
  if (problem) {
    const requestId = crypto.randomUUID();
    if (/^\/api(\/|$)/.test(url.pathname)) {
      return new NextResponse(JSON.stringify({ type: "about:blank", title: "Bad request", status: 400, detail: problem, requestId }), {
        status: 400,
        headers: { "content-type": "application/problem+json", "x-request-id": requestId },
      });
    }
    return new NextResponse(`400 Bad request: ${problem}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "x-request-id": requestId } });
  }
  if (NO_REDIRECT.test(url.pathname)) return NextResponse.next();
  return redirectAnonymous(req as NextRequestWithAuth, event);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
