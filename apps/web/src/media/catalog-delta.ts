/**
 * Applying an MSF delta update to the catalog before it (draft-ietf-moq-msf §5.1.6 "Delta
 * update", §5.3 "Delta updates"): the operations run in order, each on the result of the one
 * before, and every one must succeed.
 *
 * A track is known by its namespace and name, an absent namespace meaning the catalog track's
 * own (§5.2.2). Since the draft does not say how a namespace tuple is written as a string, the
 * caller may pass the catalog's namespace in the form its catalogs use; without it, an absent
 * namespace matches only an absent one. `update` names its target by `parentName` as §5.1.6 says or, failing that, by `name` as
 * the draft's "Delta update - adding two tracks" example does; a name or namespace in an update is
 * a selector, never a rename. A `clone` inherits everything from its parent but the name,
 * including the parent's namespace unless it declares its own.
 *
 * @module
 */

import { FormatError } from "../errors.js";
import type { Catalog, CatalogDelta, CatalogTrack, DeltaOperation, TrackFields } from "./catalog.js";

/**
 * The catalog after the delta. `catalogNamespace` is the catalog track's own namespace, which
 * tracks without one inherit. Throws {@link FormatError} when an operation cannot apply.
 */
export function applyDelta(catalog: Catalog, delta: CatalogDelta, catalogNamespace?: string): Catalog {
	let tracks: readonly CatalogTrack[] = catalog.tracks;
	for (const operation of delta.deltaUpdate) tracks = apply(tracks, operation, catalogNamespace);
	return { ...catalog, generatedAt: delta.generatedAt, tracks };
}

function apply(before: readonly CatalogTrack[], operation: DeltaOperation, catalogNamespace?: string): CatalogTrack[] {
	const tracks = [...before];
	const find = (namespace: string | undefined, name: string | undefined) =>
		tracks.findIndex((t) => t.name === name && (t.namespace ?? catalogNamespace) === (namespace ?? catalogNamespace));
	switch (operation.op) {
		case "add":
			for (const t of operation.tracks) {
				if (find(t.namespace, t.name) >= 0) throw conflict("add", t.name, "already exists");
				tracks.push(t);
			}
			return tracks;
		case "remove":
			for (const t of operation.tracks) {
				const at = find(t.namespace, t.name);
				if (at < 0) throw conflict("remove", t.name, "does not exist");
				tracks.splice(at, 1);
			}
			return tracks;
		case "clone":
			for (const { parentName, parentNamespace, ...fields } of operation.tracks) {
				const at = find(parentNamespace, parentName);
				if (at < 0) throw conflict("clone", parentName, "has no such parent");
				const clone = merge(tracks[at]!, fields);
				if (find(clone.namespace, clone.name) >= 0) throw conflict("clone", clone.name, "already exists");
				tracks.push(clone);
			}
			return tracks;
		case "update":
			for (const { parentName, parentNamespace, name, namespace, ...fields } of operation.tracks) {
				const target = parentName ?? name;
				const at = find(parentName !== undefined ? parentNamespace : namespace, target);
				if (at < 0) throw conflict("update", target, "does not exist");
				tracks[at] = merge(tracks[at]!, fields);
			}
			return tracks;
	}
}

function merge(base: CatalogTrack, fields: TrackFields): CatalogTrack {
	const custom =
		base.custom === undefined && fields.custom === undefined ? {} : { custom: { ...base.custom, ...fields.custom } };
	return { ...base, ...fields, ...custom } as CatalogTrack;
}

function conflict(op: string, name: string | undefined, what: string): FormatError {
	return new FormatError("invalid-catalog", `delta ${op} of track ${JSON.stringify(name)}: it ${what}`);
}
