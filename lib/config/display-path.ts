import path from "node:path";
import type { ConfigIssue } from "./parse-config";

/**
 * How a file on the server is named in answers and pages: relative to the working directory when it
 * lies inside it ("config/demo.yaml"), else by its name alone. An absolute path tells a caller how the
 * server is laid out and nothing they can use (issue 32); the process's own log keeps the full path.
 */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  if (relative && !relative.startsWith("..") && !path.isAbsolute(relative)) return relative;
  return path.basename(file);
}

/** A configuration problem as shown: its file named as above, and so wherever its message names it. */
export function displayIssue(issue: ConfigIssue, cwd = process.cwd()): ConfigIssue {
  const file = displayPath(issue.file, cwd);
  const message = path.isAbsolute(issue.file) ? issue.message.replaceAll(issue.file, file) : issue.message;
  return { ...issue, file, message };
}
