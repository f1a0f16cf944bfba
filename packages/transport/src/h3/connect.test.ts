import { describe, expect, it } from "vitest";
import {
	buildConnectRequest,
	buildConnectResponse,
	type ConnectValidation,
	parseConnectResponse,
	validateConnectRequest,
} from "./connect.js";
import type { H3Error } from "./errors.js";
import type { HeaderField } from "./qpack.js";

const f = (name: string, value: string): HeaderField => ({ name, value });

// What Chromium 156 sends (measured), in its order.
const CHROMIUM: HeaderField[] = [
	f(":method", "CONNECT"),
	f(":protocol", "webtransport"),
	f(":scheme", "https"),
	f(":authority", "localhost:4443"),
	f(":path", "/moq"),
	f("sec-webtransport-http3-draft02", "1"),
	f("origin", "https://localhost:8080"),
];

function refused(v: ConnectValidation): { status: number; reason: string } | undefined {
	return v.ok ? undefined : { status: v.status, reason: v.reason };
}

describe("extended CONNECT requests (RFC 9220, draft-ietf-webtrans-http3)", () => {
	it("accepts Chromium's draft-02 request", () => {
		expect(validateConnectRequest(CHROMIUM)).toEqual({
			ok: true,
			request: {
				authority: "localhost:4443",
				path: "/moq",
				origin: "https://localhost:8080",
				protocols: [],
				draft02: true,
				upgrade: "webtransport",
			},
		});
	});
	it("accepts a draft-15 request offering application protocols", () => {
		const v = validateConnectRequest([
			f(":method", "CONNECT"),
			f(":protocol", "webtransport-h3"),
			f(":scheme", "https"),
			f(":authority", "relay.example"),
			f(":path", "/moq?x=1"),
			f("wt-available-protocols", '"moqt-16", "moq-00"'),
		]);
		expect(v.ok && v.request).toEqual({
			authority: "relay.example",
			path: "/moq?x=1",
			origin: undefined,
			protocols: ["moqt-16", "moq-00"],
			draft02: false,
			upgrade: "webtransport-h3",
		});
	});
	it("combines repeated WT-Available-Protocols lines and ignores a malformed field", () => {
		const base = CHROMIUM.slice(0, 5);
		const two = validateConnectRequest([
			...base,
			f("wt-available-protocols", '"a"'),
			f("wt-available-protocols", '"b"'),
		]);
		expect(two.ok && two.request.protocols).toEqual(["a", "b"]);
		const tokens = validateConnectRequest([...base, f("wt-available-protocols", "moqt-16")]);
		expect(tokens.ok && tokens.request.protocols).toEqual([]);
	});
	it("refuses other methods and plain CONNECT with 405", () => {
		expect(refused(validateConnectRequest([f(":method", "GET"), f(":scheme", "https"), f(":path", "/")]))?.status).toBe(
			405,
		);
		expect(refused(validateConnectRequest([f(":method", "CONNECT"), f(":authority", "a:443")]))?.status).toBe(405);
	});
	it.each([
		["a missing :method", CHROMIUM.filter((x) => x.name !== ":method")],
		["an unknown :protocol", CHROMIUM.map((x) => (x.name === ":protocol" ? f(":protocol", "websocket") : x))],
		["http", CHROMIUM.map((x) => (x.name === ":scheme" ? f(":scheme", "http") : x))],
		["a missing :scheme", CHROMIUM.filter((x) => x.name !== ":scheme")],
		["an empty :authority", CHROMIUM.map((x) => (x.name === ":authority" ? f(":authority", "") : x))],
		["a missing :path", CHROMIUM.filter((x) => x.name !== ":path")],
		["a relative :path", CHROMIUM.map((x) => (x.name === ":path" ? f(":path", "moq") : x))],
		["two origins", [...CHROMIUM, f("origin", "https://evil.example")]],
		["an uppercase field name", [...CHROMIUM, f("Origin", "x")]],
		["a pseudo-header last", [...CHROMIUM, f(":path", "/again")]],
	])("refuses %s with 400", (_, fields) => {
		expect(refused(validateConnectRequest(fields))?.status).toBe(400);
	});
});

describe("CONNECT responses", () => {
	it("answers a draft-02 client with the draft header", () => {
		expect(buildConnectResponse({ status: 200, draft02: true })).toEqual([
			f(":status", "200"),
			f("sec-webtransport-http3-draft", "draft02"),
		]);
	});
	it("names the chosen protocol as an sf-string", () => {
		expect(buildConnectResponse({ status: 200, protocol: "moqt-16" })).toEqual([
			f(":status", "200"),
			f("wt-protocol", '"moqt-16"'),
		]);
	});
	it("sends only the status when refusing", () => {
		for (const status of [400, 404, 429, 503]) {
			expect(buildConnectResponse({ status, protocol: "x", draft02: true })).toEqual([f(":status", String(status))]);
		}
		expect(() => buildConnectResponse({ status: 101 })).toThrow(RangeError);
	});
	it("parses what the server answered", () => {
		expect(parseConnectResponse([f(":status", "200"), f("wt-protocol", '"moqt-16"')])).toEqual({
			status: 200,
			protocol: "moqt-16",
		});
		expect(parseConnectResponse([f(":status", "200"), f("wt-protocol", "moqt-16")])).toEqual({
			status: 200,
			protocol: undefined,
		});
		expect(parseConnectResponse([f(":status", "404")])).toEqual({ status: 404, protocol: undefined });
	});
	it("rejects a response without a valid :status", () => {
		for (const fields of [[], [f(":status", "20")], [f(":status", "abc")], [f(":path", "/")]]) {
			try {
				parseConnectResponse(fields);
				throw new Error("expected a malformed response");
			} catch (e) {
				expect((e as H3Error).code).toBe("H3_MESSAGE_ERROR");
			}
		}
	});
});

describe("client CONNECT requests", () => {
	it("builds a draft-15 request", () => {
		expect(
			buildConnectRequest({
				authority: "relay.example:443",
				path: "/moq",
				protocols: ["moqt-16"],
				generation: "h3",
			}),
		).toEqual([
			f(":method", "CONNECT"),
			f(":scheme", "https"),
			f(":authority", "relay.example:443"),
			f(":path", "/moq"),
			f(":protocol", "webtransport-h3"),
			f("wt-available-protocols", '"moqt-16"'),
		]);
	});
	it("builds an older-draft request that a draft-02 server also takes", () => {
		const fields = buildConnectRequest({ authority: "a", path: "/", origin: "https://o", generation: "draft02" });
		expect(fields).toContainEqual(f(":protocol", "webtransport"));
		expect(fields).toContainEqual(f("sec-webtransport-http3-draft02", "1"));
		expect(fields).toContainEqual(f("origin", "https://o"));
		const v = validateConnectRequest(fields);
		expect(v.ok && v.request.draft02).toBe(true);
	});
	it("validates what it builds", () => {
		const v = validateConnectRequest(
			buildConnectRequest({ authority: "a", path: "/p", protocols: ["x", "y"], generation: "draft07" }),
		);
		expect(v.ok && v.request.protocols).toEqual(["x", "y"]);
		expect(() => buildConnectRequest({ authority: "a", path: "p", generation: "h3" })).toThrow(RangeError);
	});
});
