/**
 * The authorization token alias caches (draft-ietf-moq-transport-14 §9.2.1.1 "AUTHORIZATION
 * TOKEN" and §9.3.2 "MAX_AUTH_TOKEN_CACHE_SIZE"; -16 §9.2.2.1 and §9.3.1; -18/-19 §10.2
 * "AUTHORIZATION TOKEN Parameter" and §10.3.1 "MAX_AUTH_TOKEN_CACHE_SIZE", "AUTHORIZATION TOKEN").
 *
 * Each endpoint has its own alias space, so there are two caches:
 * - {@link PeerTokenCache}: the aliases the peer registered with us, bounded by the
 *   MAX_AUTH_TOKEN_CACHE_SIZE we advertised. A token's size is 16 + the length of its value.
 *   Violations close the session: DUPLICATE_AUTH_TOKEN_ALIAS (REGISTER of an alias in use),
 *   UNKNOWN_AUTH_TOKEN_ALIAS (DELETE / USE_ALIAS of one not registered), AUTH_TOKEN_CACHE_OVERFLOW
 *   (a REGISTER that does not fit), except that a REGISTER in setup that does not fit is used as
 *   USE_VALUE; from draft-15 a server receiving DELETE or USE_ALIAS in setup closes with
 *   PROTOCOL_VIOLATION.
 * - {@link OwnTokenRegistry}: the aliases we registered with the peer, so that commands are
 *   refused before they would make the peer close the session: registering past the peer's
 *   limit, reusing an alias, using or deleting one not registered, USE_ALIAS on another stream
 *   before the REGISTER was answered, DELETE while a USE_ALIAS is unanswered (-18/-19).
 *
 * @module
 */

import { type AuthorizationToken, type Draft, TerminationCode, TokenAliasType } from "@moqt/wire";
import { SessionError, violation } from "./errors.js";
import type { ResolvedToken, Role } from "./types.js";

const ENTRY_OVERHEAD = 16n;

function sizeOf(value: Uint8Array): bigint {
	return ENTRY_OVERHEAD + BigInt(value.length);
}

interface PeerEntry {
	readonly tokenType: bigint;
	readonly value: Uint8Array;
}

/** The aliases the peer registered with us. */
export class PeerTokenCache {
	private readonly entries = new Map<bigint, PeerEntry>();
	private used = 0n;
	private readonly limit: bigint;
	private readonly draft: Draft;
	private readonly role: Role;

	/**
	 * @param limit the MAX_AUTH_TOKEN_CACHE_SIZE we advertised.
	 * @param role our role (the setup rule of draft-15+ applies to servers).
	 */
	constructor(limit: bigint, draft: Draft, role: Role) {
		this.limit = limit;
		this.draft = draft;
		this.role = role;
	}

	/** Bytes in use. */
	get bytes(): bigint {
		return this.used;
	}

	/**
	 * Applies and resolves the tokens of one message, in order. Throws a ProtocolViolation for the
	 * violations that close the session.
	 */
	resolve(tokens: readonly AuthorizationToken[] | undefined, inSetup: boolean): ResolvedToken[] {
		const out: ResolvedToken[] = [];
		for (const t of tokens ?? []) {
			switch (t.aliasType) {
				case TokenAliasType.DELETE:
				case TokenAliasType.USE_ALIAS: {
					// draft-15+: "If a server receives Alias Type DELETE (0x0) or USE_ALIAS (0x2) in a SETUP message".
					if (inSetup && this.draft >= 16 && this.role === "server") {
						violation(TerminationCode.PROTOCOL_VIOLATION, "DELETE or USE_ALIAS token in setup");
					}
					const entry = this.entries.get(t.alias);
					if (entry === undefined) {
						violation(TerminationCode.UNKNOWN_AUTH_TOKEN_ALIAS, `token alias ${t.alias} is not registered`);
					}
					if (t.aliasType === TokenAliasType.DELETE) {
						this.entries.delete(t.alias);
						this.used -= sizeOf(entry.value);
					} else {
						out.push({ tokenType: entry.tokenType, value: entry.value, alias: t.alias });
					}
					break;
				}
				case TokenAliasType.REGISTER: {
					if (this.entries.has(t.alias)) {
						violation(TerminationCode.DUPLICATE_AUTH_TOKEN_ALIAS, `token alias ${t.alias} is already registered`);
					}
					const size = sizeOf(t.value);
					if (this.used + size > this.limit) {
						// In setup the registration is used as USE_VALUE; elsewhere the cache overflows.
						if (!inSetup) violation(TerminationCode.AUTH_TOKEN_CACHE_OVERFLOW, "token cache size exceeded");
						out.push({ tokenType: t.tokenType, value: t.value });
						break;
					}
					// Copy: the value is a view into a receive buffer, and the entry lives for the session.
					const value = t.value.slice();
					this.entries.set(t.alias, { tokenType: t.tokenType, value });
					this.used += size;
					out.push({ tokenType: t.tokenType, value, alias: t.alias });
					break;
				}
				case TokenAliasType.USE_VALUE:
					out.push({ tokenType: t.tokenType, value: t.value });
					break;
			}
		}
		return out;
	}
}

