/**
 * Fixes for three stream bugs of `@fails-components/webtransport` 1.6.8, applied per session
 * instance (every new stream passes through the session's `addStreamObj`), never to the
 * library's prototypes, so other users of the library in the process are unaffected.
 *
 * 1. No receive backpressure. Streams move every received byte into the WHATWG ReadableStream's
 *    queue whether or not anyone reads, and count it as consumed, so flow-control credit
 *    (draft-ietf-webtrans-http2 §4: WT_MAX_STREAM_DATA / WT_MAX_DATA) keeps flowing and a writer
 *    never stalls (measured: 256 MiB written to a reader that read nothing). `commitReadBuffer`
 *    only asks to stop reading while a pull is pending, which is never the case once data is
 *    queued. Fixed by stopping once the queue holds data and no pull waits; the library's own
 *    `pull()` resumes reading when the application reads.
 * 2. Resetting the sending half of a bidirectional stream also ends its receiving half: after
 *    `writable.abort()` completes, the readable is marked closed and silently gets no more data.
 *    RESET_STREAM only concerns the sending direction (RFC 9000 §3.1, draft-ietf-webtrans-http2
 *    §6.3). Fixed by completing the abort without touching the readable.
 * 3. Stream credit is never returned for bidirectional streams that end with FIN: a stream counts
 *    as closed once both halves are, but sending FIN never marks the sending half closed, so after
 *    100 such streams (the default limit) no more can be opened (WT_MAX_STREAMS,
 *    draft-ietf-webtrans-http2 §4.2). Fixed by marking it closed once the FIN went out.
 *
 * @module
 */

interface NativeStream {
	readonly final?: boolean;
	readonly outgoingClosed_?: boolean;
	readonly outgochunks?: readonly unknown[];
	closeOutgoing?(): void;
	drainWrites?(): void;
}

interface FailsStream {
	readonly bidirectional?: boolean;
	readonly readable?: unknown;
	readonly readableclosed?: boolean;
	readonly finaldrain_?: boolean;
	readonly pendingoperationRead?: unknown;
	readonly readableController?: { readonly desiredSize: number | null };
	readonly objint?: NativeStream;
	readonly parentobj?: { removeSendStream?(stream: FailsStream): void };
	abortres?: (() => void) | null;
	commitReadBuffer?(buffer: unknown): { stopReading?: boolean };
	onStreamNetworkFinish?(event: { readonly nettask?: string }): void;
}

interface FailsSession {
	addStreamObj?(stream: FailsStream): unknown;
}

/** Applies the fixes to the streams of one library session; false if its internals differ. */
export function fixStreams(session: unknown): boolean {
	const internals = session as FailsSession | undefined;
	const add = internals?.addStreamObj;
	if (!internals || typeof add !== "function") return false;
	internals.addStreamObj = function (this: FailsSession, stream: FailsStream) {
		fixBackpressure(stream);
		fixResetKeepsReadable(stream);
		if (stream.objint) fixFinCredit(stream.objint);
		return add.call(this, stream);
	};
	return true;
}

function fixBackpressure(stream: FailsStream): void {
	const commit = stream.commitReadBuffer;
	if (typeof commit !== "function") return;
	stream.commitReadBuffer = function (this: FailsStream, buffer: unknown) {
		const result = commit.call(this, buffer);
		// Stop only once a pending pull was answered (else it never settles), and let a final
		// drain (reset, session end) run to completion.
		if (
			!this.readableclosed &&
			!this.finaldrain_ &&
			!this.pendingoperationRead &&
			(this.readableController?.desiredSize ?? 1) <= 0
		) {
			result.stopReading = true;
		}
		return result;
	};
}

function fixResetKeepsReadable(stream: FailsStream): void {
	const finish = stream.onStreamNetworkFinish;
	if (typeof finish !== "function") return;
	stream.onStreamNetworkFinish = function (this: FailsStream, event: { readonly nettask?: string }) {
		if (event.nettask === "resetStream" && this.bidirectional && this.readable && this.abortres) {
			// What the library does for the writable alone: settle abort() and forget the send side.
			const resolve = this.abortres;
			this.abortres = null;
			resolve();
			this.parentobj?.removeSendStream?.(this);
			return;
		}
		finish.call(this, event);
	};
}

function fixFinCredit(native: NativeStream): void {
	const drain = native.drainWrites;
	// Only the HTTP/2 transport's streams have this shape; the HTTP/3 addon's are native.
	if (typeof drain !== "function" || typeof native.closeOutgoing !== "function") return;
	native.drainWrites = function (this: NativeStream) {
		drain.call(this);
		// The FIN was the last queued chunk: once the queue is empty it has been written.
		if (this.final && this.outgochunks?.length === 0 && !this.outgoingClosed_) this.closeOutgoing?.();
	};
}
