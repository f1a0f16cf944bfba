/**
 * The relay's command-line flags (parsed with `node:util` parseArgs, strict: an unknown flag is an
 * error). Flags override the configuration file field by field: {@link parseFlags} turns them into
 * a fragment of the file's JSON shape, which the loader lays over the file before validating.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { ConfigIssue } from "./validate.js";

interface FlagSpec {
	readonly type: "string" | "boolean";
	readonly multiple?: boolean;
	readonly value?: string;
	readonly help: string;
	/** The configuration field the flag sets, for the usage text and error messages. */
	readonly field?: string;
}

/** The flags, with their help text. */
export const RELAY_FLAGS = {
	config: { type: "string", value: "file", help: "JSON configuration file" },
	listen: {
		type: "string",
		value: "host:port|off",
		help: "UDP address for raw QUIC and HTTP/3 WebTransport",
		field: "listen.quic",
	},
	"listen-h2": {
		type: "string",
		value: "host:port|off",
		help: "TCP address for WebTransport over HTTP/2",
		field: "listen.webtransportH2",
	},
	cert: { type: "string", value: "file", help: "TLS certificate chain (PEM); needs --key", field: "tls.cert" },
	key: { type: "string", value: "file", help: "TLS private key (PEM); needs --cert", field: "tls.key" },
	"self-signed": { type: "boolean", help: "generate a self-signed certificate at start-up", field: "tls.generate" },
	hostname: {
		type: "string",
		multiple: true,
		value: "name",
		help: "host name for the self-signed certificate (repeatable)",
		field: "tls.hostnames",
	},
	upstream: {
		type: "string",
		multiple: true,
		value: "url",
		help: "upstream relay, moqt:// or https:// (repeatable)",
		field: "upstreams",
	},
	"upstream-cert-hash": {
		type: "string",
		multiple: true,
		value: "hex",
		help: "trust an upstream's self-signed certificate by its SHA-256 (repeatable)",
		field: "upstreamCertificateHashes",
	},
	"upstream-token": {
		type: "string",
		value: "token",
		help: "token (JWT) for the upstream relays; other local users can see flags, a config file cannot leak so",
		field: "upstreamToken",
	},
	"auth-key-file": {
		type: "string",
		multiple: true,
		value: "file",
		help: "JSON file with a verification key or an array of them (repeatable)",
		field: "auth.keys",
	},
	"max-sessions": { type: "string", value: "n", help: "concurrent sessions", field: "limits.sessions" },
	"max-requests-per-session": {
		type: "string",
		value: "n",
		help: "concurrent requests per session",
		field: "limits.requestsPerSession",
	},
	"max-namespaces-per-session": {
		type: "string",
		value: "n",
		help: "namespaces one session may publish",
		field: "limits.namespacesPerSession",
	},
	"max-namespaces": {
		type: "string",
		value: "n",
		help: "namespaces published in the relay",
		field: "limits.namespacesTotal",
	},
	"cache-size": {
		type: "string",
		value: "size",
		help: "object cache budget, e.g. 256MiB (0 disables)",
		field: "limits.cacheBytes",
	},
	"queue-bytes": {
		type: "string",
		value: "size",
		help: "per-subscriber queue bytes",
		field: "limits.subscriberQueueBytes",
	},
	"queue-objects": {
		type: "string",
		value: "n",
		help: "per-subscriber queue objects",
		field: "limits.subscriberQueueObjects",
	},
	metrics: { type: "string", value: "host:port|off", help: "where /metrics is served", field: "metrics" },
	"log-level": { type: "string", value: "level", help: "debug, info, warn or error", field: "logLevel" },
	"drain-timeout": {
		type: "string",
		value: "duration",
		help: "how long to drain after GOAWAY, e.g. 30s",
		field: "drainTimeout",
	},
	help: { type: "boolean", help: "print this help" },
} as const satisfies Record<string, FlagSpec>;

/** The parsed command line. */
export interface ParsedFlags {
	/** The --config file, if given. */
	readonly configPath: string | undefined;
	/** The --auth-key-file files, to read and lay over `auth.keys`. */
	readonly authKeyFiles: readonly string[];
	/** The other flags as a fragment of the configuration's JSON shape. */
	readonly overrides: Record<string, unknown>;
	/** --help was given. */
	readonly help: boolean;
}

