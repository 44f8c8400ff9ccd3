// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container build sets MERIDIAN_STANDALONE=1 (see Dockerfile); `npm start` runs `next start`,
  // which warns on standalone output, so local builds stay as they are.
  ...(process.env.MERIDIAN_STANDALONE === "1" ? { output: "standalone", outputFileTracingRoot: __dirname } : {}),
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // The proxy sees requests as they came, the router's RSC headers and _rsc included: it serves a live
  // page's refresh from a copy shared by role and data version, and a copy must match what was asked.
  skipProxyUrlNormalize: true,
  // Server-only packages that must not be bundled (WASM engines, native-ish modules).
  serverExternalPackages: ["@kubernetes/client-node", "pg", "graphile-worker", "prom-client"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};
module.exports = nextConfig;
