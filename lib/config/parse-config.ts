import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import type { z } from "zod";

export type ConfigIssue = { file: string; line: number | null; field: string; message: string };

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ""}: ${i.field || "(file)"}: ${i.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

/** Finds the YAML node at a zod path so messages can name the line. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: PropertyKey[]): number | null {
  let node: unknown = doc.contents;
  let lastRange: [number, number, number] | undefined = (node as Node | null)?.range ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      lastRange = (pair.key as Node | null)?.range ?? lastRange;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      lastRange = (node as Node | null)?.range ?? lastRange;
    } else break;
  }
  return lastRange ? counter.linePos(lastRange[0]).line : null;
}

/** Parses YAML text and validates it with a zod schema; every problem names file, line and field. */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string): z.infer<S> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => ({ file, line: counter.linePos(e.pos[0]).line, field: "", message: e.message.split("\n")[0] })),
    );
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        // An unknown key is reported on its parent; point at the key itself.
        const path = i.code === "unrecognized_keys" && i.keys.length ? [...i.path, i.keys[0]] : i.path;
        return { file, line: lineOf(doc, counter, path), field: path.map(String).join("."), message: i.message };
      }),
    );
  }
  return result.data;
}
