/**
 * ClientSession: a MoQT session (`MoqtSession` of `@moqt/session`) with the application's
 * conveniences: names as strings or bytes, options in plain terms, objects in one flat shape,
 * tracks that serve any number of subscribers, namespace discovery alike in every draft.
 *
 * @module
 */

import type {
	MoqtSession,
	PublishedNamespace,
	SessionClosedInfo,
	SessionHandlers,
	TrackStatusRequest,
} from "@moqt/session";
import type { TransportKind } from "@moqt/transport/interface";
import { type Draft, SubscribeOptions as NamespaceOptions, TerminationCode } from "@moqt/wire";
import { asyncDispose } from "../dispose.js";
import { type NameLike, type NamespaceLike, toName, toNamespace, trackKey } from "../names.js";
import {
	callOptions,
	type FetchOptions,
	fetchParameters,
	type JoiningFetchOptions,
	type RequestOptions,
	requestParameters,
	type SubscribeOptions,
	subscribeParameters,
	toEndLocation,
	toLocation,
} from "../options.js";
import { Track, type TrackOptions } from "../track/track.js";
import { ClientFetch } from "./fetch.js";
import { NamespaceWatch } from "./namespace-watch.js";
import { Publication } from "./publication.js";
import type { SessionRegistry } from "./registry.js";
import { ClientSubscription } from "./subscription.js";

/** Options of `subscribeNamespace`. */
export interface SubscribeNamespaceOptions extends RequestOptions {
	/**
	 * Also yield the publisher's PUBLISH requests for tracks under the prefix (as "publish"
	 * announcements). Default false.
	 */
	readonly tracks?: boolean;
}

/** Options of `publish`: the track to deliver (default: a new one registered under the name) and the request's. */
export interface PublishOptions extends RequestOptions {
	readonly track?: Track;
}

/** A MoQT session as the application uses it. Dispose of it (or `close()`) when done. */
export class ClientSession {
	/** The session underneath, for everything this API does not show. */
	readonly raw: MoqtSession;
	/** The transport it runs on: "quic", "webtransport-h3", "webtransport-h2", "webtransport" or "memory". */
	readonly transport: TransportKind;
	readonly #registry: SessionRegistry;

	/** @internal Use `connect` or `establish`. */
	constructor(raw: MoqtSession, registry: SessionRegistry, transport: TransportKind) {
		this.raw = raw;
		this.#registry = registry;
		this.transport = transport;
	}

	/**
	 * Handlers of the peer's requests that the session does not answer itself: `onSubscribe`,
	 * `onFetch` and `onTrackStatus` for tracks not registered with `track()`, `onPublish` outside
	 * watched prefixes, `onSubscribeNamespace`, `onGoaway`... Without one, the draft's default
	 * answer is sent. Replace the object or set its members at any time.
	 */
	get handlers(): SessionHandlers {
		return this.#registry.appHandlers;
	}

	set handlers(handlers: SessionHandlers) {
		this.#registry.appHandlers = handlers;
	}

	/** The draft spoken. */
	get draft(): Draft {
		return this.raw.draft;
	}

	/** How the session ended; never rejects. */
	get closed(): Promise<SessionClosedInfo> {
		return this.raw.closed;
	}

	/** SUBSCRIBE: resolves once the publisher accepted (rejects with a RequestError when refused). */
	async subscribe(
		namespace: NamespaceLike,
		name: NameLike,
		options: SubscribeOptions = {},
	): Promise<ClientSubscription> {
		const raw = await this.raw.subscribe(toNamespace(namespace), toName(name), {
			...subscribeParameters(options),
			...callOptions(options),
		});
		return new ClientSubscription(raw);
	}

	/** A Standalone FETCH of past objects, `start` to `end` inclusive. */
	async fetch(namespace: NamespaceLike, name: NameLike, options: FetchOptions): Promise<ClientFetch> {
		const raw = await this.raw.fetch(toNamespace(namespace), toName(name), {
			...fetchParameters(options),
			...callOptions(options),
			start: toLocation(options.start),
			end: toEndLocation(options.end),
		});
		return new ClientFetch(raw);
	}

