import { describe, expect, test } from "vitest";
import type { Catalog, CatalogDelta, CatalogTrack } from "./catalog.js";
import { CatalogTrackReader, CatalogTrackWriter, Compression, MSF_COMPRESSION } from "./catalog-track.js";

const video: CatalogTrack = { name: "video", packaging: "loc", isLive: true, codec: "vp8", bitrate: 500_000 };
const catalog: Catalog = { version: "draft-01", generatedAt: 1, tracks: [video] };
const addSlides: CatalogDelta = {
	generatedAt: 2,
	deltaUpdate: [{ op: "add", tracks: [{ ...video, name: "slides" }] }],
};
const widen: CatalogDelta = {
	generatedAt: 3,
	deltaUpdate: [{ op: "update", tracks: [{ name: "video", width: 640 }] }],
};

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes.slice()]).stream().pipeThrough(new CompressionStream("gzip"));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("CatalogTrackWriter", () => {
	test("an independent catalog opens a group at object 0, deltas follow in it", () => {
		const w = new CatalogTrackWriter(100n);
		expect(() => w.delta(addSlides)).toThrow(/before any catalog/);
		expect([w.independent(catalog), w.delta(addSlides), w.delta(widen), w.independent(catalog)]).toMatchObject([
			{ group: 100n, object: 0n },
			{ group: 100n, object: 1n },
			{ group: 100n, object: 2n },
			{ group: 101n, object: 0n },
		]);
	});
});

describe("CatalogTrackReader", () => {
	const w = new CatalogTrackWriter(7n);
	const first = w.independent(catalog);
	const d1 = w.delta(addSlides);
	const d2 = w.delta(widen);
	const next = w.independent({ ...catalog, generatedAt: 9 });

	test("applies the deltas of the group in order", async () => {
		const r = new CatalogTrackReader();
		expect(await r.push(first)).toEqual(catalog);
		expect((await r.push(d1))?.tracks.map((t) => t.name)).toEqual(["video", "slides"]);
		const after = await r.push(d2);
		expect(after?.tracks[0]?.width).toBe(640);
		expect(after?.generatedAt).toBe(3);
		expect(r.catalog).toBe(after);
	});

	test("ignores a delta before any independent catalog and a repeated delta", async () => {
		const r = new CatalogTrackReader();
		expect(await r.push(d1)).toBeUndefined();
		expect(r.catalog).toBeUndefined();
		await r.push(first);
		await r.push(d1);
		expect(await r.push(d1)).toBeUndefined();
		expect(r.catalog?.tracks).toHaveLength(2);
	});

	test("after a missing delta, ignores the rest of the group until the next one", async () => {
		const r = new CatalogTrackReader();
		await r.push(first);
		expect(await r.push(d2)).toBeUndefined();
		expect(await r.push(d1)).toBeUndefined();
		expect(r.catalog).toEqual(catalog);
		expect(await r.push(next)).toEqual({ ...catalog, generatedAt: 9 });
	});

	test("ignores objects of an older group (§5)", async () => {
		const r = new CatalogTrackReader();
		await r.push(next);
		expect(await r.push(first)).toBeUndefined();
		expect(await r.push(d1)).toBeUndefined();
		expect(r.catalog?.generatedAt).toBe(9);
	});

	test("object 0 must be independent, later objects deltas", async () => {
		const r = new CatalogTrackReader();
		await expect(r.push({ ...d1, object: 0n })).rejects.toThrow(/object 0 of group 7 is a delta update/);
		await r.push(first);
		await expect(r.push({ ...first, object: 1n })).rejects.toThrow(/is not a delta/);
	});

	test("inflates GZIP signalled on the object or on the track (§12.1)", async () => {
		const onObject = new CatalogTrackReader();
		const zipped = {
			...first,
			properties: [{ type: MSF_COMPRESSION, value: Compression.GZIP }],
			payload: await gzip(first.payload),
		};
		expect(await onObject.push(zipped)).toEqual(catalog);
		// An object property of 0 says this object is uncompressed.
		expect(
			await onObject.push({ ...d1, properties: [{ type: MSF_COMPRESSION, value: Compression.NONE }] }),
		).toBeDefined();
		const onTrack = new CatalogTrackReader({ trackCompression: Compression.GZIP });
		expect(await onTrack.push({ ...first, payload: await gzip(first.payload) })).toEqual(catalog);
		await expect(onTrack.push({ ...d1, payload: d1.payload })).rejects.toThrow(/not valid GZIP/);
	});

	test("refuses a compression MSF does not define", async () => {
		const r = new CatalogTrackReader();
		await expect(r.push({ ...first, properties: [{ type: MSF_COMPRESSION, value: 2n }] })).rejects.toThrow(
			/MSF_COMPRESSION 2 is not supported/,
		);
	});
});
