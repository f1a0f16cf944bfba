import { describe, expect, it, vi } from "vitest";
import { generateCertificate } from "../src/cert/certificate.js";
import { TransportError } from "../src/errors.js";
import { connectWebTransportNode, listenWebTransport } from "../src/fails/index.js";

// As if the optional dependency were not installed.
vi.mock("@fails-components/webtransport", () => {
	throw new Error("Cannot find package '@fails-components/webtransport'");
});

function isUnavailable(error: unknown): boolean {
	return TransportError.isInstance(error) && error.code === "unavailable" && /npm install/.test(error.message);
}

describe("@moqt/transport/fails without @fails-components/webtransport", () => {
	it("rejects listen and connect with a TransportError that says what to install", async () => {
		const { cert, key } = generateCertificate();
		await expect(listenWebTransport({ host: "127.0.0.1", cert, key })).rejects.toSatisfy(isUnavailable);
		await expect(connectWebTransportNode("https://127.0.0.1:1/")).rejects.toSatisfy(isUnavailable);
	});
});
