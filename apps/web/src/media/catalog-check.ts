/**
 * The requirements of an independent MSF catalog that go beyond JSON types (draft-ietf-moq-msf
 * §5.1 "Root Catalog Fields", §5.2 "Track Object Fields", §7.2 "Media Timeline Catalog
 * requirements", §8.2 "Event Timeline Catalog requirements"): fields required for some kinds of
 * track, fields that exclude each other, unique names, resolvable references.
 *
 * A "media track" here is one with LOC packaging, the only packaging that carries audio or video
 * (§4.1); an audio track is a media track whose role is "audio" or "audiodescription". Is Live is
 * required of every entry of `tracks` (§5.2.7); publish tracks (§5.1.5), which the subscriber
 * itself feeds, are held only to the per-kind rules, as the draft's own example of them is.
 *
 * @module
 */

import type { Catalog, CatalogTrack } from "./catalog.js";

const INIT_DATA_TYPES = ["inline", "track-property", "object-property"];

/**
 * Lists how a catalog breaks the draft's requirements, one sentence per problem; an empty list
 * means none were found.
 */
export function catalogProblems(c: Catalog): string[] {
	const problems: string[] = [];
	if (c.isComplete === false) problems.push("isComplete must be left out rather than false");
	const ids = new Set<string>();
	for (const entry of c.initDataList ?? []) {
		if (ids.has(entry.id)) problems.push(`initDataList id ${JSON.stringify(entry.id)} is not unique`);
		ids.add(entry.id);
		if (!INIT_DATA_TYPES.includes(entry.type)) {
			problems.push(`initDataList entry ${JSON.stringify(entry.id)} has unknown type ${JSON.stringify(entry.type)}`);
		}
	}
	checkTracks(c.tracks, true, ids, problems);
	checkTracks(c.publishTracks ?? [], false, ids, problems);
	return problems;
}

function checkTracks(tracks: readonly CatalogTrack[], liveRequired: boolean, ids: Set<string>, out: string[]): void {
	const names = new Set<string>();
	for (const t of tracks) {
		const label = `track ${JSON.stringify(t.name)}`;
		// Track names are unique per namespace; an absent namespace is the catalog's own.
		const key = JSON.stringify([t.namespace ?? null, t.name]);
		if (names.has(key)) out.push(`${label} is declared twice in its namespace`);
		names.add(key);
		if (liveRequired && t.isLive === undefined) out.push(`${label} has no isLive`);
		for (const problem of trackProblems(t, ids)) out.push(`${label} ${problem}`);
	}
}

function trackProblems(t: CatalogTrack, initIds: Set<string>): string[] {
	const p: string[] = [];
	const need = (field: keyof CatalogTrack, why: string) => {
		if (t[field] === undefined) p.push(`has no ${field} (${why})`);
	};
	if (t.packaging === "loc") {
		need("codec", "required of audio and video tracks");
		need("bitrate", "required of audio and video tracks");
		if (t.role === "audio" || t.role === "audiodescription") {
			need("samplerate", "required of audio tracks");
			need("channelConfig", "required of audio tracks");
		}
	}
	if (t.packaging === "eventtimeline") {
		need("eventType", "required of event timelines");
		need("depends", "required of event timelines");
		if (t.mimeType !== "application/json") p.push("must have mimeType application/json (event timeline)");
	} else if (t.eventType !== undefined) {
		p.push("has an eventType but is no event timeline");
	}
	if (t.packaging === "mediatimeline") {
		need("depends", "required of media timelines");
		if (t.mimeType !== "application/json") p.push("must have mimeType application/json (media timeline)");
	}
	if (t.targetLatency !== undefined && t.buffers !== undefined) p.push("has both targetLatency and buffers");
	if (t.trackDuration !== undefined && t.isLive === true) p.push("has a trackDuration while live");
	if (t.parentName !== undefined || t.parentNamespace !== undefined) {
		p.push("has a parentName or parentNamespace outside a delta update");
	}
	if (t.initRef !== undefined && !initIds.has(t.initRef)) p.push(`refers to unknown initRef ${t.initRef}`);
	if (t.encryptionScheme !== undefined) {
		need("cipherSuite", "required with an encryptionScheme");
		if (t.encryptionScheme === "moq-secure-objects") {
			need("keyId", "required by moq-secure-objects");
			need("trackBaseKey", "required by moq-secure-objects");
		}
	}
	return p;
}
