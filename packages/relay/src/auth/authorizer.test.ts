import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { ManualClock, ns, prng } from "../../test/helpers.js";
import { Authorizer, MAX_TOKEN_BYTES } from "./authorizer.js";
import { AuthRequest } from "./error-codes.js";
import { type AuthKeyConfig, generateAuthKey, importSigningKey, importVerificationKey } from "./keys.js";
import { mintToken } from "./mint.js";

// A fixed time, in milliseconds; tokens are minted and checked against the same manual clock.
const T0 = 1_800_000_000_000;

function publicPart(key: AuthKeyConfig): AuthKeyConfig {
	const { privateKey: _, ...rest } = key;
	return rest;
}

async function setup(
	alg: "HS256" | "ES256" | "EdDSA" = "HS256",
	extra: Partial<Parameters<typeof Authorizer.create>[0]> = {},
) {
	const clock = new ManualClock(T0);
	const key = generateAuthKey(alg, "k1");
	const auth = await Authorizer.create({ keys: [publicPart(key)], now: clock.now, ...extra });
	const mint = (options: Omit<Parameters<typeof mintToken>[0], "key" | "now"> = {}) =>
		mintToken({ key, now: clock.now, ...options });
	return { clock, key, auth, mint };
}

describe("Authorizer", () => {
	it.each(["HS256", "ES256", "EdDSA"] as const)("verifies %s tokens and applies their grants", async (alg) => {
		const { auth, mint } = await setup(alg);
		const token = await mint({ publish: [ns("room", "1")], subscribe: [ns("room")], subject: "alice" });
		expect(await auth.authorize(token, AuthRequest.PUBLISH_NAMESPACE, ns("room", "1"), 19)).toEqual({
			allowed: true,
			subject: "alice",
		});
		expect(await auth.authorize(token, AuthRequest.SUBSCRIBE, ns("room", "2", "cam"), 19)).toMatchObject({
			allowed: true,
		});
		expect(await auth.authorize(token, AuthRequest.PUBLISH, ns("room", "2"), 19)).toMatchObject({
			allowed: false,
			error: "UNAUTHORIZED",
			code: 0x1,
		});
	});

	it("denies a request without a token when authorization is on, and allows all when off", async () => {
		const { auth } = await setup();
		expect(await auth.authorize(undefined, AuthRequest.SUBSCRIBE, ns("a"), 16)).toMatchObject({
			allowed: false,
			error: "UNAUTHORIZED",
		});
		const off = Authorizer.disabled();
		expect(off.enabled).toBe(false);
		expect(await off.authorize(undefined, AuthRequest.PUBLISH, ns("a"), 14)).toEqual({
			allowed: true,
			subject: undefined,
		});
	});

	it("reports expiry with each draft's code, using the injected clock", async () => {
		const { auth, mint, clock } = await setup();
		const token = await mint({ subscribe: [[]], expiresInSeconds: 60 });
		expect((await auth.authorize(token, AuthRequest.SUBSCRIBE, ns("x"), 19)).allowed).toBe(true);
		clock.advance(60_000);
		expect(await auth.authorize(token, AuthRequest.SUBSCRIBE, ns("x"), 19)).toMatchObject({
			allowed: false,
			error: "EXPIRED_AUTH_TOKEN",
			code: 0x5,
		});
		expect(await auth.authorize(token, AuthRequest.SUBSCRIBE, ns("x"), 14)).toMatchObject({ code: 0x12 });
		expect(await auth.authorize(token, AuthRequest.PUBLISH, ns("x"), 14)).toMatchObject({ code: 0x1 });
	});

	it("honours the clock tolerance", async () => {
		const { auth, mint, clock } = await setup("HS256", { clockToleranceSeconds: 30 });
		const token = await mint({ subscribe: [[]], expiresInSeconds: 10 });
		clock.advance(30_000);
		expect((await auth.authorize(token, AuthRequest.FETCH, ns("x"), 19)).allowed).toBe(true);
		clock.advance(11_000);
		expect(await auth.authorize(token, AuthRequest.FETCH, ns("x"), 19)).toMatchObject({ error: "EXPIRED_AUTH_TOKEN" });
	});

	it("refuses a token that is not valid yet, and one without exp unless allowed", async () => {
		const { auth, mint, clock, key } = await setup();
		const early = await mint({ subscribe: [[]], notBeforeSeconds: 120 });
		expect(await auth.authorize(early, AuthRequest.SUBSCRIBE, ns("x"), 19)).toMatchObject({ error: "UNAUTHORIZED" });
		clock.advance(120_000);
		expect((await auth.authorize(early, AuthRequest.SUBSCRIBE, ns("x"), 19)).allowed).toBe(true);

		const forever = await mint({ subscribe: [[]], expiresInSeconds: null });
		expect(await auth.authorize(forever, AuthRequest.SUBSCRIBE, ns("x"), 19)).toMatchObject({ error: "UNAUTHORIZED" });
		const lenient = await Authorizer.create({ keys: [key], now: clock.now, requireExpiry: false });
		expect((await lenient.authorize(forever, AuthRequest.SUBSCRIBE, ns("x"), 19)).allowed).toBe(true);
	});

	it("checks issuer and audience when configured", async () => {
		const { auth, mint } = await setup("ES256", { issuer: "https://auth.example", audience: "relay-1" });
		const good = await mint({ subscribe: [[]], issuer: "https://auth.example", audience: "relay-1" });
		const wrongAud = await mint({ subscribe: [[]], issuer: "https://auth.example", audience: "relay-2" });
		const noIss = await mint({ subscribe: [[]], audience: "relay-1" });
		expect((await auth.authorize(good, AuthRequest.SUBSCRIBE, ns("x"), 19)).allowed).toBe(true);
		expect(await auth.authorize(wrongAud, AuthRequest.SUBSCRIBE, ns("x"), 19)).toMatchObject({ error: "UNAUTHORIZED" });
		expect(await auth.authorize(noIss, AuthRequest.SUBSCRIBE, ns("x"), 19)).toMatchObject({ error: "UNAUTHORIZED" });
	});

	it("picks the key by kid, and refuses a signature by an unknown key", async () => {
		const clock = new ManualClock(T0);
		const a = generateAuthKey("HS256", "a");
		const b = generateAuthKey("ES256", "b");
		const stranger = generateAuthKey("HS256", "a"); // same kid, other secret
		const anonymous = generateAuthKey("EdDSA");
		const auth = await Authorizer.create({ keys: [a, publicPart(b), publicPart(anonymous)], now: clock.now });
		const grant = { subscribe: [[]], now: clock.now };
		for (const key of [a, b, anonymous]) {
			const token = await mintToken({ key, ...grant });
			expect((await auth.authorize(token, AuthRequest.SUBSCRIBE, ns("x"), 19)).allowed).toBe(true);
		}
		const forged = await mintToken({ key: stranger, ...grant });
		expect(await auth.verify(forged)).toMatchObject({ ok: false, error: "UNAUTHORIZED" });
		const unknownKid = await mintToken({ key: { ...a, kid: "zzz" }, ...grant });
		expect(await auth.verify(unknownKid)).toMatchObject({ ok: false, reason: "the token's key id is unknown" });
		// A kid no key has still verifies with a key configured without one.
		const anonymousWithKid = await mintToken({ key: { ...anonymous, kid: "issuer-side" }, ...grant });
		expect((await auth.verify(anonymousWithKid)).ok).toBe(true);
	});

	it("reports garbage as MALFORMED_AUTH_TOKEN with each draft's code", async () => {
		const { auth } = await setup();
		const garbage: Array<string | Uint8Array> = [
			"",
			"hello",
			"a.b.c",
			"....",
			"eyJhbGciOiJIUzI1NiJ9",
			"eyJhbGciOiJIUzI1NiJ9.%%%.sig",
			`${Buffer.from("not json").toString("base64url")}.e30.sig`,
			new Uint8Array([0xff, 0xfe, 0x00]),
			"x".repeat(MAX_TOKEN_BYTES + 1),
		];
		for (const token of garbage) {
			const decision = await auth.authorize(token, AuthRequest.SUBSCRIBE, ns("x"), 16);
			expect(decision).toMatchObject({ allowed: false, error: "MALFORMED_AUTH_TOKEN", code: 0x4 });
		}
		expect(await auth.authorize("a.b.c", AuthRequest.SUBSCRIBE, ns("x"), 14)).toMatchObject({ code: 0x10 });
	});

	it("refuses an unsigned token (alg none) and a token for an algorithm it has no key for", async () => {
		const { auth } = await setup();
		const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
		const body = Buffer.from(JSON.stringify({ exp: T0 / 1000 + 60, moqt: { sub: [[]] } })).toString("base64url");
		expect(await auth.verify(`${header}.${body}.`)).toMatchObject({ ok: false, error: "UNAUTHORIZED" });
	});

	it("calls a validly signed token with a bad moqt claim malformed", async () => {
		const { auth, key, clock } = await setup();
		const { SignJWT } = await import("jose");
		const secret = (await importSigningKey(key)).key;
		const token = await new SignJWT({ moqt: { pub: "everything" } })
			.setProtectedHeader({ alg: "HS256", kid: "k1" })
			.setExpirationTime(clock.time / 1000 + 60)
			.sign(secret);
		expect(await auth.verify(token)).toMatchObject({ ok: false, error: "MALFORMED_AUTH_TOKEN" });
	});

	it("decides later requests with a token verified once, noticing its expiry", async () => {
		const { auth, mint, clock } = await setup();
		const verified = await auth.verify(await mint({ subscribe: [ns("a")], expiresInSeconds: 5 }));
		if (!verified.ok) throw new Error(verified.reason);
		expect(auth.check(verified, AuthRequest.SUBSCRIBE, ns("a", "b"), 18).allowed).toBe(true);
		expect(auth.check(verified, AuthRequest.SUBSCRIBE_NAMESPACE, ns("b"), 18).allowed).toBe(false);
		clock.advance(5_000);
		expect(auth.check(verified, AuthRequest.SUBSCRIBE, ns("a", "b"), 18)).toMatchObject({
			error: "EXPIRED_AUTH_TOKEN",
			code: 0x5,
		});
	});

	it("never throws and never allows on 2,000 random mutations of a valid token", async () => {
		const { auth, mint } = await setup();
		const token = await mint({ subscribe: [[]] });
		const random = prng(42);
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
		let allowed = 0;
		for (let i = 0; i < 2_000; i++) {
			const chars = [...token];
			for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
				const at = Math.floor(random() * chars.length);
				const c = alphabet[Math.floor(random() * alphabet.length)]!;
				if (random() < 0.5) chars[at] = c;
				else chars.splice(at, 1);
			}
			const mutated = chars.join("");
			const decision = await auth.authorize(mutated, AuthRequest.SUBSCRIBE, ns("x"), 19);
			// base64url has slack in its last character, so a few edits leave the same bytes.
			if (decision.allowed) {
				allowed++;
				expect(Buffer.from(mutated.split(".")[2] ?? "", "base64url")).toEqual(
					Buffer.from(token.split(".")[2]!, "base64url"),
				);
			}
		}
		expect(allowed).toBeLessThan(100);
	});
});

