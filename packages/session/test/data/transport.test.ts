/**
 * The data plane's structural view of `@moqt/transport`: the real interfaces fit it, and stream
 * errors are recognised by shape.
 */

import { describe, expect, expectTypeOf, it } from "vitest";
import { StreamError, TransportError } from "../../../transport/src/errors.js";
import type { ReceiveStream, SendStream, TransportSession } from "../../../transport/src/types.js";
import {
	type DataReceiveStream,
	type DataSendStream,
	type DataTransport,
	streamFailure,
} from "../../src/data/transport.js";

describe("the data plane's transport interfaces", () => {
	it("accept @moqt/transport's sessions and streams", () => {
		expectTypeOf<TransportSession>().toExtend<DataTransport>();
		expectTypeOf<SendStream>().toExtend<DataSendStream>();
		expectTypeOf<ReceiveStream>().toExtend<DataReceiveStream>();
	});

	it("read a StreamError's kind and code, and nothing else", () => {
		expect(streamFailure(new StreamError("reset", 4))).toEqual({ kind: "reset", code: 4 });
		expect(streamFailure(new StreamError("stop-sending", 0))).toEqual({ kind: "stop-sending", code: 0 });
		expect(streamFailure(new StreamError("session-closed"))).toEqual({ kind: "session-closed", code: undefined });
		expect(streamFailure(new TransportError("closed", "gone"))).toBeUndefined();
		expect(streamFailure(new Error("StreamError"))).toBeUndefined();
		expect(streamFailure("reset")).toBeUndefined();
	});
});
