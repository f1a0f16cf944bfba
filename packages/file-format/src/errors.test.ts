import { describe, expect, it } from "vitest";
import { FileFormatError } from "./errors.js";

describe("FileFormatError", () => {
	it("names the file, entry and field in its message and fields", () => {
		const e = new FileFormatError("invalid-entry", "is missing", { file: "a.moq", entry: 3, field: "groupID" });
		expect(e.message).toBe("a.moq: entry 3: groupID: is missing");
		expect(e).toMatchObject({
			name: "FileFormatError",
			code: "invalid-entry",
			file: "a.moq",
			entry: 3,
			field: "groupID",
		});
		expect(new FileFormatError("closed", "the writer is closed").message).toBe("the writer is closed");
	});

	it("is branded as a MoQT error and as a file format error, across package copies", () => {
		const e = new FileFormatError("truncated", "x");
		// @moqt/wire's MoqtError.isInstance checks this brand.
		expect((e as unknown as Record<symbol, unknown>)[Symbol.for("moqt.error")]).toBe(true);
		const foreign = Object.assign(new Error("copy"), { [Symbol.for("moqt.file-format.error")]: true });
		expect(FileFormatError.isInstance(foreign)).toBe(true);
		expect(foreign instanceof FileFormatError).toBe(true);
		expect(new Error("plain") instanceof FileFormatError).toBe(false);
		expect(FileFormatError.isInstance(null)).toBe(false);
	});

	it("keeps the cause", () => {
		const cause = new Error("EACCES");
		expect(new FileFormatError("missing-file", "x", { cause }).cause).toBe(cause);
	});
});