/** Which flag sets a configuration field, for messages about values that came from the command line. */
export function flagFor(field: string): string | undefined {
	for (const [name, spec] of Object.entries(RELAY_FLAGS) as [string, FlagSpec][]) {
		if (spec.field === field) return `--${name}`;
	}
	return undefined;
}

function set(target: Record<string, unknown>, field: string, value: unknown): void {
	const parts = field.split(".");
	let node = target;
	for (const part of parts.slice(0, -1)) {
		node[part] ??= {};
		node = node[part] as Record<string, unknown>;
	}
	node[parts[parts.length - 1]!] = value;
}

function count(flag: string, text: string, issues: ConfigIssue[]): number | undefined {
	if (!/^\d+$/.test(text)) {
		issues.push({ field: flag, message: `must be a whole number, not ${JSON.stringify(text)}` });
		return undefined;
	}
	return Number(text);
}

/**
 * Parses `argv` (without the node and script arguments). Problems come back as issues naming the
 * flag; an unknown flag or a missing value throws parseArgs' TypeError, which names it too.
 */
export function parseFlags(argv: readonly string[]): { flags: ParsedFlags; issues: ConfigIssue[] } {
	const options = Object.fromEntries(
		Object.entries(RELAY_FLAGS).map(([name, spec]) => [name, { type: spec.type, multiple: "multiple" in spec }]),
	) as { [K in keyof typeof RELAY_FLAGS]: { type: (typeof RELAY_FLAGS)[K]["type"]; multiple: boolean } };
	const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
	const issues: ConfigIssue[] = [];
	if (positionals.length > 0) issues.push({ field: "(arguments)", message: `unexpected ${positionals.join(" ")}` });
	const v = values as Record<string, string | boolean | string[] | undefined>;
	const overrides: Record<string, unknown> = {};
	const text = (name: string) => v[name] as string | undefined;
	for (const name of ["listen", "listen-h2", "metrics", "log-level", "cache-size", "queue-bytes", "drain-timeout"]) {
		const value = text(name);
		if (value !== undefined) set(overrides, (RELAY_FLAGS as Record<string, FlagSpec>)[name]!.field!, value);
	}
	for (const name of [
		"max-sessions",
		"max-requests-per-session",
		"max-namespaces-per-session",
		"max-namespaces",
		"queue-objects",
	]) {
		const value = text(name);
		const n = value === undefined ? undefined : count(`--${name}`, value, issues);
		if (n !== undefined) set(overrides, (RELAY_FLAGS as Record<string, FlagSpec>)[name]!.field!, n);
	}
	const cert = text("cert");
	const key = text("key");
	const selfSigned = v["self-signed"] === true;
	const hostnames = v.hostname as string[] | undefined;
	if (selfSigned && (cert !== undefined || key !== undefined)) {
		issues.push({ field: "--self-signed", message: "cannot be combined with --cert / --key" });
	} else if ((cert === undefined) !== (key === undefined)) {
		issues.push({ field: cert === undefined ? "--cert" : "--key", message: "--cert and --key go together" });
	} else if (cert !== undefined) {
		overrides.tls = { cert, key };
	} else if (selfSigned || hostnames !== undefined) {
		overrides.tls = { generate: true, ...(hostnames === undefined ? {} : { hostnames }) };
	}
	if (v.upstream !== undefined) overrides.upstreams = v.upstream;
	if (v["upstream-cert-hash"] !== undefined) overrides.upstreamCertificateHashes = v["upstream-cert-hash"];
	if (v["upstream-token"] !== undefined) overrides.upstreamToken = v["upstream-token"];
	return {
		flags: {
			configPath: text("config"),
			authKeyFiles: (v["auth-key-file"] as string[] | undefined) ?? [],
			overrides,
			help: v.help === true,
		},
		issues,
	};
}

/** The usage text: one line per flag. */
export function relayUsage(command = "moqt-relay"): string {
	const lines = Object.entries(RELAY_FLAGS).map(([name, spec]) => {
		const flag = `--${name}${"value" in spec ? ` <${spec.value}>` : ""}`;
		return `  ${flag.padEnd(36)}${spec.help}`;
	});
	return `Usage: ${command} [options]\n\nFlags override the configuration file.\n\n${lines.join("\n")}\n`;
}
