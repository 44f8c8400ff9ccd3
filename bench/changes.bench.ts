// A plan with 5,000 resource changes (terraform_data, count = 5000), on a REAL PostgreSQL.
// `npm run bench -- changes`
// 1. upload-to-page: CI's multipart upload (size cap, terraform show -json of the uploaded file in the
//    workspace, JSON match, summary, redacted store, audit) followed by the change page's data query.
// 2. change page data: getChangeDetail (summary, policy with the SLO gate, approvals, lock), page 1 of 50.
// 3. change page render: that query plus server-rendering the first 100 resource diffs to HTML.
import { readFile } from "node:fs/promises";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getChangeDetail } from "@/lib/changes/queries";
import { uploadChange } from "@/lib/changes/upload-change";
import { getTerraformClient, getWorkspace, initWorkDir, syncWorkDir } from "@/lib/changes/workspaces";
import { ResourceDiff } from "@/components/changes/resource-diff";
import { actor, startChangesSandbox } from "@/tests/support/changes";
import { measure, startBenchDatabase, type BenchResult } from "./support";

const N = 5000;
const MAIN = `
resource "terraform_data" "node" {
  count = ${N}
  input = { index = count.index, service = "leaderboard-api", size = "m6i.large", tags = { team = "mobile", n = tostring(count.index) } }
}
`;

export async function run(): Promise<BenchResult[]> {
  const database = await startBenchDatabase();
  const results: BenchResult[] = [];
  try {
    const sandbox = await startChangesSandbox();
    await sandbox.addWorkspace("bench-5000", MAIN);
    const ws = getWorkspace("bench-5000");
    await syncWorkDir(ws);
    const tf = getTerraformClient(ws);
    await initWorkDir(ws, tf);
    const t0 = performance.now();
    const plan = await tf.plan("plans/ci.tfplan");
    const planMs = performance.now() - t0;
    const json = await tf.showJson("plans/ci.tfplan");
    const planBytes = new Uint8Array(await readFile(`${tf.dir}/plans/ci.tfplan`));
    const ci = actor("ci-bot", "operator", { via: "token", tokenWorkspace: "bench-5000" });
    let lastId = "";
    const upload = async () => {
      const form = new FormData();
      form.append("workspace", "bench-5000");
      form.append("commitSha", "abcdef1234");
      form.append("plan", new Blob([planBytes]));
      form.append("planJson", new Blob([json]));
      const res = await uploadChange(ci, new Request("http://bench/api/v1/changes", { method: "POST", body: form }));
      lastId = res.id;
      return getChangeDetail(res.id);
    };
    const note = `terraform plan ${Math.round(planMs)} ms (not counted), show -json ${(json.length / 1e6).toFixed(1)} MB, plan file ${(planBytes.length / 1e3).toFixed(0)} kB, ${plan.outcome}`;
    results.push(await measure("changes: upload-to-page, 5,000 resources", 5, upload, note));
    results.push(await measure("changes: change page data, 5,000 resources (page 1 of 50)", 30, () => getChangeDetail(lastId), "getChangeDetail on real PostgreSQL"));
    results.push(
      await measure("changes: change page render, 5,000 resources", 30, async () => {
        const d = await getChangeDetail(lastId);
        return renderToStaticMarkup(createElement("div", null, d.resources.map((r) => createElement(ResourceDiff, { key: r.address, r }))));
      }, "data + server render of the 100 diffs on the page"),
    );
  } finally {
    await database.stop();
  }
  return results;
}
