import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { requestTargetProblem } from "@/lib/http/request-target";

// Only redirects anonymous page visits to sign-in; every page and route still checks on the server.
const redirectAnonymous = withAuth({ pages: { signIn: "/sign-in" } });

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
