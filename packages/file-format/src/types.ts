/**
 * The entry model of the MOQT file format (draft-jennings-moq-file-05 §2 "JSON Meta Object").
 *
 * One entry describes one MoQT Object. Integers that are 62-bit varints on the wire (Group,
 * Subgroup and Object IDs, extension types and even-typed extension values, the two durations)
 * are `bigint`, as in `@moqt/wire`; priorities, statuses, times and file positions are `number`.
 * The namespace and extension shapes are structurally the same as `@moqt/wire`'s `TrackNamespace`
 * and `KeyValuePair`, so values pass between the packages without conversion.
 *
 * @module
 */

/** A Track Namespace: an ordered tuple of byte fields (draft-ietf-moq-transport-14 §2.4.1). */
export type TrackNamespace = readonly Uint8Array[];

/**
 * An Object Extension Header (draft-ietf-moq-transport-14 "Object Extension Header"), a Key-Value-Pair: an even
 * type carries an integer, an odd type a byte string.
 */
export type ExtensionHeader =
	| { readonly type: bigint; readonly value: bigint }
	| { readonly type: bigint; readonly value: Uint8Array };

/** Object Forwarding Preference, spelled as the `forwardingPref` field holds it (-05 §2). */
export const ForwardingPreference = {
	SUBGROUP: "Subgroup",
	DATAGRAM: "Datagram",
} as const;
/** An Object Forwarding Preference. */
export type ForwardingPreference = (typeof ForwardingPreference)[keyof typeof ForwardingPreference];

/**
 * What the format records about one MoQT Object, apart from where its payload is. Fields the
 * recorder did not know are left out (and the writer omits their keys) rather than guessed.
 */
export interface ObjectMetadata {
	/** `trackNamespace` (-00: `namesSpace`). */
	readonly trackNamespace: TrackNamespace;
	/** `trackName`. */
	readonly trackName: Uint8Array;
	/** `groupID`. */
	readonly groupId: bigint;
	/** `subgroupID` (-00: `subGroup`, -03/-04: `subGroupID`); absent for datagrams. */
	readonly subgroupId?: bigint;
	/** `objectID`. */
	readonly objectId: bigint;
	/** `forwardingPref`. */
	readonly forwardingPreference?: ForwardingPreference;
	/**
	 * `objectStatus`: the Object Status as numbered by the MoQT draft the recording came from
	 * (draft-14: 0 normal, 1 does not exist, 3 end of group, 4 end of track).
	 */
	readonly objectStatus?: number;
	/** `publisherPriority`, 0–255. */
	readonly publisherPriority?: number;
	/** `maxCacheDuration`, in milliseconds (the publisher's MAX_CACHE_DURATION). */
	readonly maxCacheDuration?: bigint;
	/** `publisherDeliveryTimeout`, in milliseconds (the publisher's DELIVERY_TIMEOUT). */
	readonly deliveryTimeout?: bigint;
	/** `receiveTime`: when the object was created or received, in ms since the Unix epoch. */
	readonly receiveTime?: number;
	/**
	 * One `ext<N>` field each. The format keys them by type, so the draft does not promise their
	 * order; this package writes and reads them in the order given (see the README).
	 */
	readonly extensions?: readonly ExtensionHeader[];
}

/** A decoded metadata entry: the object's metadata and where its payload lies. */
export interface MetadataEntry extends ObjectMetadata {
	/** Always present after decoding (empty when the entry has no `ext<N>` field). */
	readonly extensions: readonly ExtensionHeader[];
	/**
	 * `dataFile`: the payload's file, relative to the metadata file's directory. Absent only
	 * when `dataLength` is 0.
	 */
	readonly dataFile?: string;
	/** `dataOffset`: byte offset of the payload in `dataFile` (0 when `dataLength` is 0 and absent). */
	readonly dataOffset: number;
	/** `dataLength`: byte length of the payload. */
	readonly dataLength: number;
}

/** A track's identity: the Full Track Name. */
export interface TrackId {
	/** The Track Namespace. */
	readonly trackNamespace: TrackNamespace;
	/** The Track Name. */
	readonly trackName: Uint8Array;
}
