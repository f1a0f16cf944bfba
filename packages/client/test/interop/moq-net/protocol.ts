/**
 * The commands the interop tests send to the @moq/net child process (child.ts) over Node.js
 * IPC, and its answers. Payloads travel as base64 so that bytes are compared exactly.
 *
 * @module
 */

/** The certificate the child's server presents, made by the test with `generateCertificate()`. */
export interface PeerCertificate {
	readonly cert: string;
	readonly key: string;
}

/** One group as @moq/net delivers it: its sequence (the Group ID) and its frames (objects 0, 1, ...). */
export interface PeerGroup {
	readonly sequence: number;
	/** Frame payloads, base64. */
	readonly frames: readonly string[];
}

/** A discovery event of `connection.announced(prefix)`. */
export interface PeerAnnouncement {
	/** The path relative to the prefix watched. */
	readonly path: string;
	readonly active: boolean;
}

type NoArgs = Record<string, never>;
type Track = { readonly path: string; readonly track: string };

/** Every command, with its arguments and answer. */
export interface PeerCommands {
	/**
	 * Serves WebTransport over HTTP/2 on 127.0.0.1 and accepts one MoQT session with @moq/net.
	 * The server chooses the first of the client's WebTransport protocols that is in `protocols`;
	 * with none chosen, @moq/net negotiates in SETUP (draft-14's `moq-00` way) and is told to
	 * pick `version`.
	 */
	listen: {
		readonly args: { readonly protocols: readonly string[]; readonly version?: number };
		readonly result: { readonly port: number };
	};
	/** Waits for the session `listen` accepts; answers with @moq/net's name of the version. */
	accepted: { readonly args: NoArgs; readonly result: { readonly version: string } };
	/** Connects @moq/net to `url` offering `protocols` (none: SETUP negotiation), trusting certificate `hash`. */
	connect: {
		readonly args: { readonly url: string; readonly protocols: readonly string[]; readonly hash: string };
		readonly result: { readonly version: string };
	};
	/** Publishes broadcast `path` with track `track` (nothing written yet); other tracks are refused. */
	publish: { readonly args: Track; readonly result: null };
	/** Resolves once a subscription of the peer reached the published track. */
	waitSubscribed: { readonly args: Track; readonly result: null };
	/** Resolves once the published track has no subscriber left. */
	waitUnsubscribed: { readonly args: Track; readonly result: null };
	/** Resolves once a request for the missing `track` of broadcast `path` was refused by the application. */
	waitRefused: { readonly args: Track; readonly result: null };
	/** Appends one group of frames (base64 payloads) to the published track. */
	writeGroup: {
		readonly args: Track & { readonly frames: readonly string[] };
		readonly result: { readonly sequence: number };
	};
	/** Closes the published track: its subscriptions end. */
	closeTrack: { readonly args: Track; readonly result: null };
	/** Closes the broadcast: its namespace is withdrawn. */
	unpublish: { readonly args: { readonly path: string }; readonly result: null };
	/**
	 * Subscribes to `track` of broadcast `path`, reads `groups` whole groups, then leaves (the
	 * subscription ends). A refused or failed subscription answers with its error.
	 */
	subscribe: {
		readonly args: Track & { readonly groups: number };
		readonly result: { readonly groups: readonly PeerGroup[] };
	};
	/** Starts watching broadcasts under `prefix` (`connection.announced`). */
	watchAnnounced: { readonly args: { readonly prefix: string }; readonly result: null };
	/** The next `count` discovery events under a watched `prefix`. */
	nextAnnounced: {
		readonly args: { readonly prefix: string; readonly count: number };
		readonly result: { readonly events: readonly PeerAnnouncement[] };
	};
	/** Stops watching `prefix`. */
	stopAnnounced: { readonly args: { readonly prefix: string }; readonly result: null };
	/** Closes @moq/net's session. */
	close: { readonly args: NoArgs; readonly result: null };
	/** Resolves once @moq/net's session is closed (by either side). */
	closed: { readonly args: NoArgs; readonly result: null };
}

export type PeerOp = keyof PeerCommands;

/** A command, as sent to the child. */
export interface PeerRequest<K extends PeerOp = PeerOp> {
	readonly id: number;
	readonly op: K;
	readonly args: PeerCommands[K]["args"];
}

/** An answer, as sent back. */
export type PeerResponse =
	| { readonly id: number; readonly ok: true; readonly result: unknown }
	| { readonly id: number; readonly ok: false; readonly error: string };

/** The first message of the child: it has loaded and takes commands. */
export interface PeerReady {
	readonly ready: true;
}
