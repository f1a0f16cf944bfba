/**
 * Family index: FETCH family (FETCH, FETCH_OK, FETCH_CANCEL) and namespace family
 * (PUBLISH_NAMESPACE, PUBLISH_NAMESPACE_OK / _DONE / _CANCEL, SUBSCRIBE_NAMESPACE,
 * SUBSCRIBE_NAMESPACE_OK, UNSUBSCRIBE_NAMESPACE, NAMESPACE, NAMESPACE_DONE, SUBSCRIBE_TRACKS).
 * Lists this family's message types and codecs for messages/index.ts.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";
import { type Fetch, fetch } from "./fetch.js";
import { type FetchCancel, fetchCancel } from "./fetch-cancel.js";
import { type FetchOk, fetchOk } from "./fetch-ok.js";
import { type Namespace, type NamespaceDone, namespace, namespaceDone } from "./namespace.js";
import { type PublishNamespace, publishNamespace } from "./publish-namespace.js";
import { type PublishNamespaceCancel, publishNamespaceCancel } from "./publish-namespace-cancel.js";
import { type PublishNamespaceDone, publishNamespaceDone } from "./publish-namespace-done.js";
import { type PublishNamespaceOk, publishNamespaceOk } from "./publish-namespace-ok.js";
import { type SubscribeNamespace, subscribeNamespace } from "./subscribe-namespace.js";
import { type SubscribeNamespaceOk, subscribeNamespaceOk } from "./subscribe-namespace-ok.js";
import { type SubscribeTracks, subscribeTracks } from "./subscribe-tracks.js";
import { type UnsubscribeNamespace, unsubscribeNamespace } from "./unsubscribe-namespace.js";

export type { Fetch, JoiningFetch, StandaloneFetch } from "./fetch.js";
export type { FetchCancel } from "./fetch-cancel.js";
export type { FetchOk } from "./fetch-ok.js";
export type { Namespace, NamespaceDone } from "./namespace.js";
export type { PublishNamespace } from "./publish-namespace.js";
export type { PublishNamespaceCancel } from "./publish-namespace-cancel.js";
export type { PublishedNamespaceRef, PublishNamespaceDone } from "./publish-namespace-done.js";
export type { PublishNamespaceOk } from "./publish-namespace-ok.js";
export type { SubscribeNamespace } from "./subscribe-namespace.js";
export type { SubscribeNamespaceOk } from "./subscribe-namespace-ok.js";
export type { SubscribeTracks } from "./subscribe-tracks.js";
export type { UnsubscribeNamespace } from "./unsubscribe-namespace.js";

/** The messages of this family. */
export type FetchNamespaceFamilyMessage =
	| Fetch
	| FetchOk
	| FetchCancel
	| PublishNamespace
	| PublishNamespaceOk
	| PublishNamespaceDone
	| PublishNamespaceCancel
	| SubscribeNamespace
	| SubscribeNamespaceOk
	| UnsubscribeNamespace
	| Namespace
	| NamespaceDone
	| SubscribeTracks;

/** The codecs of this family. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const FETCH_NAMESPACE_FAMILY: readonly MessageCodec<any>[] = [
	fetch,
	fetchOk,
	fetchCancel,
	publishNamespace,
	publishNamespaceOk,
	publishNamespaceDone,
	publishNamespaceCancel,
	subscribeNamespace,
	subscribeNamespaceOk,
	unsubscribeNamespace,
	namespace,
	namespaceDone,
	subscribeTracks,
];
