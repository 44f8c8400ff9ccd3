// Request → job start latency through the durable queue (graphile-worker on a real PostgreSQL).
// `npm run bench -- jobs`
// A job is enqueued by SQL in a committed transaction (as a decision does) and the clock stops when
// the worker's task starts: here the webhook delivery task's HTTP request reaching a local server.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Logger, runMigrations } from "graphile-worker";
import { resetEnvForTests } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { startJobWorker, stopJobWorker } from "@/lib/jobs/worker";
import { measure, startBenchDatabase, type BenchResult } from "./support";

export async function run(): Promise<BenchResult[]> {
  const database = await startBenchDatabase();
  await runMigrations({ connectionString: database.url, logger: new Logger(() => () => undefined) });
  let arrived: (() => void) | null = null;
  const hook = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      arrived?.();
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  process.env.MERIDIAN_WEBHOOK_URL = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench";
  process.env.DATABASE_URL = database.url;
  resetEnvForTests();
  await startJobWorker(database.url, 8);
  const once = async () => {
    const done = new Promise<void>((r) => (arrived = r));
    await database.db.$transaction((tx) => enqueueJob(tx, "deliver-webhook", { message: { text: "bench", blocks: [] }, context: {} }, { maxAttempts: 1 }));
    await done;
  };
  const results = [await measure("jobs: enqueue in a transaction → task running (graphile-worker, LISTEN/NOTIFY)", 200, once, "commit → webhook task's request received; real PostgreSQL, worker in this process")];
  await stopJobWorker();
  hook.close();
  await database.stop();
  return results;
}
