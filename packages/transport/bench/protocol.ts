/**
 * The benchmark's tiny request protocol, shared by client and server: the first byte of every
 * bidirectional stream the client opens says what the server does with it.
 *
 * @module
 */

/** Operations, as the first byte of a client bidi stream. */
export const Op = {
	/** Read to FIN, then answer with the byte count (u64, big-endian) and FIN. */
	SINK: 1,
	/** Write back every chunk as it arrives; FIN after the client's FIN. */
	ECHO: 2,
	/** Answer with the number of datagrams received since the last DATAGRAMS request (u64) and FIN. */
	DATAGRAMS: 3,
} as const;

/** Encodes a u64 answer. */
export function encodeCount(count: number): Uint8Array {
	const bytes = new Uint8Array(8);
	new DataView(bytes.buffer).setBigUint64(0, BigInt(count));
	return bytes;
}

/** Decodes a u64 answer. */
export function decodeCount(bytes: Uint8Array): number {
	if (bytes.byteLength !== 8) throw new Error(`expected an 8-byte count, got ${bytes.byteLength} bytes`);
	return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0));
}

/** Messages from the server process to the client (main) process. */
export type ServerMessage =
	| { readonly type: "ready"; readonly info: unknown }
	| { readonly type: "rss"; readonly rss: number }
	| { readonly type: "error"; readonly message: string };

/** Messages from the client (main) process to the server process. */
export type ClientMessage = { readonly type: "rss" } | { readonly type: "close" };
