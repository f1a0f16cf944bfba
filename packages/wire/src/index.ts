/**
 * `@moqt/wire`: the Media over QUIC Transport wire codec for drafts 14, 16, 18 and 19.
 *
 * Synchronous, sans-I/O and platform-neutral: bytes in, plain message objects out, and back.
 * Every call takes the draft, because the same bytes mean different things in different drafts.
 *
 * @packageDocumentation
 */

export { type Codec, type CodecOptions, codecFor, DEFAULT_LIMITS, type WireLimits } from "./codec.js";
export {
	type DecodeResult,
	decodeControlMessage,
	type EncodeOptions,
	encodeControlMessage,
	messageTypeCode,
	messageTypes,
} from "./control.js";
export { ControlStreamDecoder } from "./control-stream-decoder.js";
export {
	DataStreamDecoder,
	type DataStreamDecoderOptions,
	type DataStreamHeader,
	type DataStreamItem,
	type DataStreamOutput,
	type PaddingStreamHeader,
} from "./data/data-stream-decoder.js";
export {
	type Datagram,
	DatagramFlag,
	decodeDatagram,
	encodeDatagram,
	isObjectDatagramType,
	type ObjectDatagram,
	objectDatagramType,
	objectDatagramTypes,
	PADDING_DATAGRAM_TYPE,
	type PaddingDatagram,
	writeObjectDatagram,
} from "./data/datagram.js";
export {
	type FetchEncoderOptions,
	type FetchEndOfRange,
	type FetchHeader,
	type FetchItem,
	FetchSerializationFlag,
	FetchStreamEncoder,
	isEndOfRange,
	writeFetchHeader,
} from "./data/fetch.js";
export { ForwardingPreference, isObjectStatus, type MoqtObject, propertiesAllowed } from "./data/object.js";
export {
	encodeImmutableProperties,
	ObjectPropertyType,
	priorGroupIdGap,
	priorObjectIdGap,
	propertiesForDraft,
	readImmutableProperties,
} from "./data/properties.js";
export {
	detectStreamType,
	type StreamKind,
	StreamType,
	type StreamTypeResult,
	streamKind,
} from "./data/stream-type.js";
export {
	isSubgroupHeaderType,
	type SubgroupHeader,
	SubgroupHeaderFlag,
	SubgroupIdMode,
	subgroupHeaderType,
	subgroupHeaderTypes,
	writeSubgroupHeader,
} from "./data/subgroup-header.js";
export { SubgroupStreamEncoder } from "./data/subgroup-object.js";
export {
	FetchErrorCode,
	PublishDoneCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	RequestErrorCode,
	StreamResetCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
} from "./error-codes.js";
export {
	MoqtError,
	type MoqtErrorOptions,
	TerminationCode,
	WireError,
	type WireErrorCode,
	type WireErrorOptions,
} from "./errors.js";
export {
	type RangeFilter,
	RangeFilterKind,
	type ValueRange,
} from "./filters.js";
export { FetchType } from "./messages/fetch.js";
export type * from "./messages/index.js";
export { STREAM_COUNT_UNKNOWN } from "./messages/publish-done.js";
export { SubscribeOptions } from "./messages/subscribe-namespace.js";
export type { MessageParameters, ParameterField } from "./parameters.js";
export { Reader, SHORT } from "./reader.js";
export { type SetupOptions, SetupOptionType } from "./setup-options.js";
export type { KeyValuePair } from "./types.js";
export {
	type AuthorizationToken,
	FilterType,
	GroupOrder,
	type Location,
	ObjectStatus,
	type SubscriptionFilter,
	TokenAliasType,
	type TrackNamespace,
} from "./types.js";
export {
	DRAFTS,
	type Draft,
	type DraftInfo,
	draftInfo,
	draftOfVersion,
	draftsOfAlpn,
	isSupportedDraft,
	versionOfDraft,
} from "./version.js";
export { varintLength, Writer } from "./writer.js";
