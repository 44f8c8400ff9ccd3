import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);

// Debian's chromium (npx playwright install downloads a browser, which fails offline).
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "e2e/artifacts/report.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The API refuses cookie-authenticated changes without a same-origin Origin (cross-site
    // protection); the specs' page.request calls stand for the console's own pages, as a browser
    // would send them. Specs that test cross-site refusal override or drop it.
    extraHTTPHeaders: { origin: `http://127.0.0.1:${port}` },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    // The built app through the same start script as the README, on a fresh embedded database.
    command: `node scripts/e2e-server.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { PORT: String(port) },
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM, so the console stops its embedded PostgreSQL (a SIGKILL leaves the server running).
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
