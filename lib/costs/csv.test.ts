import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("CSV export", () => {
  it("quotes per RFC 4180 and ends lines with CRLF", () => {
    const csv = toCsv(
      [
        { header: "service", value: (r: { s: string; a: string }) => r.s },
        { header: "amount", value: (r) => r.a },
      ],
      [
        { s: 'Payments "core", EU', a: "12.50" },
        { s: "line\nbreak", a: "-3.25" },
      ],
    );
    expect(csv).toBe('service,amount\r\n"Payments ""core"", EU",12.50\r\n"line\nbreak",-3.25\r\n');
  });

  it("defuses formulas but keeps negative numbers numeric", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell(-4)).toBe("-4");
    expect(csvCell(null)).toBe("");
  });
});
