import { describe, expect, it } from "vitest";
import { truncateReason } from "./close-reason.js";

describe("truncateReason", () => {
	it("keeps reasons within the limit", () => {
		expect(truncateReason("bye")).toBe("bye");
		expect(truncateReason("x".repeat(1024))).toBe("x".repeat(1024));
	});

	it("cuts at a character boundary", () => {
		expect(truncateReason("x".repeat(1025))).toBe("x".repeat(1024));
		// "€" is 3 bytes: 341 fit in 1023 bytes, the 342nd would end at 1026.
		expect(truncateReason("€".repeat(400))).toBe("€".repeat(341));
		expect(truncateReason("a😀b", 4)).toBe("a");
		expect(truncateReason("a😀b", 5)).toBe("a😀");
	});
});
