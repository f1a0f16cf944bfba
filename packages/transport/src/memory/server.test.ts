import { describe, expect, it } from "vitest";
import { TransportError } from "../errors.js";
import type { SessionRequest } from "../types.js";
import { connectMemory, MemoryServer } from "./server.js";

async function nextRequest(server: MemoryServer): Promise<SessionRequest> {
	const { value, done } = await server.requests[Symbol.asyncIterator]().next();
	if (done || !value) throw new Error("no request");
	return value;
}

function isTransportError(code: string) {
	return (error: unknown) => TransportError.isInstance(error) && error.code === code;
}

describe("MemoryServer", () => {
	it("presents the request and answers with the accepted protocol", async () => {
		const server = new MemoryServer({ host: "relay.test", port: 443 });
		expect(server.address).toEqual({ host: "relay.test", port: 443 });
		const connecting = connectMemory(server, "https://relay.test:4443/moq?room=1", {
			protocols: ["moqt-16", "moqt-15"],
			origin: "https://app.test",
		});
		const request = await nextRequest(server);
		expect(request).toMatchObject({
			kind: "memory",
			url: "https://relay.test:4443/moq?room=1",
			path: "/moq?room=1",
			authority: "relay.test:4443",
			origin: "https://app.test",
			protocols: ["moqt-16", "moqt-15"],
		});
		await expect(request.accept({ protocol: "moqt-14" })).rejects.toSatisfy(isTransportError("protocol"));
		const serverSession = await request.accept({ protocol: "moqt-15" });
		const client = await connecting;
		expect([client.protocol, serverSession.protocol]).toEqual(["moqt-15", "moqt-15"]);
		await expect(request.accept()).rejects.toSatisfy(isTransportError("invalid-state"));
		const stream = await client.openUni();
		await stream.write(Uint8Array.of(42));
		const received = await serverSession.incomingUni[Symbol.asyncIterator]().next();
		expect(await received.value?.read()).toEqual(Uint8Array.of(42));
		await server.close();
	});

	it("rejects the client with the status the server chose", async () => {
		const server = new MemoryServer();
		const connecting = connectMemory(server, "https://example.test/nope");
		const request = await nextRequest(server);
		request.reject(403, "forbidden");
		request.reject(500);
		await expect(connecting).rejects.toThrow("session rejected with status 403 forbidden");
		await expect(connecting).rejects.toSatisfy(isTransportError("connect-failed"));
	});

	it("close() closes accepted sessions with its info and refuses pending and new clients", async () => {
		const server = new MemoryServer();
		const accepted = connectMemory(server, "https://example.test/a");
		const serverSession = await (await nextRequest(server)).accept();
		const client = await accepted;
		const pending = connectMemory(server, "https://example.test/b");
		await Promise.resolve();
		await server.close({ code: 7, reason: "shutdown" });
		expect(await client.closed).toMatchObject({ code: 7, reason: "shutdown", remote: true });
		expect(await serverSession.closed).toMatchObject({ code: 7, remote: false });
		await expect(pending).rejects.toThrow("503");
		await expect(connectMemory(server, "https://example.test/c")).rejects.toSatisfy(isTransportError("connect-failed"));
		for await (const _ of server.requests) throw new Error("requests ended with the server");
	});

	it("rejects an invalid URL", async () => {
		await expect(connectMemory(new MemoryServer(), "not a url")).rejects.toSatisfy(isTransportError("connect-failed"));
	});
});
