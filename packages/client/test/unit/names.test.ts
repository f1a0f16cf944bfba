/** Names, objects, options and URLs: the pure conversions. */

import { FilterType, TokenAliasType } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { hashBytes } from "../../src/connect/hashes.js";
import { protocolsFor } from "../../src/connect/protocols.js";
import {
	hasPrefix,
	json,
	namespaceText,
	parseMoqtUrl,
	property,
	sameNamespace,
	text,
	toName,
	toNamespace,
} from "../../src/index.js";
import { trackKey } from "../../src/names.js";
import { subscribeParameters, toEndLocation, toFilter, toToken } from "../../src/options.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("names", () => {
	it("splits a namespace string on '/' and takes arrays field by field", () => {
		expect(toNamespace("a/bé/c")).toEqual([utf8("a"), utf8("bé"), utf8("c")]);
		expect(toNamespace(["a/b", new Uint8Array([0, 255])])).toEqual([utf8("a/b"), new Uint8Array([0, 255])]);
		expect(toNamespace("")).toEqual([]);
		expect(toName("video")).toEqual(utf8("video"));
		const bytes = new Uint8Array([1, 2]);
		expect(toName(bytes)).toBe(bytes);
	});

	it("refuses empty fields", () => {
		expect(() => toNamespace("a//b")).toThrow(/field 1 is empty/);
		expect(() => toNamespace(["a", ""])).toThrow(TypeError);
	});

	it("compares namespaces and prefixes", () => {
		expect(hasPrefix(toNamespace("a/b/c"), toNamespace("a/b"))).toBe(true);
		expect(hasPrefix(toNamespace("a/bc"), toNamespace("a/b"))).toBe(false);
		expect(hasPrefix(toNamespace("a"), toNamespace(""))).toBe(true);
		expect(sameNamespace(toNamespace("a/b"), toNamespace(["a", "b"]))).toBe(true);
		expect(sameNamespace(toNamespace("a/b"), toNamespace("a"))).toBe(false);
		expect(namespaceText(toNamespace("x/y"))).toBe("x/y");
	});

	it("gives different tracks different keys", () => {
		const keys = [
			trackKey(toNamespace("a/b"), toName("c")),
			trackKey(toNamespace("a"), toName("b")),
			trackKey(toNamespace(["a/b"]), toName("c")),
			trackKey(toNamespace("ab"), toName("c")),
			trackKey([], toName("a")),
		];
		expect(new Set(keys).size).toBe(keys.length);
		expect(trackKey(toNamespace("a/b"), toName("c"))).toBe(trackKey(toNamespace(["a", "b"]), utf8("c")));
	});
});

describe("objects", () => {
	it("reads payloads as text and JSON, and properties by type", () => {
		const o = { payload: utf8('{"n":1}'), properties: [{ type: 4n, value: 7n }] };
		expect(text(o)).toBe('{"n":1}');
		expect(json<{ n: number }>(o).n).toBe(1);
		expect(property(o, 4)).toBe(7n);
		expect(property(o, 6)).toBeUndefined();
		expect(() => json({ payload: utf8("not json") })).toThrow(SyntaxError);
	});
});

describe("options", () => {
	it("translates filters", () => {
		expect(toFilter("latest-object")).toEqual({ type: FilterType.LARGEST_OBJECT });
		expect(toFilter("next-group")).toEqual({ type: FilterType.NEXT_GROUP_START });
		expect(toFilter({ start: { group: 3 } })).toEqual({
			type: FilterType.ABSOLUTE_START,
			start: { group: 3n, object: 0n },
		});
		expect(toFilter({ start: { group: 3, object: 2 }, endGroup: 9n })).toEqual({
			type: FilterType.ABSOLUTE_RANGE,
			start: { group: 3n, object: 2n },
			endGroup: 9n,
		});
	});

	it("turns an inclusive end into FETCH's 'plus one' encoding", () => {
		expect(toEndLocation({ group: 4, object: 2 })).toEqual({ group: 4n, object: 3n });
		expect(toEndLocation({ group: 4 })).toEqual({ group: 4n, object: 0n });
		expect(toEndLocation(undefined)).toEqual({ group: (1n << 62n) - 1n, object: 0n });
	});

	it("subscribes to the latest object unless told otherwise, and sends tokens by value", () => {
		expect(subscribeParameters({}).subscriptionFilter).toEqual({ type: FilterType.LARGEST_OBJECT });
		expect(
			subscribeParameters({ priority: 1, forward: false, deliveryTimeout: 50, groupOrder: "descending" }),
		).toMatchObject({
			subscriberPriority: 1,
			forward: false,
			deliveryTimeout: 50n,
			groupOrder: 2,
		});
		expect(toToken("secret")).toEqual({ aliasType: TokenAliasType.USE_VALUE, tokenType: 0n, value: utf8("secret") });
		expect(toToken({ type: 5, value: new Uint8Array([1]) })).toMatchObject({ tokenType: 5n });
	});

	it("reads certificate hashes as bytes or hex", () => {
		const hex = "ab".repeat(32);
		expect(hashBytes(hex)).toEqual(new Uint8Array(32).fill(0xab));
		expect(hashBytes(hex.match(/../g)!.join(":"))).toEqual(new Uint8Array(32).fill(0xab));
		expect(() => hashBytes("abc")).toThrow(TypeError);
	});
});

describe("URLs and protocols", () => {
	it("parses moqt and https URLs, with 443 by default", () => {
		expect(parseMoqtUrl("moqt://relay.example:4443/moq?room=1")).toEqual({
			scheme: "moqt",
			host: "relay.example",
			port: 4443,
			authority: "relay.example:4443",
			path: "/moq?room=1",
			https: "https://relay.example:4443/moq?room=1",
		});
		expect(parseMoqtUrl("moqt://relay.example")).toMatchObject({
			port: 443,
			path: "",
			https: "https://relay.example/",
		});
		expect(parseMoqtUrl("https://[::1]:9000/x")).toMatchObject({ host: "::1", port: 9000, authority: "[::1]:9000" });
	});

	it("refuses other schemes, empty hosts and user information", () => {
		expect(() => parseMoqtUrl("http://a/b")).toThrow(TypeError);
		expect(() => parseMoqtUrl("moqt:///path")).toThrow(/no host/);
		expect(() => parseMoqtUrl("moqt://user@host/")).toThrow(TypeError);
		expect(() => parseMoqtUrl("not a url")).toThrow(TypeError);
	});

	it("offers one protocol per draft, moq-00 for draft-14", () => {
		expect(protocolsFor([19, 18, 16, 14])).toEqual(["moqt-19", "moqt-18", "moqt-16", "moq-00"]);
		expect(protocolsFor([14])).toEqual(["moq-00"]);
		expect(() => protocolsFor([])).toThrow(TypeError);
	});
});
