import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { FormatError } from "../errors.js";
import { utf8Encode } from "../utf8.js";
import { type Catalog, type CatalogDelta, encodeCatalog, isDelta, MSF_VERSION, parseCatalog } from "./catalog.js";
import { catalogProblems } from "./catalog-check.js";

interface Example {
	readonly section: string;
	readonly text: string;
}
const examples: Example[] = JSON.parse(
	readFileSync(new URL("../../test/fixtures/msf/draft-examples.json", import.meta.url), "utf8"),
).examples;

function example(section: string): string {
	const found = examples.find((e) => e.section === section);
	if (found === undefined) throw new Error(`no example ${section}`);
	return found.text;
}

function independent(text: string, versions?: string[]): Catalog {
	const c = parseCatalog(text, versions === undefined ? undefined : { versions });
	if (isDelta(c)) throw new Error("expected an independent catalog");
	return c;
}

// What catalogProblems finds in each example of draft-ietf-moq-msf §5.6 that is not clean: the
// draft's examples leave out fields its own text requires. Every other example has none.
const EXPECTED_PROBLEMS: Record<string, string[]> = {
	"Media timeline and Event timeline": ['track "history" has no isLive', 'track "identified-objects" has no isLive'],
	"Variable Substitution for personalized delivery (template)": [
		'track "video" has no codec (required of audio and video tracks)',
		'track "video" has no bitrate (required of audio and video tracks)',
		'track "cmcdv2-%id%" has no isLive',
		'track "cmcdv2-%id%" has no depends (required of event timelines)',
		'track "cmcdv2-%id%" must have mimeType application/json (event timeline)',
	],
	"Variable Substitution for personalized delivery (resolved)": [
		'track "video" has no codec (required of audio and video tracks)',
		'track "video" has no bitrate (required of audio and video tracks)',
		'track "cmcdv2-bob" has no isLive',
		'track "cmcdv2-bob" has no depends (required of event timelines)',
		'track "cmcdv2-bob" must have mimeType application/json (event timeline)',
	],
	"A catalog referencing other catalogs": [
		'track "premium-catalog" has no isLive',
		'track "free-catalog" has no isLive',
		'track "camera33-catalog" has no isLive',
	],
};
const DELTAS = ["Delta update  - adding two tracks", "Delta update removing tracks"];
// The one example whose version is "1" rather than "draft-01".
const VERSION_ONE = "A catalog referencing other catalogs";

describe("the draft's catalog examples (draft-ietf-moq-msf §5.6)", () => {
	test("the fixture holds all 18 of them", () => {
		expect(examples).toHaveLength(18);
	});

	test.each(examples.map((e) => [e.section, e.text]))("%s parses, with the problems the draft has", (section, text) => {
		const c = parseCatalog(text, { versions: [MSF_VERSION, "1"] });
		expect(isDelta(c)).toBe(DELTAS.includes(section));
		if (!isDelta(c)) expect(catalogProblems(c)).toEqual(EXPECTED_PROBLEMS[section] ?? []);
	});

	test.each(examples.filter((e) => !DELTAS.includes(e.section) && EXPECTED_PROBLEMS[e.section] === undefined))(
		"$section survives encode and parse unchanged",
		({ text }) => {
			const c = independent(text);
			expect(parseCatalog(encodeCatalog(c))).toEqual(c);
			// Same JSON value as the draft's text: nothing lost, nothing added.
			expect(JSON.parse(new TextDecoder().decode(encodeCatalog(c)))).toEqual(JSON.parse(text));
		},
	);

	test("the first example reads as the draft describes it", () => {
		const c = independent(example("Time-aligned Audio/Video Tracks with single quality"));
		expect(c.version).toBe("draft-01");
		expect(c.generatedAt).toBe(1746104606044);
		expect(c.tracks.map((t) => [t.name, t.role, t.codec, t.bitrate])).toEqual([
			["1080p-video", "video", "av01.0.08M.10.0.110.09", 1500000],
			["audio", "audio", "opus", 32000],
		]);
		expect(c.tracks[0]).toMatchObject({ width: 1920, height: 1080, framerate: 30, renderGroup: 1, isLive: true });
		expect(c.tracks[1]).toMatchObject({ samplerate: 48000, channelConfig: "2", targetLatency: 2000 });
	});

	test("custom fields are kept apart from the draft's, structured fields are typed", () => {
		const c = independent(example("Time-aligned Audio/Video Tracks with custom field values"));
		expect(c.tracks[0]?.custom).toEqual({
			"com.example-billing-code": 3201,
			"com.example-tier": "premium",
			"com.example-debug": "h349835bfkjfg82394d945034jsdfn349fns",
		});
		expect(c.tracks[0]?.buffers).toEqual({ target: 2000, min: 1500, max: 5000 });
		expect(c.tracks[1]?.custom).toBeUndefined();
		const timeline = independent(example("Media timeline template"));
		expect(timeline.tracks[0]?.template).toEqual([0, 2002, [0, 0], [1, 0], 1759924158381, 2002]);
		const cea = independent(example("Video track with embedded captions and SCTE-35 events"));
		expect(cea.tracks[0]?.accessibility).toEqual([
			{ scheme: "urn:scte:dash:cc:cea-608:2015", value: "CC1=eng;CC3=spa" },
		]);
	});

	test("a version not understood is refused (§5.1.1)", () => {
		expect(() => parseCatalog(example(VERSION_ONE))).toThrow(/version "1" is not understood/);
	});

	test("a catalog with problems is not encoded", () => {
		const c = independent(example("Variable Substitution for personalized delivery (resolved)"));
		expect(() => encodeCatalog(c)).toThrow(/has no codec/);
	});
});

