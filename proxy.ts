import { withAuth } from "next-auth/middleware";

// Only redirects anonymous page visits to sign-in; every page and route still checks on the server.
export default withAuth({ pages: { signIn: "/sign-in" } });

export const config = { matcher: ["/((?!api|sign-in|_next/static|_next/image|favicon.ico|.*\\.png$|.*\\.svg$).*)"] };
