/**
 * The core's small pieces on their own: URI syntax, namespace keys and prefixes, deadlines, and
 * Request ID bookkeeping.
 */

import { TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { ProtocolViolation } from "../../src/core/errors.js";
import { compareLocations, hasPrefix, namespaceKey, prefixesOverlap, trackKey } from "../../src/core/keys.js";
import { OwnRequestIds, PeerRequestIds } from "../../src/core/request-ids.js";
import { Deadlines } from "../../src/core/timers.js";
import { isValidAuthority, isValidPath } from "../../src/core/uri.js";
import { b, ns } from "./pair.js";

function violationCode(fn: () => void): number | undefined {
	try {
		fn();
	} catch (e) {
		if (e instanceof ProtocolViolation) return e.terminationCode;
		throw e;
	}
	return undefined;
}

describe("PATH and AUTHORITY syntax (RFC 3986)", () => {
	it.each(["", "/", "/a/b", "/a%20b", "/x;y=1/@:!$&'()*+,", "?q", "/p?a=b/c?d"])("accepts the path %j", (p) => {
		expect(isValidPath(p)).toBe(true);
	});
	it.each(["a", "/a b", "/a%2", "/a%zz", "/a#frag", "//\\"])("refuses the path %j", (p) => {
		expect(isValidPath(p)).toBe(false);
	});
	it.each(["example.com", "example.com:443", "u:p@h", "[::1]:4443", "[v1.x]", "127.0.0.1", "a%41b", "@h"])(
		"accepts the authority %j",
		(a) => {
			expect(isValidAuthority(a)).toBe(true);
		},
	);
	it.each(["", ":443", "@", "a b", "h:x", "[::1", "h/p"])("refuses the authority %j", (a) => {
		expect(isValidAuthority(a)).toBe(false);
	});
});

describe("namespace keys and prefixes", () => {
	it("keys tell namespaces apart however their bytes are split", () => {
		expect(namespaceKey(ns("ab", "c"))).not.toBe(namespaceKey(ns("a", "bc")));
		expect(namespaceKey(ns("a/b"))).not.toBe(namespaceKey(ns("a", "b")));
		expect(trackKey(ns("a"), b("b"))).not.toBe(trackKey(ns("a", "b"), new Uint8Array(0)));
		expect(namespaceKey(ns("x", "y"))).toBe(namespaceKey(ns("x", "y")));
	});

	it("prefixes match field by field, and overlap when one contains the other", () => {
		expect(hasPrefix(ns("a", "b", "c"), ns("a", "b"))).toBe(true);
		expect(hasPrefix(ns("a", "b"), ns("a", "b"))).toBe(true);
		expect(hasPrefix(ns("a", "bc"), ns("a", "b"))).toBe(false);
		expect(hasPrefix(ns("a"), [])).toBe(true);
		expect(prefixesOverlap(ns("a"), ns("a", "b"))).toBe(true);
		expect(prefixesOverlap(ns("a", "b"), ns("a"))).toBe(true);
		expect(prefixesOverlap(ns("a", "b"), ns("a", "c"))).toBe(false);
		expect(prefixesOverlap([], ns("z"))).toBe(true);
	});

	it("locations order by group, then object", () => {
		expect(compareLocations({ group: 1n, object: 9n }, { group: 2n, object: 0n })).toBeLessThan(0);
		expect(compareLocations({ group: 2n, object: 1n }, { group: 2n, object: 0n })).toBeGreaterThan(0);
		expect(compareLocations({ group: 2n, object: 1n }, { group: 2n, object: 1n })).toBe(0);
	});
});

describe("Deadlines", () => {
	it("expire earliest first, equal times in the order set", () => {
		const d = new Deadlines();
		d.set("c", 30);
		d.set("a", 10);
		d.set("b", 10);
		expect(d.next()).toBe(10);
		expect(d.expire(5)).toBeUndefined();
		expect([d.expire(100), d.expire(100), d.expire(100), d.expire(100)]).toEqual(["a", "b", "c", undefined]);
		expect(d.size).toBe(0);
	});

	it("move and clear keys", () => {
		const d = new Deadlines();
		d.set("a", 10);
		d.set("a", 50);
		d.set("b", 20);
		d.clear("b");
		expect(d.has("b")).toBe(false);
		expect(d.next()).toBe(50);
		expect(d.expire(49)).toBeUndefined();
		expect(d.expire(50)).toBe("a");
		expect(d.next()).toBeUndefined();
	});

	it("stay small when keys are set and cleared many times", () => {
		const d = new Deadlines();
		for (let i = 0; i < 10_000; i++) {
			d.set(`k${i}`, 1_000_000 + i);
			d.clear(`k${i}`);
		}
		d.set("last", 5);
		expect(d.size).toBe(1);
		expect((d as unknown as { heap: unknown[] }).heap.length).toBeLessThan(200);
		expect(d.expire(5)).toBe("last");
	});
});

describe("Request IDs", () => {
	it("are allocated +2 from the role's first, and sendable below the peer's maximum", () => {
		const own = new OwnRequestIds("server", true);
		expect([own.allocate(), own.allocate()]).toEqual([1n, 3n]);
		expect(own.issued(3n)).toBe(true);
		expect(own.issued(5n)).toBe(false);
		expect(own.issued(2n)).toBe(false);
		own.initial(3n);
		expect(own.canSend(1n)).toBe(true);
		expect(own.canSend(3n)).toBe(false);
		expect(own.blockedReport()).toBe(3n);
		expect(own.blockedReport()).toBeUndefined();
		expect(violationCode(() => own.raise(3n))).toBe(TerminationCode.PROTOCOL_VIOLATION);
		own.raise(5n);
		expect(own.canSend(3n)).toBe(true);
		expect(own.blockedReport()).toBe(5n);
	});

	it("of the peer are checked for parity, sequence or duplicates, and our maximum", () => {
		const strict = new PeerRequestIds("client", true, 8, 2);
		expect(strict.initialMax).toBe(4n);
		expect(violationCode(() => strict.accept(1n))).toBe(TerminationCode.INVALID_REQUEST_ID);
		expect(violationCode(() => strict.accept(2n))).toBe(TerminationCode.INVALID_REQUEST_ID);
		strict.accept(0n);
		strict.accept(2n);
		expect(violationCode(() => strict.accept(4n))).toBe(TerminationCode.TOO_MANY_REQUESTS);
		strict.release();
		expect(strict.takeRaise()).toBe(6n);
		expect(strict.takeRaise()).toBeUndefined();
		strict.accept(4n);

		const loose = new PeerRequestIds("server", false, 8, undefined);
		loose.accept(5n);
		loose.accept(1n);
		expect(loose.used(3n)).toBe(false);
		loose.accept(3n);
		expect(loose.smallestUnseen).toBe(7n);
		expect(violationCode(() => loose.accept(3n))).toBe(TerminationCode.INVALID_REQUEST_ID);
		expect(loose.takeRaise()).toBeUndefined();
	});

	it("remember a bounded window of out-of-order IDs", () => {
		const ids = new PeerRequestIds("client", false, 4, undefined);
		for (const id of [2n, 4n, 6n, 8n, 10n]) ids.accept(id);
		// ID 0 never came; past the window, it counts as used.
		expect(ids.smallestUnseen).toBe(12n);
		expect(violationCode(() => ids.accept(0n))).toBe(TerminationCode.INVALID_REQUEST_ID);
	});
});
