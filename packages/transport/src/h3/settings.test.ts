import { describe, expect, it } from "vitest";
import type { H3Error } from "./errors.js";
import {
	clientSettings,
	decodeSettingsPayload,
	encodeSettingsPayload,
	SettingId,
	serverSettings,
	webTransportGeneration,
	webTransportRequirementsUnmet,
} from "./settings.js";
import { hex, toHex } from "./test-helpers.js";

function errorCode(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		return (e as H3Error).code;
	}
	return undefined;
}

describe("SETTINGS (RFC 9114 §7.2.4)", () => {
	it("decodes what Chromium 156 sends, GREASE included", () => {
		// H3_DATAGRAM 0x33=1, ENABLE_WEBTRANSPORT 0x2b603742=1, and a reserved setting
		// 0x1f*N+0x21 with N large enough to need 8 bytes.
		const grease = 0x1fn * 0x1234567890n + 0x21n;
		const payload = encodeSettingsPayload(
			new Map([
				[0x33n, 1n],
				[0x2b603742n, 1n],
				[grease, 0x1234n],
			]),
		);
		const settings = decodeSettingsPayload(payload);
		expect(settings.get(SettingId.H3_DATAGRAM)).toBe(1n);
		expect(settings.get(SettingId.ENABLE_WEBTRANSPORT_DRAFT02)).toBe(1n);
		expect(settings.get(grease)).toBe(0x1234n);
		expect(webTransportGeneration(settings)).toBe("draft02");
	});
	it("encodes identifiers and values as varints", () => {
		expect(toHex(encodeSettingsPayload(new Map([[0x08n, 1n]])))).toBe("0801");
		expect(toHex(encodeSettingsPayload(new Map([[0x2b603742n, 1n]])))).toBe("ab60374201");
	});
	it("rejects a duplicate setting", () => {
		expect(errorCode(() => decodeSettingsPayload(hex("3301 3301")))).toBe("H3_SETTINGS_ERROR");
	});
	it("rejects the HTTP/2-only identifiers 0x00 and 0x02..0x05", () => {
		for (const id of ["00", "02", "03", "04", "05"]) {
			expect(errorCode(() => decodeSettingsPayload(hex(`${id}00`)))).toBe("H3_SETTINGS_ERROR");
		}
		expect(errorCode(() => decodeSettingsPayload(hex("0100 0600 0700")))).toBeUndefined();
	});
	it("rejects boolean settings above 1", () => {
		expect(errorCode(() => decodeSettingsPayload(hex("0802")))).toBe("H3_SETTINGS_ERROR");
		expect(errorCode(() => decodeSettingsPayload(hex("3302")))).toBe("H3_SETTINGS_ERROR");
	});
	it("rejects a payload ending inside a pair", () => {
		expect(errorCode(() => decodeSettingsPayload(hex("33")))).toBe("H3_FRAME_ERROR");
		expect(errorCode(() => decodeSettingsPayload(hex("3301 40")))).toBe("H3_FRAME_ERROR");
	});
	it("accepts an empty SETTINGS", () => {
		expect(decodeSettingsPayload(new Uint8Array(0)).size).toBe(0);
	});
});

describe("WebTransport settings", () => {
	it("sends what Chromium accepted, plus draft-15 WT_ENABLED", () => {
		const s = serverSettings();
		for (const [id, value] of [
			[0x08n, 1n],
			[0x33n, 1n],
			[0x2b603742n, 1n],
			[0xc671706an, 1n],
			[0x14e9cd29n, 1n],
			[0x2c7cf000n, 1n],
			[0x01n, 0n],
		] as const) {
			expect(s.get(id)).toBe(value);
		}
		expect(decodeSettingsPayload(encodeSettingsPayload(s))).toEqual(s);
		expect(webTransportRequirementsUnmet(s, "server")).toBeUndefined();
		expect(webTransportRequirementsUnmet(clientSettings(), "client")).toBeUndefined();
	});
	it("picks the newest generation a server offers", () => {
		expect(webTransportGeneration(serverSettings())).toBe("h3");
		// aiomoqt: 0x8, 0x33, 0x14e9cd29, 0x2b603742.
		expect(
			webTransportGeneration(
				new Map([
					[0x14e9cd29n, 1n],
					[0x2b603742n, 1n],
				]),
			),
		).toBe("draft07");
		expect(webTransportGeneration(new Map([[0xc671706an, 4n]]))).toBe("draft07");
		expect(webTransportGeneration(new Map([[0x2b603742n, 1n]]))).toBe("draft02");
		expect(webTransportGeneration(new Map([[0x2b603742n, 0n]]))).toBeUndefined();
		expect(webTransportGeneration(new Map())).toBeUndefined();
	});
	it("treats WT_ENABLED above 1 as H3_SETTINGS_ERROR", () => {
		expect(errorCode(() => webTransportGeneration(new Map([[0x2c7cf000n, 2n]])))).toBe("H3_SETTINGS_ERROR");
	});
	it("names the missing requirement", () => {
		expect(webTransportRequirementsUnmet(new Map(), "client")).toMatch(/H3_DATAGRAM/);
		expect(webTransportRequirementsUnmet(new Map([[0x33n, 1n]]), "server")).toMatch(/extended CONNECT/);
		expect(
			webTransportRequirementsUnmet(
				new Map([
					[0x33n, 1n],
					[0x08n, 1n],
				]),
				"server",
			),
		).toMatch(/WebTransport/);
	});
});
