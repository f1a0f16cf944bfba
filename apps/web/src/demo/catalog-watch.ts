/**
 * Following a participant's MSF catalog (draft-ietf-moq-msf §5 "Catalog"): SUBSCRIBE to its
 * `catalog` track, then a Joining FETCH of offset 0 for the current Group's independent catalog
 * and the delta updates since ("a subscriber MUST subscribe with a Joining FETCH of offset 0"),
 * then every later object as it comes, through `CatalogTrackReader`. Yields each complete catalog
 * in turn; ends when the catalog track ends, or when the loop is left (which unsubscribes).
 *
 * Runs wherever `@moqt/client` does (the page, and the Node.js tests).
 *
 * @module
 */

import { type ClientSession, type NamespaceLike, ObjectStatus } from "@moqt/client";
import { TrackName } from "../chat.js";
import type { Catalog } from "../media/catalog.js";
import { CatalogTrackReader } from "../media/catalog-track.js";

/** Options of {@link watchCatalog}. */
export interface WatchCatalogOptions {
	/** ms to wait for each request's answer (default 10 s). */
	readonly timeout?: number;
	/** Told when the Joining FETCH fails (the watch goes on with live objects only). */
	readonly onFetchError?: (error: unknown) => void;
	/** Ends the watch: the subscription (and a fetch under way) are cancelled and the iteration ends. */
	readonly signal?: AbortSignal;
}

/** The catalogs of `namespace`, the current one first. Rejects when the subscription is refused. */
export async function* watchCatalog(
	session: ClientSession,
	namespace: NamespaceLike,
	options: WatchCatalogOptions = {},
): AsyncGenerator<Catalog, void, undefined> {
	const timeout = options.timeout ?? 10_000;
	const signal = options.signal;
	const subscription = await session.subscribe(namespace, TrackName.CATALOG, {
		priority: 0,
		timeout,
		...(signal !== undefined && { signal }),
	});
	const reader = new CatalogTrackReader();
	const cancel = () => subscription.unsubscribe();
	signal?.addEventListener("abort", cancel);
	try {
		if (signal?.aborted === true) return;
		if (subscription.largest !== undefined) {
			try {
				const fetch = await session.joiningFetch(subscription, { relative: 0, priority: 0, timeout });
				signal?.addEventListener("abort", () => fetch.cancel());
				for await (const o of fetch) {
					if (o.status !== ObjectStatus.NORMAL) continue;
					const catalog = await reader.push(o);
					if (catalog !== undefined) yield catalog;
				}
			} catch (error) {
				options.onFetchError?.(error);
			}
		}
		for await (const o of subscription) {
			if (o.status !== ObjectStatus.NORMAL) continue;
			const catalog = await reader.push(o);
			if (catalog !== undefined) yield catalog;
		}
	} finally {
		signal?.removeEventListener("abort", cancel);
		subscription.unsubscribe();
	}
}
