/**
 * The catalog as a MOQT track (draft-ietf-moq-msf §5 "Catalog", §5.5 "Catalog Compression",
 * §12.1 "Compression Signaling"): every Group opens with an independent catalog at Object 0,
 * later Objects of that Group are delta updates, all on subgroup 0.
 *
 * {@link CatalogTrackWriter} numbers what a publisher sends; {@link CatalogTrackReader} rebuilds
 * the current catalog from what a subscriber receives. The reader ignores objects of a Group older
 * than the latest one ("Any catalog updates that precede the first Object of the latest Group MUST
 * be ignored"), deltas whose independent catalog it never saw, and, after a missing delta, the
 * rest of that Group, since later deltas build on the lost one. It inflates GZIP payloads
 * signalled by the MSF_COMPRESSION property (type 0x78) on the object or, through its options,
 * on the track (from PUBLISH or SUBSCRIBE_OK), using the DecompressionStream that browsers and
 * Node have.
 *
 * The publisher side is left to the caller on two points: the catalog track SHOULD get a higher
 * publisher priority than the tracks it lists, and a subscriber MUST subscribe with a Joining
 * FETCH of offset 0 to get the Group's independent catalog and the deltas since.
 *
 * @module
 */

import type { KeyValuePair } from "@moqt/wire";
import { FormatError } from "../errors.js";
import {
	type Catalog,
	type CatalogDelta,
	encodeCatalog,
	isDelta,
	type ParseCatalogOptions,
	parseCatalog,
} from "./catalog.js";
import { applyDelta } from "./catalog-delta.js";
import type { MediaObject } from "./media-object.js";

/** The MSF_COMPRESSION property type, for tracks and objects alike (§12.1.1, §12.1.2). */
export const MSF_COMPRESSION = 0x78n;

/** MSF_COMPRESSION values (§12.1, "MSF Compression Values"). */
export const Compression = { NONE: 0n, GZIP: 1n } as const;

/** Numbers catalog objects: an independent catalog opens a Group, deltas follow in it. */
export class CatalogTrackWriter {
	private nextGroup: bigint;
	private group: bigint | undefined;
	private object = 0n;

	/** `startGroup` defaults to the wall clock in milliseconds, as for any restartable track (§6.1). */
	constructor(startGroup: bigint = BigInt(Date.now())) {
		this.nextGroup = startGroup;
	}

	/** The object carrying an independent catalog: Object 0 of a new Group. */
	independent(catalog: Catalog): MediaObject {
		const payload = encodeCatalog(catalog);
		this.group = this.nextGroup;
		this.nextGroup += 1n;
		this.object = 0n;
		return { group: this.group, object: 0n, properties: [], payload };
	}

	/** The object carrying a delta update: the next Object of the current Group. */
	delta(delta: CatalogDelta): MediaObject {
		if (this.group === undefined) throw new FormatError("invalid-catalog", "a delta update before any catalog");
		const payload = encodeCatalog(delta);
		this.object += 1n;
		return { group: this.group, object: this.object, properties: [], payload };
	}
}

/** Options of a {@link CatalogTrackReader}. */
export interface CatalogTrackReaderOptions extends ParseCatalogOptions {
	/** The track's MSF_COMPRESSION value, when PUBLISH or SUBSCRIBE_OK carried one. */
	readonly trackCompression?: bigint;
	/** The catalog track's namespace, in the form the catalog's namespace strings use. */
	readonly catalogNamespace?: string;
}

/** Rebuilds the current catalog from the catalog track's objects. */
export class CatalogTrackReader {
	private readonly options: CatalogTrackReaderOptions;
	private current: Catalog | undefined;
	private group = -1n;
	// The Object ID the next delta must have; undefined while the current Group cannot be followed.
	private expected: bigint | undefined;

	constructor(options: CatalogTrackReaderOptions = {}) {
		this.options = options;
	}

	/** The latest complete catalog, once one has arrived. */
	get catalog(): Catalog | undefined {
		return this.current;
	}

	/**
	 * Takes the next object of the track and returns the catalog it leads to, or `undefined` when
	 * the object is to be ignored. Throws {@link FormatError} for a payload that is not a catalog
	 * of the kind its position demands, or is compressed in a way MSF does not define. Await each
	 * call before the next: objects apply in order.
	 */
	async push(
		o: Pick<MediaObject, "group" | "object" | "payload"> & { readonly properties?: readonly KeyValuePair[] },
	): Promise<Catalog | undefined> {
		if (o.group < this.group) return undefined;
		if (o.object === 0n) {
			const c = parseCatalog(await this.inflate(o), this.options);
			if (isDelta(c)) throw new FormatError("invalid-catalog", `object 0 of group ${o.group} is a delta update`);
			this.group = o.group;
			this.expected = 1n;
			this.current = c;
			return c;
		}
		if (o.group > this.group || this.current === undefined) return undefined;
		if (o.object !== this.expected) {
			// A repeat changes nothing; a gap loses a delta that later ones may build on.
			if (this.expected !== undefined && o.object > this.expected) this.expected = undefined;
			return undefined;
		}
		const c = parseCatalog(await this.inflate(o), this.options);
		if (!isDelta(c)) throw new FormatError("invalid-catalog", `object ${o.object} of group ${o.group} is not a delta`);
		this.current = applyDelta(this.current, c, this.options.catalogNamespace);
		this.expected = o.object + 1n;
		return this.current;
	}

	private async inflate(o: {
		readonly properties?: readonly KeyValuePair[];
		readonly payload: Uint8Array;
	}): Promise<Uint8Array> {
		const property = o.properties?.find((p) => p.type === MSF_COMPRESSION);
		const compression = property?.value ?? this.options.trackCompression ?? Compression.NONE;
		if (compression === Compression.NONE) return o.payload;
		if (compression !== Compression.GZIP) {
			throw new FormatError("invalid-catalog", `MSF_COMPRESSION ${String(compression)} is not supported`);
		}
		return gunzip(o.payload);
	}
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
	try {
		// A copy: Blob wants its own ArrayBuffer-backed bytes, and the payload may be a view.
		const inflated = new Blob([bytes.slice()]).stream().pipeThrough(new DecompressionStream("gzip"));
		return new Uint8Array(await new Response(inflated).arrayBuffer());
	} catch (e) {
		throw new FormatError("invalid-catalog", "the catalog is not valid GZIP", { cause: e });
	}
}
