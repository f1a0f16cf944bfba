/**
 * The peer's QPACK encoder and decoder streams (RFC 9204 §4.2), read with our configuration:
 * a dynamic table of capacity 0 (we advertise SETTINGS_QPACK_MAX_TABLE_CAPACITY 0) and an
 * encoder that never inserts. We open neither stream ourselves (§4.2 lets an endpoint skip them
 * when they would carry nothing), but the peer may open its own and we must read them.
 *
 * Encoder stream instructions (§4.3), from the peer's encoder to our decoder:
 * - Set Dynamic Table Capacity `001` cap(5+): only 0 fits our maximum, anything larger is
 *   QPACK_ENCODER_STREAM_ERROR (§4.3.1).
 * - Insert with Name Reference `1T` (§4.3.2), Insert with Literal Name `01` (§4.3.3),
 *   Duplicate `000` (§4.3.4): nothing fits a table of capacity 0 (and there is no entry to
 *   duplicate), so each is QPACK_ENCODER_STREAM_ERROR.
 *
 * Decoder stream instructions (§4.4), from the peer's decoder about our encoder:
 * - Section Acknowledgment `1` id(7+): we never send a section with a non-zero Required Insert
 *   Count, so any is QPACK_DECODER_STREAM_ERROR (§4.4.1).
 * - Stream Cancellation `01` id(6+) (§4.4.2): accepted and ignored.
 * - Insert Count Increment `00` inc(6+): zero, or any increase past our 0 inserts, is
 *   QPACK_DECODER_STREAM_ERROR (§4.4.3).
 *
 * @module
 */

import { ChunkBuffer } from "./chunk-buffer.js";
import { H3Error } from "./errors.js";
import { decodePrefixedInt } from "./qpack-primitives.js";
import { ByteReader, SHORT } from "./varint.js";

/** Reads the peer's encoder stream (type 0x02) for a decoder with no dynamic table. */
export class QpackEncoderStreamReceiver {
	private readonly input = new ChunkBuffer();

	/** Consumes bytes; throws an {@link H3Error} QPACK_ENCODER_STREAM_ERROR on any instruction we cannot honour. */
	push(chunk: Uint8Array): void {
		this.input.push(chunk);
		const view = this.input.view();
		const r = new ByteReader(view);
		let done = 0;
		try {
			while (r.remaining > 0) {
				const first = view[r.pos]!;
				if (first & 0x80) fail("encoder", "Insert with Name Reference into a table of capacity 0");
				if (first & 0x40) fail("encoder", "Insert with Literal Name into a table of capacity 0");
				if ((first & 0x20) === 0) fail("encoder", "Duplicate in an empty dynamic table");
				const capacity = decodePrefixedInt(r, 5);
				if (capacity > 0) fail("encoder", `Set Dynamic Table Capacity ${capacity} exceeds our maximum 0`);
				done = r.pos;
			}
		} catch (e) {
			rethrowUnlessShort(e, "encoder");
		}
		this.input.consume(done);
	}
}

/** Reads the peer's decoder stream (type 0x03) for an encoder that never uses the dynamic table. */
export class QpackDecoderStreamReceiver {
	private readonly input = new ChunkBuffer();

	/**
	 * Consumes bytes and returns the stream IDs of the Stream Cancellations completed. Throws an
	 * {@link H3Error} QPACK_DECODER_STREAM_ERROR on an acknowledgment or increment.
	 */
	push(chunk: Uint8Array): number[] {
		this.input.push(chunk);
		const cancelled: number[] = [];
		const view = this.input.view();
		const r = new ByteReader(view);
		let done = 0;
		try {
			while (r.remaining > 0) {
				const first = view[r.pos]!;
				if (first & 0x80) fail("decoder", "Section Acknowledgment, but we never reference the dynamic table");
				if ((first & 0x40) === 0) fail("decoder", "Insert Count Increment, but we never insert");
				cancelled.push(decodePrefixedInt(r, 6));
				done = r.pos;
			}
		} catch (e) {
			rethrowUnlessShort(e, "decoder");
		}
		this.input.consume(done);
		return cancelled;
	}
}

function fail(stream: "encoder" | "decoder", message: string): never {
	throw new H3Error(stream === "encoder" ? "QPACK_ENCODER_STREAM_ERROR" : "QPACK_DECODER_STREAM_ERROR", message);
}

function rethrowUnlessShort(e: unknown, stream: "encoder" | "decoder"): void {
	if (e === SHORT) return;
	if (e instanceof RangeError) fail(stream, e.message);
	throw e;
}
