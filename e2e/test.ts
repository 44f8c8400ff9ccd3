import { test as base } from "@playwright/test";

export { expect } from "@playwright/test";
export type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";

// Specs sign people in with browser.newContext(), which Playwright keeps open until the worker ends.
// Left open, every page a spec signed in keeps polling /api/v1/live and re-rendering on each change,
// so the suite's later tests ran 2–3 × slower than alone. Each test closes the contexts it opened;
// contexts opened in a beforeAll (shared by a serial suite) stay.
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close().catch(() => undefined)));
    },
    { auto: true },
  ],
});
