/**
 * `@moqt/relay`: a Media over QUIC Transport relay (draft-ietf-moq-transport 14, 16, 18 and 19,
 * §"Relays"). {@link Relay} takes sessions of any draft over any transport ({@link listenRelay}
 * serves raw QUIC, HTTP/3 and HTTP/2 WebTransport), aggregates and fans out subscriptions, caches
 * for FETCH, authorizes with JWTs, and chains to upstream relays. Its building blocks need no
 * session:
 *
 * - an object cache under one byte budget, with MAX_CACHE_DURATION and FETCH range answers;
 * - registries of published namespaces, namespace subscriptions and published tracks;
 * - JWT authorization of requests, with each draft's error codes;
 * - Prometheus metrics and a `/metrics` endpoint;
 * - the configuration (file and flags), structured logs, and the per-subscriber send queue that
 *   decides what a slow subscriber loses.
 *
 * @packageDocumentation
 */

export {
	type AuthDecision,
	Authorizer,
	type AuthorizerOptions,
	MAX_TOKEN_BYTES,
	type VerifiedToken,
	type VerifyResult,
} from "./auth/authorizer.js";
export {
	AuthAction,
	allows,
	encodeGrants,
	type Grants,
	MAX_GRANTS,
	type MoqtClaim,
	parseGrants,
	type TokenField,
} from "./auth/claims.js";
export { type AuthError, AuthRequest, actionOf, authErrorCode } from "./auth/error-codes.js";
export {
	AUTH_ALGORITHMS,
	type AuthAlgorithm,
	type AuthKeyConfig,
	generateAuthKey,
	MIN_SECRET_BYTES,
} from "./auth/keys.js";
export { type MintOptions, mintToken } from "./auth/mint.js";
export type { CacheableObject, CachedObject } from "./cache/cached-object.js";
export type { FetchEntry, FetchOrder, FetchResult } from "./cache/fetch-range.js";
export { compareLocations, fetchEndInclusive, MAX_OBJECT_ID } from "./cache/location.js";
export {
	type CacheStats,
	type Lookup,
	ObjectCache,
	type ObjectCacheOptions,
	type TrackRef,
} from "./cache/object-cache.js";
export type { PutOptions, PutResult } from "./cache/track-cache.js";
export { flagFor, type ParsedFlags, parseFlags, RELAY_FLAGS, relayUsage } from "./config/cli.js";
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from "./config/load.js";
export {
	type AuthConfig,
	DEFAULT_RELAY_CONFIG,
	type LimitsConfig,
	type RelayConfig,
	type TlsConfig,
} from "./config/relay-config.js";
export { type ListenAddress, parseAddress, parseDuration, parseSize } from "./config/units.js";
export { ConfigError, type ConfigIssue, validateConfig } from "./config/validate.js";
export { createLogger, LOG_LEVELS, type LogFields, type Logger, type LoggerOptions, type LogLevel } from "./log.js";
export {
	type MetricsHandler,
	type MetricsServer,
	metricsHandler,
	startMetricsServer,
} from "./metrics/metrics-server.js";
export {
	type Direction,
	type ErrorScope,
	RelayMetrics,
	type RelayMetricsOptions,
	RelayTransport,
	type RequestKind,
} from "./metrics/relay-metrics.js";
export {
	bytesEqual,
	type FullTrackName,
	formatFullTrackName,
	formatNamespace,
	isPrefixOf,
	MAX_FULL_TRACK_NAME_BYTES,
	MAX_NAMESPACE_FIELDS,
	namespaceKey,
	namespaceProblem,
	trackKey,
} from "./namespaces/names.js";
export {
	DEFAULT_NAMESPACE_REGISTRY_LIMITS,
	type NamespacePublishers,
	NamespaceRegistry,
	type NamespaceRegistryLimits,
	type RegistrationError,
	type RegistrationResult,
	type WithdrawalResult,
} from "./namespaces/namespace-registry.js";
export {
	DEFAULT_NAMESPACE_SUBSCRIPTION_LIMITS,
	type MatchedSubscriber,
	type NamespaceSubscribeResult,
	type NamespaceSubscriptionError,
	type NamespaceSubscriptionLimits,
	NamespaceSubscriptions,
} from "./namespaces/namespace-subscriptions.js";
export {
	DEFAULT_TRACK_REGISTRY_LIMITS,
	type TrackPublishers,
	type TrackRegistrationError,
	type TrackRegistrationResult,
	TrackRegistry,
	type TrackRegistryLimits,
} from "./namespaces/track-registry.js";
export {
	type PublishDoneName,
	publishDoneCode,
	type RelayRequest,
	type RequestErrorName,
	requestErrorCode,
	requestErrorName,
	translatePublishDone,
	translateRequestError,
	translateStreamReset,
} from "./relay/codes.js";
export { type ConnectTransportOptions, connectTransport, protocolsFor } from "./relay/connect.js";
export { listenRelay, type RelayListener, type RelayListenOptions } from "./relay/listen.js";
export type { RoutingLimits } from "./relay/peer.js";
export {
	type AcceptOptions,
	DEFAULT_RELAY_LIMITS,
	Relay,
	type RelayLimits,
	type RelayOptions,
	type RelayStats,
} from "./relay/relay.js";
export type { RelaySession } from "./relay/relay-session.js";
export type { SessionSenderLimits } from "./relay/session-sender.js";
export { UpstreamLink, type UpstreamLinkOptions } from "./relay/upstream-link.js";
export {
	DEFAULT_PUBLISHER_PRIORITY,
	type DropCause,
	type QueueableObject,
	type QueueDrop,
	type QueueItem,
	type QueueSubscriptionOptions,
	type Shifted,
	SubscriberQueue,
	type SubscriberQueueOptions,
} from "./subscriber-queue.js";
