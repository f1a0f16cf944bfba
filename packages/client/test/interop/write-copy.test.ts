/**
 * @moq/net writes through a WebTransport writer and reuses its buffer as soon as `write()`
 * resolves (its varint scratch space), as the W3C API allows: a WebTransport send stream copies
 * what it is given. `@fails-components/webtransport` keeps a reference until the bytes leave
 * instead, and @moq/net's SETUP went out corrupted over it (see moq-net/fails.ts). This checks
 * that our own adapter (`@moqt/transport/fails`, the W3C adapter beneath it) copies, so a caller
 * of ours may write the same way.
 */

import { generateCertificate } from "@moqt/transport/cert";
import { connectWebTransportNode, listenWebTransport } from "@moqt/transport/fails";
import { expect, it, onTestFinished } from "vitest";

it("copies each chunk written, so the writer may reuse its buffer at once", async () => {
	const certificate = generateCertificate();
	const server = await listenWebTransport({
		host: "127.0.0.1",
		cert: certificate.cert,
		key: certificate.key,
		http3: "never",
	});
	onTestFinished(() => server.close());
	const connecting = connectWebTransportNode(`https://127.0.0.1:${server.address.port}/copy`, {
		serverCertificateHashes: [certificate.sha256Hex],
		http3: "never",
	});
	const next = await server.requests[Symbol.asyncIterator]().next();
	if (next.done) throw new Error("no session request");
	const session = await next.value.accept();
	const client = await connecting;

	const count = 3000;
	const send = await client.openUni();
	const receiving = (async () => {
		const stream = await session.incomingUni[Symbol.asyncIterator]().next();
		if (stream.done) throw new Error("no stream");
		const chunks: Uint8Array[] = [];
		for (let chunk = await stream.value.read(); chunk !== undefined; chunk = await stream.value.read()) {
			chunks.push(chunk);
		}
		return Buffer.concat(chunks);
	})();
	// One scratch byte, rewritten after each write resolves: what @moq/net does with its varints.
	const scratch = new Uint8Array(1);
	for (let i = 0; i < count; i++) {
		scratch[0] = i & 0xff;
		await send.write(scratch);
	}
	await send.finish();

	const expected = Uint8Array.from({ length: count }, (_, i) => i & 0xff);
	expect(new Uint8Array(await receiving)).toEqual(expected);
	client.close();
});
