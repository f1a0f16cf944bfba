/**
 * The round trip of issue 6, as processes through the server: `pub` → `record` → `play --fast` →
 * `record` again gives the same objects: IDs, status, priority, properties and payload bytes,
 * compared entry by entry. Also: `record --fetch-history` joins the cached past to the live
 * track without a gap, and SIGTERM leaves a complete recording.
 */

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { inspectRecording } from "@moqt/file-format/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { moqt, stopAll } from "./processes.js";
import { kept, readAll, tempDir } from "./recordings.js";
import { SERVER_KIND, startServer, type TestServer } from "./server.js";

let server: TestServer;
let temp: Awaited<ReturnType<typeof tempDir>>;
const unique = () => `rt-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
	[server, temp] = await Promise.all([startServer(), tempDir()]);
});

afterAll(async () => {
	await stopAll();
	await server?.stop();
	await temp?.remove();
});

describe(`record and play through the ${SERVER_KIND}`, () => {
	test("publish → record → play --fast → record gives identical objects", async () => {
		const ns = unique();
		const first = join(temp.path, "first");
		const second = join(temp.path, "second");

		// 4 groups of 5 objects and an End of Group object each, priority 7, an odd and an even property.
		const pub = moqt([
			"pub",
			server.url,
			`${ns}/live`,
			"video",
			...server.flags,
			"--groups",
			"4",
			"--objects-per-group",
			"5",
			"--rate",
			"0",
			"--size",
			"300",
			"--priority",
			"7",
			"--property",
			"3=opaque",
			"--property",
			"10=99",
			"--end-of-group",
			"--wait-subscribers",
			"1",
		]);
		await pub.line(/^publishing /);
		const record = moqt(["record", server.url, `${ns}/live`, "video", "--out", first, ...server.flags]);
		expect(await record.code(), record.output).toBe(0);
		expect(await pub.code(), pub.output).toBe(0);
		expect(record.stdout[0]).toBe(`recorded ${ns}/live/video: 24 objects, 6.0 KB, 4 groups`);

		// Played under another name: the relay already holds the original track's objects.
		const play = moqt(["play", first, server.url, "--fast", "--rename", `${ns}/replay/video2`, ...server.flags]);
		await play.line(/^playing /);
		const again = moqt(["record", server.url, `${ns}/replay`, "video2", "--out", second, ...server.flags]);
		expect(await again.code(), again.output).toBe(0);
		expect(await play.code(), play.output).toBe(0);
		expect(play.stdout[0]).toMatch(
			/^played 24 objects, 6\.0 KB, 4 groups of 1 track\(s\) in [\d.]+ s \(\d+ objects\/s/,
		);

		const [a, b] = await Promise.all([readAll(first), readAll(second)]);
		expect(a).toHaveLength(24);
		expect(b).toHaveLength(a.length);
		for (let i = 0; i < a.length; i++) expect(kept(b[i]!), `entry ${i}`).toEqual(kept(a[i]!));
		// What the publisher sent, as recorded the first time.
		const normal = a.filter((o) => o.entry.objectStatus === 0);
		expect(normal).toHaveLength(20);
		expect(a.filter((o) => o.entry.objectStatus === 3).map((o) => `${o.entry.groupId}/${o.entry.objectId}`)).toEqual([
			"0/5",
			"1/5",
			"2/5",
			"3/5",
		]);
		for (const o of a) expect(o.entry.publisherPriority).toBe(7);
		for (const o of normal) {
			expect(o.payload).toHaveLength(300);
			// In type order: from draft-16 on, properties are sent sorted (their types delta-encoded).
			expect(o.entry.extensions).toEqual([
				{ type: 3n, value: new TextEncoder().encode("opaque") },
				{ type: 10n, value: 99n },
				{ type: 0x7an, value: expect.any(BigInt) },
			]);
		}
		// The renamed track is what the second recording holds.
		expect(new TextDecoder().decode(b[0]!.entry.trackName)).toBe("video2");
	});

	// The client's example server answers FETCH from its own cache of two groups, not the publisher's.
	test.skipIf(SERVER_KIND !== "moqt-relay")(
		"record --fetch-history joins the publisher's cached past to the live objects (needs moqt-relay)",
		async () => {
			const ns = `${unique()}/history`;
			const out = join(temp.path, "history");
			const pub = moqt([
				"pub",
				server.url,
				ns,
				"t",
				...server.flags,
				"--rate",
				"40",
				"--objects-per-group",
				"4",
				"--cache-groups",
				"1000",
			]);
			// Three whole groups exist before the recording starts.
			await pub.line(/^published group 2:/);
			const record = moqt(["record", server.url, ns, "t", "--out", out, "--fetch-history", ...server.flags]);
			await record.line(/: history fetched, \d+ objects$/);
			// Let a few live groups arrive, then stop the recording as Ctrl-C would.
			const [, live] = (await pub.nextLine(/^published group (\d+):/)) as [string, string];
			await pub.line(new RegExp(`^published group ${Number(live) + 3}:`));
			record.signal("SIGTERM");
			expect(await record.code(), record.output).toBe(0);
			pub.signal("SIGTERM");
			expect(await pub.code(), pub.output).toBe(0);

			const inspection = await inspectRecording(out);
			expect(inspection.files.map((f) => [f.error, f.truncation])).toEqual([[undefined, undefined]]);
			const [track] = inspection.tracks;
			expect(track!.firstGroup).toBe(0n);
			expect(track!.lastGroup).toBeGreaterThan(Number(live) + 1);
			expect(track!.missingGroups).toEqual([]);
			expect(track!.missingObjects).toEqual([]);
			expect(track!.duplicates).toBe(0);
			// Every group but the last one recorded is whole: four objects from object 0.
			const objects = await readAll(out);
			const last = track!.lastGroup;
			for (let g = 0n; g < last; g++) {
				expect(objects.filter((o) => o.entry.groupId === g).map((o) => o.entry.objectId)).toEqual([0n, 1n, 2n, 3n]);
			}
			expect(record.stdout[0]).toMatch(new RegExp(`^recorded ${ns}/t: ${objects.length} objects`));
		},
	);

	// The client's example server routes a namespace to one publisher only; here two publish in it.
	test.skipIf(SERVER_KIND !== "moqt-relay")(
		"two tracks recorded together play back in real time under another namespace (needs moqt-relay)",
		async () => {
			const ns = unique();
			const first = join(temp.path, "two");
			const second = join(temp.path, "two-again");
			const pubs = ["audio", "video"].map((name) =>
				moqt([
					"pub",
					server.url,
					ns,
					name,
					...server.flags,
					"--groups",
					"3",
					"--objects-per-group",
					"3",
					"--rate",
					"30",
					"--wait-subscribers",
					"1",
				]),
			);
			await Promise.all(pubs.map((pub) => pub.line(/^publishing /)));
			const record = moqt(["record", server.url, ns, "audio", "video", "--out", first, ...server.flags]);
			expect(await record.code(), record.output).toBe(0);
			for (const pub of pubs) expect(await pub.code(), pub.output).toBe(0);
			expect(record.stdout.slice(0, 2)).toEqual([
				`recorded ${ns}/audio: 9 objects, 252 B, 3 groups`,
				`recorded ${ns}/video: 9 objects, 252 B, 3 groups`,
			]);

			// --realtime is the default: paced by the recorded receive times.
			const play = moqt(["play", first, server.url, "--namespace", `${ns}-again`, ...server.flags]);
			await play.line(/^playing /);
			const again = moqt(["record", server.url, `${ns}-again`, "audio", "video", "--out", second, ...server.flags]);
			expect(await again.code(), again.output).toBe(0);
			expect(await play.code(), play.output).toBe(0);
			expect(play.stdout[0]).toMatch(/^played 18 objects, 504 B, 6 groups of 2 track\(s\)/);

			const [a, b] = await Promise.all([readAll(first), readAll(second)]);
			const byTrack = (objects: typeof a, name: string) =>
				objects.filter((o) => new TextDecoder().decode(o.entry.trackName) === name).map(kept);
			for (const name of ["audio", "video"]) {
				expect(byTrack(a, name)).toHaveLength(9);
				expect(byTrack(b, name)).toEqual(byTrack(a, name));
			}
			expect(b.every((o) => new TextDecoder().decode(o.entry.trackNamespace[0]) === `${ns}-again`)).toBe(true);
		},
	);
});
