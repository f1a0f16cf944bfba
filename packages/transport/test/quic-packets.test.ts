/**
 * The raw QUIC adapter's packet-level pieces, without sockets: Initial packet protection
 * (RFC 9001 §5 and the Appendix A keys), ClientHello reassembly and parsing, header parsing and
 * coalescing (RFC 9000 §12.2, §17), Version Negotiation, Stateless Reset, sendOrder mapping.
 */

import { describe, expect, it } from "vitest";
import { ClientHelloAssembler, parseClientHello } from "../src/quic/client-hello.js";
import { clientInitialKeys, openInitial } from "../src/quic/initial.js";
import { native } from "../src/quic/native.js";
import {
	LongType,
	MIN_INITIAL_DATAGRAM,
	packetEnd,
	parseLongHeader,
	shortHeaderKey,
	versionNegotiation,
} from "../src/quic/packet.js";
import { PeerStreamIds } from "../src/quic/peer-streams.js";
import { DEFAULT_URGENCY, sendOrderToUrgency } from "../src/quic/priority.js";
import { StatelessResetter } from "../src/quic/stateless-reset.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The first datagram a quiche client sends, offering `alpn` to `serverName`. */
function clientInitials(alpn: string[], serverName: string | null): Buffer[] {
	const config = native.Config.withBoringSslCtx(false, false, null, null, null, null);
	config.setApplicationProtos(alpn);
	const scid = Buffer.alloc(16, 7);
	const local = { host: "127.0.0.1", port: 1 };
	const connection = native.Connection.connect(serverName, scid, local, { host: "127.0.0.1", port: 2 }, config);
	const datagrams: Buffer[] = [];
	for (;;) {
		const buffer = Buffer.alloc(1500);
		const result = connection.send(buffer);
		if (result === null) return datagrams;
		datagrams.push(buffer.subarray(0, result[0]));
	}
}

function helloOf(datagrams: Buffer[]) {
	const header = parseLongHeader(datagrams[0] as Buffer);
	if (!header) throw new Error("not a long header");
	const keys = clientInitialKeys(header.dcid);
	const assembler = new ClientHelloAssembler();
	for (const datagram of datagrams) {
		const frames = openInitial(datagram, keys);
		if (!frames) throw new Error("did not decrypt");
		expect(assembler.addFrames(frames)).toBe(true);
	}
	const message = assembler.message();
	return message ? parseClientHello(message) : message;
}

describe("Initial packet protection (RFC 9001 §5)", () => {
	it("derives the client Initial keys of RFC 9001 Appendix A.1", () => {
		const keys = clientInitialKeys(Buffer.from("8394c8f03e515708", "hex"));
		expect(hex(keys.key)).toBe("1f369613dd76d5467730efcbe3b1a22d");
		expect(hex(keys.iv)).toBe("fa044b2f42a3fd3b46fb255c");
		expect(hex(keys.hp)).toBe("9f50449e04a0e810283a1e9933adedd2");
	});

	it("opens a quiche client's Initial and reads its ALPN list and SNI", () => {
		const datagrams = clientInitials(["moqt-15", "moq-00"], "relay.example");
		expect(datagrams[0]?.length).toBeGreaterThanOrEqual(MIN_INITIAL_DATAGRAM);
		expect(helloOf(datagrams)).toEqual({ alpn: ["moqt-15", "moq-00"], serverName: "relay.example" });
	});

	it("reassembles a ClientHello that spans two Initial packets", () => {
		const alpn = Array.from({ length: 60 }, (_, i) => `moqt-padding-protocol-${i}`);
		const datagrams = clientInitials(alpn, null);
		expect(datagrams.length).toBeGreaterThanOrEqual(2);
		const header = parseLongHeader(datagrams[0] as Buffer);
		const keys = clientInitialKeys(header?.dcid ?? new Uint8Array());
		const assembler = new ClientHelloAssembler();
		assembler.addFrames(openInitial(datagrams[0] as Buffer, keys) ?? new Uint8Array());
		expect(assembler.message()).toBeUndefined();
		expect(helloOf(datagrams)).toEqual({ alpn, serverName: undefined });
	});

	it("rejects a tampered packet, a wrong key, and non-Initial packets", () => {
		const [datagram] = clientInitials(["x"], null);
		if (!datagram) throw new Error("no datagram");
		const keys = clientInitialKeys(parseLongHeader(datagram)?.dcid ?? new Uint8Array());
		const tampered = Buffer.from(datagram);
		const inside = packetEnd(datagram, 0) - 20;
		tampered[inside] = (tampered[inside] ?? 0) ^ 1;
		expect(openInitial(tampered, keys)).toBeUndefined();
		expect(openInitial(datagram, clientInitialKeys(Buffer.alloc(8)))).toBeUndefined();
		const handshakeType = Buffer.from(datagram);
		handshakeType[0] = ((handshakeType[0] ?? 0) & 0xcf) | (LongType.handshake << 4);
		expect(openInitial(handshakeType, keys)).toBeUndefined();
		expect(openInitial(datagram.subarray(0, 30), keys)).toBeUndefined();
	});
});

