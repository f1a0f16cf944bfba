/**
 * The peer's requests to our session, sorted by kind: a test awaits the next request of the kind
 * it expects while requests of other kinds wait, unanswered, in their own queues.
 *
 * @module
 */

import type { IncomingRequest, MoqtSession } from "@moqt/session";

type Kind = IncomingRequest["kind"];
type OfKind<K extends Kind> = Extract<IncomingRequest, { readonly kind: K }>;

/** Reads `session.incoming` for the whole session (the session must queue from the start: `incoming: true`). */
export class IncomingRequests {
	readonly #queued = new Map<Kind, IncomingRequest[]>();
	readonly #waiting = new Map<Kind, ((request: IncomingRequest | Error) => void)[]>();
	#ended: Error | undefined;

	constructor(session: MoqtSession) {
		void this.#read(session);
	}

	/** The next request of `kind`; rejects if the session ends first. */
	next<K extends Kind>(kind: K): Promise<OfKind<K>> {
		const queued = this.#queued.get(kind)?.shift();
		if (queued !== undefined) return Promise.resolve(queued as OfKind<K>);
		if (this.#ended !== undefined) return Promise.reject(this.#ended);
		return new Promise((resolve, reject) => {
			const waiters = this.#waiting.get(kind) ?? [];
			waiters.push((request) => (request instanceof Error ? reject(request) : resolve(request as OfKind<K>)));
			this.#waiting.set(kind, waiters);
		});
	}

	/** How many requests of `kind` wait unanswered. */
	queued(kind: Kind): number {
		return this.#queued.get(kind)?.length ?? 0;
	}

	async #read(session: MoqtSession): Promise<void> {
		for await (const request of session.incoming) {
			const waiter = this.#waiting.get(request.kind)?.shift();
			if (waiter !== undefined) waiter(request);
			else this.#queued.set(request.kind, [...(this.#queued.get(request.kind) ?? []), request]);
		}
		this.#ended = new Error("the session ended");
		for (const waiters of this.#waiting.values()) for (const waiter of waiters) waiter(this.#ended);
		this.#waiting.clear();
	}
}
