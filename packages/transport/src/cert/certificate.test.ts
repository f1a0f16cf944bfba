import { X509Certificate } from "node:crypto";
import { createSecureServer } from "node:http2";
import { connect } from "node:tls";
import { describe, expect, it } from "vitest";
import { generateCertificate } from "./certificate.js";

describe("generateCertificate", () => {
	it("produces a certificate node's X.509 parser accepts, with the requested names and lifetime", () => {
		const g = generateCertificate({ days: 14 });
		const x = new X509Certificate(g.cert);
		expect(x.subject).toBe("CN=localhost");
		expect(x.subjectAltName).toContain("DNS:localhost");
		expect(x.subjectAltName).toContain("IP Address:127.0.0.1");
		expect(x.subjectAltName).toContain("IP Address:0:0:0:0:0:0:0:1");
		expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
		expect(x.verify(x.publicKey)).toBe(true);
		expect(x.ca).toBe(true);
		const days = (new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()) / 86400_000;
		expect(days).toBeCloseTo(14, 3);
		expect(Buffer.from(x.raw).equals(Buffer.from(g.der))).toBe(true);
		expect(x.fingerprint256.replaceAll(":", "").toLowerCase()).toBe(g.sha256Hex);
	});

	it("serves TLS that a client trusting it as CA verifies", async () => {
		const g = generateCertificate();
		const server = createSecureServer({ cert: g.cert, key: g.key, allowHTTP1: true });
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		const port = (server.address() as { port: number }).port;
		try {
			const authorized = await new Promise<boolean>((resolve, reject) => {
				const s = connect(
					{ host: "127.0.0.1", port, ca: g.cert, servername: "localhost", ALPNProtocols: ["h2"] },
					() => {
						resolve(s.authorized);
						s.destroy();
					},
				);
				s.on("error", reject);
			});
			expect(authorized).toBe(true);
		} finally {
			await new Promise((r) => server.close(r));
		}
	});
});