describe("ClientHello reassembly", () => {
	// A minimal ClientHello: version, random, empty session id, one suite, null compression, ALPN.
	function clientHello(alpn: string[]): Uint8Array {
		const names = Buffer.concat(alpn.map((name) => Buffer.concat([Buffer.of(name.length), Buffer.from(name)])));
		const alpnExtension = Buffer.concat([Buffer.of(0, 16, 0, names.length + 2, 0, names.length), names]);
		const body = Buffer.concat([
			Buffer.of(3, 3),
			Buffer.alloc(32),
			Buffer.of(0, 0, 2, 0x13, 0x01, 1, 0),
			Buffer.of(0, alpnExtension.length),
			alpnExtension,
		]);
		return Buffer.concat([Buffer.of(1, 0, 0, body.length), body]);
	}

	function cryptoFrame(offset: number, data: Uint8Array): Buffer {
		// 2-byte varints (0x40 prefix) for offset and length.
		return Buffer.concat([
			Buffer.of(6, 0x40 | (offset >> 8), offset & 0xff, 0x40 | (data.length >> 8), data.length & 0xff),
			data,
		]);
	}

	it("takes CRYPTO frames in any order, overlapping, between PADDING, PING and ACK frames", () => {
		const hello = clientHello(["b", "moqt-15"]);
		const ack = Buffer.of(2, 5, 0, 1, 0, 1, 2); // largest 5, delay 0, one extra range
		const assembler = new ClientHelloAssembler();
		expect(assembler.addFrames(Buffer.concat([Buffer.of(0, 0, 1), cryptoFrame(20, hello.subarray(20)), ack]))).toBe(
			true,
		);
		expect(assembler.message()).toBeUndefined();
		expect(
			assembler.addFrames(
				Buffer.concat([cryptoFrame(10, hello.subarray(10, 30)), cryptoFrame(0, hello.subarray(0, 12))]),
			),
		).toBe(true);
		const message = assembler.message();
		expect(message && hex(message)).toBe(hex(hello));
		expect(parseClientHello(message ?? new Uint8Array())).toEqual({ alpn: ["b", "moqt-15"], serverName: undefined });
	});

	it("refuses frames not allowed in Initial packets, oversized messages, and non-ClientHellos", () => {
		expect(new ClientHelloAssembler().addFrames(Buffer.of(0x08, 0, 0))).toBe(false); // STREAM
		expect(new ClientHelloAssembler(100).addFrames(cryptoFrame(90, Buffer.alloc(20)))).toBe(false);
		const notHello = new ClientHelloAssembler();
		notHello.addFrames(cryptoFrame(0, Buffer.of(2, 0, 0, 1, 0)));
		expect(notHello.message()).toBeNull();
		const truncated = clientHello(["x"]);
		expect(parseClientHello(truncated.subarray(0, truncated.length - 3))).toBeUndefined();
	});
});