	/**
	 * A Joining FETCH: the objects just before a subscription's start, `relative` groups back or
	 * from the group `absolute`, contiguous with what the subscription delivers.
	 */
	async joiningFetch(subscription: ClientSubscription, options: JoiningFetchOptions): Promise<ClientFetch> {
		const start =
			options.relative !== undefined ? { relative: BigInt(options.relative) } : { absolute: BigInt(options.absolute) };
		const raw = await this.raw.joiningFetch(subscription.raw, {
			...fetchParameters(options),
			...callOptions(options),
			...start,
		});
		return new ClientFetch(raw);
	}

	/** SUBSCRIBE_NAMESPACE: iterate the result for the namespaces (and with `tracks`, the tracks) under `prefix`. */
	async subscribeNamespace(prefix: NamespaceLike, options: SubscribeNamespaceOptions = {}): Promise<NamespaceWatch> {
		const trackNamespacePrefix = toNamespace(prefix);
		const tracks = options.tracks === true;
		const parameters = requestParameters(options);
		// The watch exists before the answer: in draft-14 the announcements may follow it at once.
		const raw = await this.raw.subscribeNamespace(trackNamespacePrefix, {
			...parameters,
			...callOptions(options),
			waitResponse: false,
			...(this.draft === 16 && { subscribeOptions: tracks ? NamespaceOptions.BOTH : NamespaceOptions.NAMESPACE }),
		});
		const trackRequest =
			tracks && this.draft >= 18
				? await this.raw.subscribeTracks(trackNamespacePrefix, { ...parameters, waitResponse: false })
				: undefined;
		const watch = new NamespaceWatch({ draft: this.draft, prefix: trackNamespacePrefix, tracks, raw, trackRequest });
		this.#registry.addWatch(watch);
		if (options.waitResponse !== false) await raw.response;
		return watch;
	}

	/** TRACK_STATUS: the track's largest object (`largest`) and properties, without subscribing. */
	trackStatus(namespace: NamespaceLike, name: NameLike, options: RequestOptions = {}): Promise<TrackStatusRequest> {
		return this.raw.trackStatus(toNamespace(namespace), toName(name), {
			...requestParameters(options),
			...callOptions(options),
		});
	}

	/** PUBLISH_NAMESPACE: tells the peer we publish under `namespace`; `withdraw()` (or dispose) ends it. */
	publishNamespace(namespace: NamespaceLike, options: RequestOptions = {}): Promise<PublishedNamespace> {
		return this.raw.publishNamespace(toNamespace(namespace), {
			...requestParameters(options),
			...callOptions(options),
		});
	}

	/**
	 * A track this session publishes: from now on the peer's SUBSCRIBE, FETCH and TRACK_STATUS for
	 * it are answered from it, for any number of subscriptions. It replaces an ended track of the
	 * same name; throws a TypeError when a live one exists.
	 */
	track(namespace: NamespaceLike, name: NameLike, options?: TrackOptions): Track {
		const track = new Track({ draft: this.draft, namespace: toNamespace(namespace), name: toName(name), options });
		if (!this.#registry.addTrack(track)) throw new TypeError("a live track of that name exists already");
		return track;
	}

	/**
	 * PUBLISH: pushes a track to the peer without its asking (-19 §10.10); the objects written to
	 * `options.track` (default: a new track registered under the name) go out on it.
	 */
	async publish(namespace: NamespaceLike, name: NameLike, options: PublishOptions = {}): Promise<Publication> {
		const trackNamespace = toNamespace(namespace);
		const trackName = toName(name);
		const track = options.track ?? this.track(trackNamespace, trackName);
		if (trackKey(track.namespace, track.name) !== trackKey(trackNamespace, trackName)) {
			throw new TypeError("options.track has another name");
		}
		const largest = track.largest;
		const raw = await this.raw.publish(trackNamespace, trackName, {
			...requestParameters(options),
			...(largest !== undefined && { largestObject: largest }),
			...track.publisherOptions(),
			...callOptions({ ...options, waitResponse: false }),
		});
		track.attach(raw);
		if (options.waitResponse !== false) {
			try {
				await raw.response;
			} catch (error) {
				// A track made for this PUBLISH alone ends with it.
				if (options.track === undefined) await track.end();
				throw error;
			}
		}
		return new Publication(track, raw);
	}

	/** Closes the session (default NO_ERROR); idempotent. Resolves with how it ended. */
	close(code: number = TerminationCode.NO_ERROR, reason = ""): Promise<SessionClosedInfo> {
		return this.raw.close(code, reason);
	}

	/** Closes the session (if open); resolves once closed. */
	async [asyncDispose](): Promise<void> {
		await this.raw.close();
	}
}
