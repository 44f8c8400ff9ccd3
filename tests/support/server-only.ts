// Vitest stands in for Next's server: the "server-only" marker is a no-op here, as it is in Next's
// server bundles (the package's "react-server" export). See vitest.config.ts.
export {};
