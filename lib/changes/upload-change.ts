import "server-only";
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { AppError, PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { parsePlanJson, planJsonMatches } from "./plan-json";
import { recordChange } from "./record-change";
import { uploadChangeFields } from "./schemas";
import { assertWorkspaceScope, getPlanDir, getTerraformClient, getWorkspace, initWorkDir, isInitialised, syncWorkDir, withWorkspaceQueue } from "./workspaces";

/** The whole multipart body (plan file + its JSON + fields) may not exceed this. */
export const MAX_UPLOAD_BYTES = 50_000_000;

/** Reads a request body, refusing (and stopping the read) once it passes `max` bytes. */
export async function readBodyCapped(req: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max) throw new PayloadTooLargeError(`The upload is ${declared} bytes; the limit is ${max} bytes (${Math.round(max / 1e6)} MB).`);
  if (!req.body) throw new ValidationError("The request has no body: send multipart/form-data with plan and planJson.");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(`The upload is larger than ${max} bytes (${Math.round(max / 1e6)} MB).`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// A saved plan is a zip archive.
function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

async function partBytes(value: FormDataEntryValue | null): Promise<Uint8Array | null> {
  if (value === null) return null;
  if (typeof value === "string") return new TextEncoder().encode(value);
  return new Uint8Array(await value.arrayBuffer());
}

function textField(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * CI's upload: multipart with `plan` (the saved plan file), `planJson` (its `terraform show -json`),
 * `workspace`, `commitSha`, optional `prUrl` and `title`. The file is checked by terraform itself:
 * `terraform show -json` of the uploaded file must equal the uploaded JSON. Nothing is stored unless
 * every check passes.
 */
export async function uploadChange(actor: Actor, req: Request, requestId?: string) {
  let workspace: string | null = null;
  try {
    const contentType = req.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      throw new ValidationError("Send multipart/form-data with the fields plan, planJson, workspace and commitSha.");
    }
    const body = await readBodyCapped(req, MAX_UPLOAD_BYTES);
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new ValidationError("The multipart body could not be read.");
    }
    const fields = uploadChangeFields.safeParse({
      workspace: textField(form, "workspace"),
      commitSha: textField(form, "commitSha"),
      prUrl: textField(form, "prUrl"),
      title: textField(form, "title"),
    });
    if (!fields.success) {
      throw new ValidationError(`Invalid upload: ${fields.error.issues[0]?.message ?? "bad field"}`, fields.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    }
    workspace = fields.data.workspace;
    const ws = getWorkspace(fields.data.workspace);
    assertWorkspaceScope(actor, ws.name);

    const planFile = await partBytes(form.get("plan"));
    const planJsonBytes = await partBytes(form.get("planJson"));
    if (!planFile || planFile.length === 0) throw new ValidationError("The field plan (the saved plan file from `terraform plan -out`) is missing.");
    if (!planJsonBytes || planJsonBytes.length === 0) throw new ValidationError("The field planJson (the output of `terraform show -json <planfile>`) is missing.");
    if (!isZip(planFile)) throw new ValidationError("The field plan is not a terraform plan file (a saved plan is a zip archive from `terraform plan -out`).");
    const uploaded = parsePlanJson(planJsonBytes);

    const shown = await withWorkspaceQueue(ws.name, async () => {
      await syncWorkDir(ws);
      const tf = getTerraformClient(ws);
      if (!(await isInitialised(ws))) await initWorkDir(ws, tf);
      const file = path.join(getPlanDir(ws), `upload-${randomUUID()}.tfplan`);
      await writeFile(file, planFile);
      try {
        // Both views of the very bytes stored: the JSON checks the upload, the text is what people read.
        return { json: await tf.showJson(file), text: await tf.showText(file) };
      } catch (error) {
        throw new ValidationError(`terraform could not read the plan file: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await rm(file, { force: true });
      }
    });
    const plan = parsePlanJson(shown.json);
    if (!planJsonMatches(uploaded, plan)) {
      throw new ValidationError("planJson does not describe the uploaded plan file: upload the output of `terraform show -json` for this exact file.");
    }
    return await recordChange(actor, { ws, origin: "ci", planFile, plan, planText: shown.text, commitSha: fields.data.commitSha, prUrl: fields.data.prUrl, title: fields.data.title, requestId });
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      await recordAuditEvent({
        actor: { id: actor.id, name: actor.username },
        action: "change.upload-rejected",
        target: { type: "workspace", id: workspace },
        outcome: error.status === 403 ? "denied" : "failure",
        reason: error.message.slice(0, 500),
        details: { status: error.status, via: actor.via },
        requestId,
      });
    }
    throw error;
  }
}
