/**
 * Limits that keep a hostile or corrupt recording from exhausting memory
 * (draft-jennings-moq-file-05 §8 "Security Considerations": an input file may be malicious), and
 * the Full Track Name bounds that MoQT itself sets (draft-ietf-moq-transport-14 §2.4.1).
 *
 * @module
 */

/** Reader limits; every field is optional in the options and defaults to {@link DEFAULT_LIMITS}. */
export interface MetadataLimits {
	/** Largest entry, in characters of JSON text. */
	readonly maxEntryChars: number;
	/** Most entries in one metadata file. */
	readonly maxEntries: number;
	/** Largest `dataLength` accepted (payloads are read whole, so this bounds one allocation). */
	readonly maxDataLength: number;
}

/** The default limits: far above anything a real recording holds, far below harm. */
export const DEFAULT_LIMITS: MetadataLimits = {
	maxEntryChars: 1 << 20,
	maxEntries: 100_000_000,
	maxDataLength: 256 * (1 << 20),
};

/** Most Track Namespace fields: 32 in every MoQT draft (draft-14 §2.4.1; 0 is allowed from -17). */
export const MAX_NAMESPACE_FIELDS = 32;

/** Largest Full Track Name (namespace fields plus track name), in bytes (draft-14 §2.4.1). */
export const MAX_FULL_TRACK_NAME_BYTES = 4096;

/** Fills in the defaults. */
export function resolveLimits(limits: Partial<MetadataLimits> | undefined): MetadataLimits {
	return { ...DEFAULT_LIMITS, ...limits };
}
