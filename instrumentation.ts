export async function register() {
  // Next's documented runtime switch: the collector runs in the Node.js server only.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startBackgroundWork } = await import("@/lib/server/start-background-work");
    startBackgroundWork();
  }
}
