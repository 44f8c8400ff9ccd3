import { describe, expect, it } from "vitest";
import { formatMicros, microsToCents, parseAmountToMicros, sumDecimalStrings } from "./money";

describe("money in integer micros", () => {
  it("parses decimal strings exactly, rounding half away from zero at the 7th decimal", () => {
    expect(parseAmountToMicros("1234.005")).toBe(1_234_005_000);
    expect(parseAmountToMicros("0.1")).toBe(100_000);
    expect(parseAmountToMicros("0.0000005")).toBe(1);
    expect(parseAmountToMicros("0.0000004999")).toBe(0);
    expect(parseAmountToMicros("-2.5")).toBe(-2_500_000);
    expect(parseAmountToMicros("1.5E-6")).toBe(2);
    expect(parseAmountToMicros("12")).toBe(12_000_000);
    expect(() => parseAmountToMicros("12,5")).toThrow(/not a decimal/);
  });

  it("sums decimal strings exactly where floats drift", () => {
    const tenths = Array.from({ length: 10 }, () => "0.1");
    expect(tenths.reduce((s, a) => s + Number(a), 0)).not.toBe(1);
    expect(sumDecimalStrings(tenths)).toBe("1.0");
    expect(sumDecimalStrings(["1.005", "0.0000004", "-0.5"])).toBe("0.5050004");
    expect(sumDecimalStrings(["-1.25", "0.5"])).toBe("-0.75");
  });

  it("rounds to the cent half up with integers (1.005 is 1.01, where (1.005).toFixed(2) is 1.00)", () => {
    expect(formatMicros(1_005_000)).toBe("1.01");
    expect(formatMicros(1_004_999)).toBe("1.00");
    expect(formatMicros(-1_005_000)).toBe("-1.01");
    expect(formatMicros(7)).toBe("0.00");
    expect(formatMicros(1_234_567, 6)).toBe("1.234567");
    expect(formatMicros(1_500_000, 0)).toBe("2");
    expect(microsToCents(1_005_000)).toBe(101);
    expect(microsToCents(-1_004_999)).toBe(-100);
  });
});
