import { describe, expect, it } from "vitest";
import { bytes, ns } from "../../test/helpers.js";
import { formatNamespace } from "../namespaces/names.js";
import { AuthAction, allows, encodeGrants, type Grants, parseGrants } from "./claims.js";

const ok = (claim: unknown): Grants => {
	const grants = parseGrants(claim);
	if (typeof grants === "string") throw new Error(grants);
	return grants;
};

describe("the moqt claim", () => {
	it("decodes string and binary fields", () => {
		const grants = ok({ pub: [["room", "1"]], sub: [[{ b64: "AAEC" }, "video"], [{ b64: "_-8" }], []] });
		expect(grants.publish.map(formatNamespace)).toEqual(["room-1"]);
		expect(grants.subscribe.map((p) => p.map((f) => Array.from(f)))).toEqual([
			[[0, 1, 2], Array.from(bytes("video"))],
			[[0xff, 0xef]],
			[],
		]);
	});

	it("treats a missing list as no grant", () => {
		expect(ok({})).toEqual({ publish: [], subscribe: [] });
		expect(ok({ pub: [["a"]], other: 5 }).subscribe).toEqual([]);
	});

	it.each([
		["a number", 5],
		["an array", [["a"]]],
		["null", null],
		["pub as a string", { pub: "room" }],
		["a prefix that is not an array", { sub: ["room"] }],
		["a numeric field", { sub: [[1]] }],
		["a null field", { sub: [[null]] }],
		["an empty field", { sub: [[""]] }],
		["an object field without b64", { sub: [[{ hex: "00" }]] }],
		["invalid base64", { sub: [[{ b64: "not base64!" }]] }],
		["base64 of impossible length", { sub: [[{ b64: "AAAAA" }]] }],
		["empty base64", { sub: [[{ b64: "" }]] }],
		["33 fields", { sub: [Array.from({ length: 33 }, () => "x")] }],
		["4097 bytes", { pub: [["x".repeat(4097)]] }],
		["257 prefixes", { pub: Array.from({ length: 257 }, () => ["x"]) }],
	])("refuses %s", (_, claim) => {
		expect(typeof parseGrants(claim)).toBe("string");
	});

	it("encodes text fields as strings and other bytes as base64url, and decodes back", () => {
		const binary = [new Uint8Array([0xff, 0x00, 0xfe])];
		const claim = encodeGrants({ publish: [ns("room", "ü")], subscribe: [binary] });
		expect(claim).toEqual({ pub: [["room", "ü"]], sub: [[{ b64: "_wD-" }]] });
		const back = ok(JSON.parse(JSON.stringify(claim)));
		expect(back.publish.map(formatNamespace)).toEqual(["room-.c3.bc"]);
		expect(Array.from(back.subscribe[0]![0]!)).toEqual([0xff, 0x00, 0xfe]);
	});

	it("allows a namespace under a granted prefix only, by whole fields", () => {
		const grants = ok({ pub: [["room", "1"]], sub: [["room"]] });
		expect(allows(grants, AuthAction.PUBLISH, ns("room", "1"))).toBe(true);
		expect(allows(grants, AuthAction.PUBLISH, ns("room", "1", "cam"))).toBe(true);
		expect(allows(grants, AuthAction.PUBLISH, ns("room", "12"))).toBe(false);
		expect(allows(grants, AuthAction.PUBLISH, ns("room"))).toBe(false);
		expect(allows(grants, AuthAction.SUBSCRIBE, ns("room", "2"))).toBe(true);
		expect(allows(grants, AuthAction.SUBSCRIBE, ns("roomy"))).toBe(false);
		expect(allows(ok({ sub: [[]] }), AuthAction.SUBSCRIBE, [])).toBe(true);
		expect(allows(ok({}), AuthAction.SUBSCRIBE, [])).toBe(false);
	});
});
