/**
 * What a client session knows beyond its MoqtSession: the tracks it publishes, the namespaces it
 * watches and the application's handlers. It exists before the session does, so that the
 * session's handlers (router.ts) are in place from setup on.
 *
 * @module
 */

import type { SessionHandlers } from "@moqt/session";
import type { Draft, TrackNamespace } from "@moqt/wire";
import { trackKey } from "../names.js";
import type { Track } from "../track/track.js";
import type { NamespaceWatch } from "./namespace-watch.js";
import type { RouterHost } from "./router.js";

/** @internal */
export class SessionRegistry implements RouterHost {
	readonly draft: Draft;
	/** The application's handlers. */
	appHandlers: SessionHandlers = {};
	readonly #tracks = new Map<string, Track>();
	readonly #watches = new Set<NamespaceWatch>();

	constructor(draft: Draft) {
		this.draft = draft;
	}

	handlers(): SessionHandlers {
		return this.appHandlers;
	}

	track(namespace: TrackNamespace, name: Uint8Array): Track | undefined {
		return this.#tracks.get(trackKey(namespace, name));
	}

	watches(): Iterable<NamespaceWatch> {
		return this.#watches;
	}

	/** Registers a track in place of an ended one of the same name; false when a live one is registered. */
	addTrack(track: Track): boolean {
		const key = trackKey(track.namespace, track.name);
		if (this.#tracks.get(key)?.ended === false) return false;
		this.#tracks.set(key, track);
		return true;
	}

	/** Follows a namespace watch until it ends. */
	addWatch(watch: NamespaceWatch): void {
		this.#watches.add(watch);
		void watch.done.then(() => this.#watches.delete(watch));
	}
}