describe("parseCatalog rejects what is not a catalog", () => {
	const track = { name: "v", packaging: "loc", isLive: true, codec: "vp8", bitrate: 1 };
	const catalog = (tracks: unknown[], extra: object = {}) => JSON.stringify({ version: MSF_VERSION, tracks, ...extra });

	test.each([
		["not JSON", "{", /not UTF-8 JSON/],
		["an array", "[]", /not a JSON object/],
		["no version", JSON.stringify({ tracks: [] }), /no version/],
		["no tracks", JSON.stringify({ version: MSF_VERSION }), /no tracks array/],
		["a track without a name", catalog([{ packaging: "loc" }]), /has no name/],
		["a track without packaging", catalog([{ name: "v" }]), /has no packaging/],
		["a string width", catalog([{ ...track, width: "1920" }]), /width must be a number/],
		["a negative render group", catalog([{ ...track, renderGroup: -1 }]), /non-negative integer/],
		["a fractional alternate group", catalog([{ ...track, altGroup: 1.5 }]), /non-negative integer/],
		["a string isLive", catalog([{ ...track, isLive: "true" }]), /isLive must be a boolean/],
		["depends of numbers", catalog([{ ...track, depends: [1] }]), /depends must be a string/],
		["a short template", catalog([{ ...track, template: [0, 2002, [0, 0], [1, 0], 0] }]), /template/],
		["authInfo as a string", catalog([{ ...track, authInfo: "cat" }]), /authInfo must be an object/],
		["a bad accessibility entry", catalog([{ ...track, accessibility: [{ scheme: "x" }] }]), /accessibility/],
		["a string generatedAt", catalog([], { generatedAt: "now" }), /generatedAt must be a number/],
		["a bad initDataList entry", catalog([], { initDataList: [{ id: "a" }] }), /initDataList entry/],
	])("%s", (_, text, message) => {
		expect(() => parseCatalog(text)).toThrow(FormatError);
		expect(() => parseCatalog(text)).toThrow(message);
	});

	test("bytes must be UTF-8", () => {
		expect(() => parseCatalog(Uint8Array.of(0x7b, 0xff, 0x7d))).toThrow(/not UTF-8 JSON/);
		expect(parseCatalog(utf8Encode(catalog([track])))).toEqual({ version: MSF_VERSION, tracks: [track] });
	});

	test("unknown keys of buffers are ignored (§5.2.9)", () => {
		const c = independent(catalog([{ ...track, buffers: { target: 10, jitter: 3 } }]));
		expect(c.tracks[0]?.buffers).toEqual({ target: 10 });
	});
});

describe("delta updates (§5.1.6, §5.3)", () => {
	test("the draft's delta examples parse into their operations", () => {
		const add = parseCatalog(example("Delta update  - adding two tracks")) as CatalogDelta;
		expect(add.generatedAt).toBe(1746104606044);
		expect(add.deltaUpdate.map((o) => o.op)).toEqual(["update", "add", "clone"]);
		expect(add.deltaUpdate[2]?.tracks[0]).toMatchObject({ parentName: "video-1080", name: "video-720", width: 1280 });
		const remove = parseCatalog(example("Delta update removing tracks")) as CatalogDelta;
		expect(remove.deltaUpdate).toEqual([{ op: "remove", tracks: [{ name: "video" }, { name: "slides" }] }]);
		expect(parseCatalog(encodeCatalog(add))).toEqual(add);
	});

	const delta = (root: object) => JSON.stringify({ generatedAt: 1, ...root });
	test.each([
		["no generatedAt", JSON.stringify({ deltaUpdate: [{ op: "remove", tracks: [{ name: "a" }] }] }), /generatedAt/],
		["an empty deltaUpdate", delta({ deltaUpdate: [] }), /non-empty/],
		["a version", delta({ version: MSF_VERSION, deltaUpdate: [{ op: "add", tracks: [] }] }), /must not carry version/],
		["tracks", delta({ tracks: [], deltaUpdate: [{ op: "add", tracks: [] }] }), /must not carry tracks/],
		["an unknown op", delta({ deltaUpdate: [{ op: "move", tracks: [] }] }), /unknown delta operation "move"/],
		["an op without tracks", delta({ deltaUpdate: [{ op: "add" }] }), /no tracks array/],
		[
			"a removal with more than a name",
			delta({ deltaUpdate: [{ op: "remove", tracks: [{ name: "a", width: 1 }] }] }),
			/only name and namespace/,
		],
		[
			"a removal without a name",
			delta({ deltaUpdate: [{ op: "remove", tracks: [{ namespace: "n" }] }] }),
			/needs a name/,
		],
		["a clone without a parent", delta({ deltaUpdate: [{ op: "clone", tracks: [{ name: "b" }] }] }), /parentName/],
		["an update without a target", delta({ deltaUpdate: [{ op: "update", tracks: [{ width: 1 }] }] }), /parentName/],
		["an added track without packaging", delta({ deltaUpdate: [{ op: "add", tracks: [{ name: "x" }] }] }), /packaging/],
	])("rejects %s", (_, text, message) => {
		expect(() => parseCatalog(text)).toThrow(message);
	});

	test("encodeCatalog checks a delta the same way", () => {
		expect(() => encodeCatalog({ generatedAt: 1, deltaUpdate: [] })).toThrow(/non-empty/);
	});
});
