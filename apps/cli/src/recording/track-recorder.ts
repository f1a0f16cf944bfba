/**
 * Recording one track: a subscription, optionally preceded by a Joining FETCH of what the
 * publisher (or relay) still holds (draft-ietf-moq-transport-19 §10.12.2), each object appended
 * to the shared RecordingWriter as it arrives with its receive time.
 *
 * With history, live objects that arrive while the fetch is still running are held back and
 * appended after the fetched ones, so that the file lists each group's objects in order and
 * `play` can send them on one stream; they keep the time they were received.
 *
 * @module
 */

import {
	type ClientFetch,
	type ClientSession,
	type ClientSubscription,
	type FilterLike,
	type PublishDone,
	RequestError,
	type TrackObject,
	toName,
	toNamespace,
} from "@moqt/client";
import type { RecordingWriter } from "@moqt/file-format/node";
import type { Progress } from "../output/progress.js";
import { objectMetadata } from "./object-metadata.js";

/** How a track's recording went. */
export interface TrackRecordResult {
	readonly label: string;
	readonly objects: number;
	readonly bytes: number;
	readonly groups: number;
	/** How the subscription ended: PUBLISH_DONE, an Error, or undefined when we stopped it. */
	readonly end: PublishDone | Error | undefined;
	/** The history fetch failed or was refused (the recording went on live). */
	readonly historyError: Error | undefined;
}

/** Records one track into a writer shared with the other tracks. */
export class TrackRecorder {
	readonly label: string;
	readonly #session: ClientSession;
	readonly #writer: RecordingWriter;
	readonly #progress: Progress;
	readonly #namespace;
	readonly #name;
	readonly #groups = new Set<bigint>();
	#subscription: ClientSubscription | undefined;
	#fetch: ClientFetch | undefined;
	#objects = 0;
	#bytes = 0;
	#historyError: Error | undefined;
	#stopped = false;
	readonly #log: (line: string) => void;

	/** `log` gets a line when the history fetch is over (for stderr). */
	constructor(
		session: ClientSession,
		writer: RecordingWriter,
		namespace: string,
		name: string,
		progress: Progress,
		log: (line: string) => void,
	) {
		this.label = `${namespace}/${name}`;
		this.#session = session;
		this.#writer = writer;
		this.#progress = progress;
		this.#log = log;
		this.#namespace = toNamespace(namespace);
		this.#name = toName(name);
	}

	/** Subscribes; rejects (with a RequestError) when the track is refused. */
	async subscribe(filter: FilterLike): Promise<void> {
		this.#subscription = await this.#session.subscribe(this.#namespace, this.#name, { filter });
	}

	/**
	 * Records until the subscription ends (the publisher ends the track, or {@link stop}). With
	 * `history`, a Joining FETCH from group 0 runs first; its refusal is recorded, not thrown.
	 */
	async run(history: boolean): Promise<TrackRecordResult> {
		const subscription = this.#subscription;
		if (subscription === undefined) throw new Error("subscribe() first");
		const held: { object: TrackObject; time: number }[] = [];
		let live = !history;
		const historyDone = history ? this.#history(subscription) : Promise.resolve();
		const drained = historyDone.then(async () => {
			// Every held object is buffered by the writer before a live one can be: append() buffers
			// synchronously, and `live` turns true in the same turn.
			const appends = held.splice(0).map(({ object, time }) => this.#append(object, time));
			live = true;
			await Promise.all(appends);
		});
		// Awaited below; this keeps a failure from being unhandled if the loop throws first.
		drained.catch(() => undefined);
		for await (const object of subscription) {
			if (live) await this.#append(object, Date.now());
			else held.push({ object, time: Date.now() });
		}
		await drained;
		return {
			label: this.label,
			objects: this.#objects,
			bytes: this.#bytes,
			groups: this.#groups.size,
			end: await subscription.done,
			historyError: this.#historyError,
		};
	}

	/** Ends the subscription and any fetch; `run` then finishes with what it has. */
	stop(): void {
		this.#stopped = true;
		this.#fetch?.cancel();
		this.#subscription?.unsubscribe();
	}

	async #history(subscription: ClientSubscription): Promise<void> {
		let fetched = 0;
		try {
			this.#fetch = await this.#session.joiningFetch(subscription, { absolute: 0 });
			if (this.#stopped) this.#fetch.cancel();
			for await (const object of this.#fetch) {
				await this.#append(object, Date.now());
				fetched++;
			}
			const end = await this.#fetch.done;
			if (end !== undefined) this.#historyError = end;
		} catch (error) {
			// INVALID_RANGE: nothing before the subscription's start. Anything else is worth a word.
			if (!(error instanceof RequestError) || error.codeName !== "INVALID_RANGE") this.#historyError = error as Error;
		}
		if (this.#historyError === undefined) this.#log(`${this.label}: history fetched, ${fetched} objects`);
	}

	/** Buffers the object in the writer before returning (the promise covers any flush it caused). */
	#append(o: TrackObject, time: number): Promise<void> {
		this.#objects++;
		this.#bytes += o.payload.length;
		this.#groups.add(o.group);
		this.#progress.add(o.payload.length, o.group, this.label);
		return this.#writer.append(objectMetadata(this.#namespace, this.#name, o, time), o.payload);
	}
}