describe("headers, coalescing, Version Negotiation", () => {
	it("parses long headers, finds coalesced packet boundaries, and keys short headers", () => {
		const [datagram] = clientInitials(["x"], null);
		if (!datagram) throw new Error("no datagram");
		const header = parseLongHeader(datagram);
		expect(header).toMatchObject({ version: 1, type: LongType.initial });
		expect(header?.dcid.length).toBe(16);
		// quiche pads the datagram to 1200 bytes with zeros after the Initial packet.
		const end = packetEnd(datagram, 0);
		expect(end).toBeLessThan(datagram.length);
		expect(datagram.subarray(end).every((byte) => byte === 0)).toBe(true);
		// Two coalesced packets: the first ends where the second starts.
		const packet = datagram.subarray(0, end);
		const two = Buffer.concat([packet, packet]);
		expect(packetEnd(two, 0)).toBe(end);
		expect(packetEnd(two, end)).toBe(two.length);
		const short = Buffer.concat([Buffer.of(0x40), Buffer.alloc(16, 9), Buffer.alloc(20)]);
		expect(packetEnd(short, 0)).toBe(short.length);
		expect(shortHeaderKey(short)).toBe(Buffer.alloc(16, 9).toString("latin1"));
		expect(shortHeaderKey(short.subarray(0, 10))).toBeUndefined();
		expect(parseLongHeader(Buffer.of(0xc0, 0, 0, 0, 1, 30))).toBeUndefined();
	});

	it("answers an unknown version only for datagrams of client Initial size", () => {
		const header = { version: 0x1a2a3a4a, type: 0, dcid: Buffer.alloc(8, 1), scid: Buffer.alloc(8, 2) };
		expect(versionNegotiation(header, 1199)).toBeUndefined();
		const packet = versionNegotiation(header, 1200);
		if (!packet) throw new Error("no Version Negotiation packet");
		const parsed = parseLongHeader(packet);
		expect(parsed?.version).toBe(0);
		// The client's source ID comes back as the destination (RFC 9000 §17.2.1).
		expect(hex(parsed?.dcid ?? new Uint8Array())).toBe(hex(header.scid));
		expect(hex(parsed?.scid ?? new Uint8Array())).toBe(hex(header.dcid));
		expect(hex(packet.subarray(packet.length - 4))).toBe("00000001");
		expect(versionNegotiation({ ...header, version: 0 }, 1200)).toBeUndefined();
	});
});

describe("Stateless Reset (RFC 9000 §10.3)", () => {
	it("derives tokens from the key, ends resets with them, and stays shorter than the trigger", () => {
		const key = Buffer.alloc(32, 5);
		const resetter = new StatelessResetter(key, 10);
		const cid = Buffer.alloc(16, 1);
		expect(hex(resetter.token(cid))).toBe(hex(new StatelessResetter(key).token(cid)));
		expect(hex(resetter.token(cid))).not.toBe(hex(new StatelessResetter(Buffer.alloc(32, 6)).token(cid)));
		expect(resetter.tokenValue(cid)).toBe(BigInt(`0x${hex(resetter.token(cid))}`));
		const reset = resetter.packet(cid, 30, 0);
		expect(reset?.length).toBe(29);
		expect(((reset?.[0] ?? 0) & 0xc0) === 0x40).toBe(true);
		expect(hex(reset?.subarray(13) ?? new Uint8Array())).toBe(hex(resetter.token(cid)));
		expect(resetter.packet(cid, 1200, 0)?.length).toBe(43);
		expect(resetter.packet(cid, 21, 0)).toBeUndefined();
	});

	it("limits the rate per second", () => {
		const resetter = new StatelessResetter(Buffer.alloc(16), 3);
		const cid = Buffer.alloc(16);
		const sent = Array.from({ length: 5 }, () => resetter.packet(cid, 100, 1000) !== undefined);
		expect(sent).toEqual([true, true, true, false, false]);
		expect(resetter.packet(cid, 100, 2000)).toBeDefined();
		expect(() => new StatelessResetter(Buffer.alloc(8))).toThrow(RangeError);
	});
});

describe("sendOrder to quiche urgency", () => {
	it("keeps order exactly near zero, and monotonically across the whole range", () => {
		expect(sendOrderToUrgency(0)).toBe(DEFAULT_URGENCY);
		const orders = [-(2 ** 53), -1e12, -1e6, -65, -64, -2, -1, 0, 1, 2, 63, 64, 65, 1000, 1e9, 2 ** 53];
		const urgencies = orders.map(sendOrderToUrgency);
		for (let i = 1; i < urgencies.length; i++) expect(urgencies[i]).toBeLessThanOrEqual(urgencies[i - 1] ?? 0);
		for (let s = -64; s < 64; s++) expect(sendOrderToUrgency(s + 1)).toBe(sendOrderToUrgency(s) - 1);
		expect(Math.min(...urgencies)).toBe(0);
		expect(Math.max(...urgencies)).toBe(254);
		expect(sendOrderToUrgency(Number.NaN)).toBe(DEFAULT_URGENCY);
	});
});

describe("peer stream IDs", () => {
	it("announces each ID once, including lower IDs seen after higher ones", () => {
		const ids = new PeerStreamIds(0);
		expect(ids.claim(8)).toBe(true);
		expect(ids.claim(8)).toBe(false);
		expect(ids.claim(0)).toBe(true);
		expect(ids.claim(4)).toBe(true);
		expect(ids.claim(4)).toBe(false);
		expect(ids.claim(12)).toBe(true);
	});
});
