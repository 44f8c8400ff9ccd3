import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { parse, stringify } from "yaml";
import { startBenchConsole } from "./support";
void (async () => {
  const doc = parse(readFileSync("config/demo.yaml", "utf8")) as { demo?: Record<string, unknown> };
  doc.demo = { ...(doc.demo ?? {}), size: { regions: 20, services: 1000 } };
  const all = await startBenchConsole({ config: stringify(doc), user: "viewer" });
  const web = await startBenchConsole({ config: stringify(doc), user: "viewer", join: { dataDir: all.dataDir }, env: { MERIDIAN_WORKER: "off", MERIDIAN_COLLECTOR: "off", NODE_OPTIONS: "--require /tmp/prof/profile.cjs", PROFILE_AFTER_S: process.env.PROFILE_AFTER_S ?? "90", PROFILE_FOR_S: "30" } });
  console.log("web up", new Date().toISOString());
  await new Promise((r) => setTimeout(r, 60_000));
  for (const target of (process.env.TARGETS ?? "/").split(",")) {
    const r = await new Promise<autocannon.Result>((res, rej) => autocannon({ url: `${web.baseUrl}${target}`, connections: 200, overallRate: 40, duration: 30, timeout: 10, headers: { cookie: web.cookie } }, (e, x) => (e ? rej(e) : res(x))));
    console.log(new Date().toISOString(), target, { total: r.requests.total, errors: r.errors + r.timeouts + r.non2xx, p50: r.latency.p50, p99: r.latency.p99, bytes: r.throughput.average });
  }
  await web.stop();
  await all.stop();
  process.exit(0);
})();
