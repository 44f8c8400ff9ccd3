import { describe, expect, it } from "vitest";
import { notifyDataChanged } from "@/lib/events/data-changed";
import { dropRecentReads, onRecentReadsDropped, RECENT_MS, recently } from "./recently";

describe("reads shared by a crowd", () => {
  it("are read once a second, again after, and at once after a change made here; a failed read is not shared", async () => {
    let reads = 0;
    const read = async () => ++reads;
    expect(await recently("k", read, 0)).toBe(1);
    expect(await recently("k", read, RECENT_MS - 1)).toBe(1);
    expect(await recently("k", read, RECENT_MS)).toBe(2);
    notifyDataChanged("test");
    expect(await recently("k", read, RECENT_MS + 1)).toBe(3);

    await expect(recently("failing", async () => Promise.reject(new Error("database away")), 0)).rejects.toThrow("database away");
    expect(await recently("failing", async () => "back", 1)).toBe("back");
  });

  it("are all forgotten when this process learns another changed something, along with the shares registered alongside", async () => {
    let reads = 0;
    let dropped = 0;
    onRecentReadsDropped(() => dropped++);
    expect(await recently("other", async () => ++reads, 0)).toBe(1);
    expect(await recently("other", async () => ++reads, 1)).toBe(1);
    dropRecentReads();
    expect(dropped).toBe(1);
    expect(await recently("other", async () => ++reads, 2)).toBe(2);
  });
});
