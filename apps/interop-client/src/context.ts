/**
 * What a case runs with: connections by role (their connection IDs recorded as the interface's
 * `connection_id` or `<role>_connection_id`), steps that say what they wait for (so that an error
 * or the case's timeout is reported as `expected` / `received`), a graceful close that checks the
 * session ended without error, and the cleanup of everything the case opened.
 *
 * @module
 */

import type { ClientSession, Draft, SessionClosedInfo } from "@moqt/client";
import type { TransportSession } from "@moqt/transport/interface";
import { type ConnectTarget, openTransport, setUp } from "./connection.js";
import { connectionIdOf } from "./connection-id.js";
import { receivedOf, TestFailure, TimeoutFailure } from "./failure.js";
import type { DiagnosticValue } from "./tap.js";

/** Where the cases of a run connect, and where verbose output goes. */
export interface CaseEnvironment {
	readonly target: ConnectTarget;
	/** Verbose output (stderr), or nothing. */
	readonly log: (line: string) => void;
}

// How long the cleanup waits for sessions to close. Closing is local (a CONNECTION_CLOSE or a
// WebTransport close capsule): this only bounds a transport that would never report it.
const CLEANUP_MS = 2000;

/** The state of one case's run. */
export class CaseContext {
	/** Aborted when the case's time is up, and after it ended: pass it to anything that waits. */
	readonly signal: AbortSignal;
	readonly #env: CaseEnvironment;
	readonly #diagnostics = new Map<string, DiagnosticValue>();
	readonly #pending = new Set<string>();
	readonly #transports = new Set<TransportSession>();
	readonly #sessions = new Set<ClientSession>();
	#draft: Draft | undefined;

	constructor(env: CaseEnvironment, signal: AbortSignal) {
		this.#env = env;
		this.signal = signal;
	}

	/** The draft the first session negotiated. */
	get draft(): Draft | undefined {
		return this.#draft;
	}

	/** The drafts offered. */
	get drafts(): readonly Draft[] {
		return this.#env.target.drafts;
	}

	/** The diagnostics recorded so far, in the order recorded. */
	get diagnostics(): ReadonlyMap<string, DiagnosticValue> {
		return this.#diagnostics;
	}

	/** What the case is waiting for now (for a timeout's `expected`). */
	get waitingFor(): string | undefined {
		return this.#pending.size === 0 ? undefined : [...this.#pending].join(" and ");
	}

	/** Records a YAML diagnostic of the test point. */
	note(key: string, value: DiagnosticValue): void {
		this.#diagnostics.set(key, value);
	}

	log(line: string): void {
		this.#env.log(line);
	}

	/**
	 * Connects and completes the SETUP exchange. `role` names the connection in the diagnostics
	 * (`publisher` → `publisher_connection_id`); without one it is the case's only connection.
	 */
	async connect(role?: string): Promise<ClientSession> {
		const who = role ?? "client";
		const transport = await openTransport(this.#env.target, this.signal);
		this.#transports.add(transport);
		const id = connectionIdOf(transport);
		if (id !== undefined) this.note(role === undefined ? "connection_id" : `${role}_connection_id`, id);
		this.log(`${who}: ${transport.kind} connected, protocol ${transport.protocol ?? "(none)"}`);
		const session = await setUp(transport, this.#env.target, this.signal);
		this.#sessions.add(session);
		if (this.#draft === undefined) {
			this.#draft = session.draft;
			this.note("draft", `draft-${session.draft}`);
			this.note("transport", transport.kind);
		}
		this.log(`${who}: setup done, draft-${session.draft}`);
		session.raw.onMessage((record) =>
			this.log(`${who}: ${record.direction === "in" ? "<-" : "->"} ${record.message.type}`),
		);
		return session;
	}

	/**
	 * Waits for `work`, which should end with `expected`: an error becomes a failure with
	 * `expected` and what was received; with `ms`, so does running past that time.
	 */
	async step<T>(expected: string, work: Promise<T>, ms?: number): Promise<T> {
		this.#pending.add(expected);
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late =
			ms === undefined
				? undefined
				: new Promise<never>((_, reject) => {
						timer = setTimeout(() => reject(new TimeoutFailure(expected, ms)), ms);
					});
		try {
			return await (late === undefined ? work : Promise.race([work, late]));
		} catch (error) {
			if (error instanceof TestFailure) throw error;
			throw new TestFailure(
				`expected ${expected}, got ${receivedOf(error)}`,
				{ expected, received: receivedOf(error) },
				{ cause: error },
			);
		} finally {
			clearTimeout(timer);
			this.#pending.delete(expected);
			// A timed-out `work` may still settle; that is not this case's business any more.
			work.catch(() => undefined);
		}
	}

	/** Closes `session` gracefully and checks that it ended without error. */
	async close(session: ClientSession, role?: string): Promise<void> {
		const info = await session.close();
		this.#sessions.delete(session);
		checkClean(info, role ?? "client");
	}

	/** Closes whatever the case left open (after a failure or a timeout). Never rejects. */
	async dispose(): Promise<void> {
		const closing = [
			...[...this.#sessions].map((session) => session.close().then(() => undefined)),
			...[...this.#transports].map((transport) => {
				transport.close();
				return transport.closed.then(() => undefined);
			}),
		];
		this.#sessions.clear();
		this.#transports.clear();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const bound = new Promise<void>((resolve) => {
			timer = setTimeout(resolve, CLEANUP_MS);
		});
		await Promise.race([Promise.allSettled(closing), bound]);
		clearTimeout(timer);
	}
}

// "Connection closes without error": we closed it with NO_ERROR, or the relay did.
function checkClean(info: SessionClosedInfo, who: string): void {
	if (info.code === 0 && info.transportError === undefined) return;
	const by = info.remote ? "the relay" : "us";
	const received = `closed by ${by} with code 0x${info.code.toString(16)}${info.reason && `: ${info.reason}`}${
		info.transportError === undefined ? "" : ` (${info.transportError})`
	}`;
	throw new TestFailure(`${who} session did not close cleanly: ${received}`, { expected: "clean close", received });
}
