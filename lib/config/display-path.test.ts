import { describe, expect, it } from "vitest";
import { displayIssue, displayPath } from "./display-path";

describe("server paths as shown", () => {
  it("relative inside the working directory, the file name alone outside it", () => {
    expect(displayPath("/srv/meridian/config/demo.yaml", "/srv/meridian")).toBe("config/demo.yaml");
    expect(displayPath("/etc/meridian/meridian.yaml", "/srv/meridian")).toBe("meridian.yaml");
    expect(displayPath("/srv/meridian-other/x.yaml", "/srv/meridian")).toBe("x.yaml");
    expect(displayPath("config/slos.yaml", "/srv/meridian")).toBe("config/slos.yaml");
  });

  it("a problem's message names its file the same way", () => {
    const issue = { file: "/etc/meridian/slos.yaml", line: null, field: "", message: "cannot read: ENOENT: no such file or directory, open '/etc/meridian/slos.yaml'" };
    expect(displayIssue(issue, "/srv/meridian")).toEqual({ ...issue, file: "slos.yaml", message: "cannot read: ENOENT: no such file or directory, open 'slos.yaml'" });
  });
});
