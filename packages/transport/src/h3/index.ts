/**
 * `@moqt/transport/h3`: WebTransport over HTTP/3 (RFC 9114, RFC 9204 QPACK without a dynamic
 * table, RFC 9220 extended CONNECT, RFC 9297 datagrams and capsules, draft-ietf-webtrans-http3
 * from draft-02 to the editor's copy), Node.js only.
 *
 * - The sans-I/O layer: {@link H3Connection} takes stream bytes and returns actions for a QUIC
 *   driver; its codecs are exported too. It has no sockets and no `node:*`.
 * - The driver on `@moqt/transport/quic`: {@link connectH3} (client), {@link listenH3} (server)
 *   and {@link listenMoqt} (raw QUIC MoQT and HTTP/3 WebTransport on one UDP port), whose
 *   sessions are {@link H3Session}s.
 *
 * @packageDocumentation
 */

export { type Capsule, CapsuleDecoder, type CapsuleDecoderOptions, CapsuleType, encodeCapsule } from "./capsules.js";
export { connectH3, type H3ClientOptions } from "./client.js";
export {
	buildConnectRequest,
	buildConnectResponse,
	type ConnectRequest,
	type ConnectRequestOptions,
	type ConnectResponse,
	type ConnectResponseOptions,
	type ConnectValidation,
	parseConnectResponse,
	validateConnectRequest,
	WEBTRANSPORT_PROTOCOLS,
	type WebTransportProtocol,
} from "./connect.js";
export { H3Connection } from "./connection.js";
export type { ConnectOptions, H3Action, H3ConnectionOptions } from "./connection-types.js";
export {
	datagramHeaderLength,
	decodeDatagram,
	encodeDatagram,
	type H3Datagram,
	MAX_QUARTER_STREAM_ID,
} from "./datagram.js";
export {
	httpCodeToWebTransport,
	isReservedH3Code,
	WT_APPLICATION_ERROR_FIRST,
	WT_APPLICATION_ERROR_LAST,
	webTransportCodeToHttp,
} from "./error-mapping.js";
export { H3Error, H3ErrorCode, type H3ErrorName, type H3ErrorScope } from "./errors.js";
export {
	encodeCancelPushFrame,
	encodeDataFrameHeader,
	encodeFrame,
	encodeGoawayFrame,
	encodeHeadersFrame,
	encodeMaxPushIdFrame,
	encodeSettingsFrame,
	FrameDecoder,
	type FrameDecoderOptions,
	type FrameStreamKind,
	FrameType,
	type H3Frame,
} from "./frames.js";
export { type SplitFields, splitFields } from "./http-fields.js";
export { huffmanDecode, huffmanEncode, huffmanEncodedLength } from "./huffman.js";
export { H3Link, type H3LinkOptions, type LinkOwner } from "./link.js";
export { StreamReader } from "./link-reader.js";
export type { H3Limits } from "./options.js";
export {
	DEFAULT_MAX_FIELD_SECTION_SIZE,
	type DecodeFieldSectionOptions,
	decodeFieldSection,
	type EncodeFieldSectionOptions,
	encodeFieldSection,
	type HeaderField,
} from "./qpack.js";
export type { HuffmanMode } from "./qpack-primitives.js";
export { QPACK_STATIC_TABLE, type StaticEntry } from "./qpack-static-table.js";
export { QpackDecoderStreamReceiver, QpackEncoderStreamReceiver } from "./qpack-streams.js";
export { H3SessionRequest } from "./request.js";
export {
	type H3ServeOptions,
	type H3ServerOptions,
	listenH3,
	listenMoqt,
	type MoqtServerOptions,
} from "./server.js";
export { H3Datagrams, H3Session, type H3SessionOptions, type SessionHost } from "./session.js";
export { H3ReceiveStream, H3SendStream, type StreamControl, streamErrorFromQuic } from "./session-streams.js";
export {
	clientSettings,
	decodeSettingsPayload,
	encodeSettingsPayload,
	SettingId,
	type Settings,
	serverSettings,
	webTransportGeneration,
	webTransportRequirementsUnmet,
} from "./settings.js";
export {
	type BidiStreamStart,
	encodeUniStreamType,
	encodeWebTransportBidiHeader,
	encodeWebTransportUniHeader,
	isClientBidiStream,
	type ParsedStart,
	parseBidiStreamStart,
	parseUniStreamHeader,
	StreamType,
	type UniStreamHeader,
	WT_BIDI_SIGNAL,
} from "./stream-types.js";
export {
	parseSfItem,
	parseSfList,
	parseSfString,
	parseSfStringList,
	type SfBareItem,
	type SfMember,
	serializeSfString,
	serializeSfStringList,
	serializeSfToken,
} from "./structured-fields.js";
export { encodeVarint, VARINT_MAX, varintLength } from "./varint.js";
