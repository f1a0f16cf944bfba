/**
 * Waiting for a transport session to open under an AbortSignal, for the adapters that take
 * none (the W3C `WebTransport` constructor, @fails-components): an abort rejects at once with
 * the signal's reason, and a session that opens afterwards is closed.
 *
 * @module
 */

import type { TransportSession } from "@moqt/transport/interface";

/** @internal */
export function abortable(
	opening: Promise<TransportSession>,
	signal: AbortSignal | undefined,
): Promise<TransportSession> {
	if (signal === undefined) return opening;
	if (signal.aborted) {
		void opening.then((session) => session.close(), ignore);
		return Promise.reject(signal.reason);
	}
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			void opening.then((session) => session.close(), ignore);
			reject(signal.reason);
		};
		signal.addEventListener("abort", onAbort, { once: true });
		opening.then(
			(session) => {
				signal.removeEventListener("abort", onAbort);
				if (signal.aborted) session.close();
				else resolve(session);
			},
			(error: unknown) => {
				signal.removeEventListener("abort", onAbort);
				reject(error);
			},
		);
	});
}

function ignore(): void {}