interface OwnEntry {
	readonly size: bigint;
	/** The channel of the message that registered it (0 for setup and the control stream). */
	readonly channel: number;
	/** The request whose response confirms the registration; undefined once answered (or for setup). */
	pending: bigint | undefined;
	/** Requests that used the alias and are not answered yet. */
	readonly uses: Set<bigint>;
}

/** The aliases we registered with the peer. */
export class OwnTokenRegistry {
	private readonly entries = new Map<bigint, OwnEntry>();
	/** Setup registrations, in order, until the peer's limit is known. */
	private readonly setupOrder: bigint[] = [];
	private used = 0n;
	/** The peer's MAX_AUTH_TOKEN_CACHE_SIZE; undefined until its setup arrives. */
	private peerLimit: bigint | undefined;

	private readonly draft: Draft;

	constructor(draft: Draft) {
		this.draft = draft;
	}

	/** Bytes in use. */
	get bytes(): bigint {
		return this.used;
	}

	/**
	 * Registers the tokens of our setup. The peer's limit is not known yet: what does not fit is
	 * purged when it is ({@link OwnTokenRegistry.peerLimitKnown}). Throws for tokens setup cannot carry.
	 */
	registerSetup(tokens: readonly AuthorizationToken[] | undefined): void {
		for (const t of tokens ?? []) {
			if (t.aliasType === TokenAliasType.REGISTER) {
				if (this.entries.has(t.alias)) throw invalid(`token alias ${t.alias} registered twice in setup`);
				this.entries.set(t.alias, { size: sizeOf(t.value), channel: 0, pending: undefined, uses: new Set() });
				this.setupOrder.push(t.alias);
			} else if (t.aliasType !== TokenAliasType.USE_VALUE) {
				// draft-15+ forbids them in setup; in draft-14 no alias can exist before setup.
				throw invalid("setup tokens can only REGISTER or USE_VALUE");
			}
		}
	}

	/**
	 * The peer's limit arrived: keeps the setup registrations the peer kept (in order, while they
	 * fit, as the peer applies them) and forgets the others, which the peer used as USE_VALUE.
	 */
	peerLimitKnown(limit: bigint): void {
		this.peerLimit = limit;
		for (const alias of this.setupOrder) {
			const entry = this.entries.get(alias)!;
			if (this.used + entry.size <= limit) this.used += entry.size;
			else this.entries.delete(alias);
		}
		this.setupOrder.length = 0;
	}

	/**
	 * Checks and applies the tokens of a request we are about to send on `channel`. Throws a
	 * {@link SessionError} (and changes nothing) when the peer would close the session for them.
	 */
	apply(tokens: readonly AuthorizationToken[] | undefined, channel: number, requestId: bigint): void {
		if (tokens === undefined || tokens.length === 0) return;
		// Check everything on a scratch view first, so a refused message leaves the registry as it was.
		const added = new Map<bigint, bigint>();
		const deleted = new Set<bigint>();
		let used = this.used;
		const has = (a: bigint) => added.has(a) || (this.entries.has(a) && !deleted.has(a));
		for (const t of tokens) {
			if (t.aliasType === TokenAliasType.REGISTER) {
				if (has(t.alias)) throw invalid(`token alias ${t.alias} is already registered`);
				if (this.peerLimit === undefined) {
					throw new SessionError("limit", "the peer's MAX_AUTH_TOKEN_CACHE_SIZE is not known before its setup");
				}
				const size = sizeOf(t.value);
				if (used + size > this.peerLimit) throw new SessionError("limit", "the peer's token cache is full");
				used += size;
				added.set(t.alias, size);
			} else if (t.aliasType === TokenAliasType.DELETE || t.aliasType === TokenAliasType.USE_ALIAS) {
				if (!has(t.alias)) throw invalid(`token alias ${t.alias} is not registered`);
				const entry = added.has(t.alias) ? undefined : this.entries.get(t.alias);
				if (t.aliasType === TokenAliasType.DELETE) {
					// "Senders MUST NOT send DELETE for an alias while any message using USE_ALIAS ... has not received a response."
					if (entry !== undefined && entry.uses.size > 0) throw invalid(`token alias ${t.alias} has unanswered uses`);
					used -= entry?.size ?? added.get(t.alias)!;
					if (added.delete(t.alias) === false) deleted.add(t.alias);
				} else if (entry !== undefined && entry.pending !== undefined && entry.channel !== channel) {
					// "MUST NOT send USE_ALIAS on one control stream for an alias registered on a different stream
					// until the sender has received a response to the message containing the REGISTER" (-18/-19).
					if (this.draft >= 18) throw invalid(`token alias ${t.alias} is not confirmed yet`);
				}
			}
		}
		for (const alias of deleted) this.entries.delete(alias);
		for (const [alias, size] of added) this.entries.set(alias, { size, channel, pending: requestId, uses: new Set() });
		for (const t of tokens) {
			if (t.aliasType === TokenAliasType.USE_ALIAS) this.entries.get(t.alias)?.uses.add(requestId);
		}
		this.used = used;
	}

	/** A request was answered (or ended): its registrations are confirmed and its uses settled. */
	settled(requestId: bigint): void {
		for (const entry of this.entries.values()) {
			if (entry.pending === requestId) entry.pending = undefined;
			entry.uses.delete(requestId);
		}
	}
}

function invalid(message: string): SessionError {
	return new SessionError("invalid-argument", message);
}