describe("keys", () => {
	it("refuse a short secret, an unknown algorithm and missing material", async () => {
		await expect(importVerificationKey({ alg: "HS256", secret: "c2hvcnQ" })).rejects.toThrow(/32 bytes/);
		await expect(importVerificationKey({ alg: "HS256", secret: "!!!" })).rejects.toThrow(/base64/);
		await expect(importVerificationKey({ alg: "RS256" as "HS256", secret: "x" })).rejects.toThrow(/alg must be/);
		await expect(importVerificationKey({ alg: "ES256" })).rejects.toThrow(/publicKey/);
		await expect(
			importVerificationKey({ alg: "ES256", publicKey: "-----BEGIN PUBLIC KEY-----\nAAAA\n" }),
		).rejects.toThrow();
		await expect(Authorizer.create({ keys: [] })).rejects.toThrow(/at least one key/);
		await expect(Authorizer.create({ keys: [generateAuthKey("HS256"), { kid: "x", alg: "EdDSA" }] })).rejects.toThrow(
			"auth.keys[1] (kid x): an EdDSA key needs a publicKey",
		);
	});

	it("import public keys given as JWK", async () => {
		const key = generateAuthKey("EdDSA");
		const { createPublicKey } = await import("node:crypto");
		const jwk = createPublicKey(key.publicKey as string).export({ format: "jwk" });
		const clock = new ManualClock(T0);
		const auth = await Authorizer.create({ keys: [{ alg: "EdDSA", publicKey: jwk as never }], now: clock.now });
		const token = await mintToken({ key, subscribe: [[]], now: clock.now });
		expect((await auth.authorize(token, AuthRequest.SUBSCRIBE, [], 19)).allowed).toBe(true);
	});
});
