/**
 * The value syntaxes the relay configuration accepts besides plain JSON numbers: byte sizes
 * ("256MiB"), durations ("30s") and listen addresses ("0.0.0.0:4443", "[::1]:4443"). Each parser
 * returns the value or a message saying what was expected.
 *
 * @module
 */

import { isIP } from "node:net";

/** A host and port to listen on. */
export interface ListenAddress {
	readonly host: string;
	readonly port: number;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
	b: 1,
	kb: 1e3,
	mb: 1e6,
	gb: 1e9,
	kib: 1024,
	mib: 1024 ** 2,
	gib: 1024 ** 3,
};

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function withUnit(value: unknown, units: Readonly<Record<string, number>>, what: string): number | string {
	if (typeof value === "number") {
		return Number.isSafeInteger(value) && value >= 0 ? value : `${what} must be a non-negative integer`;
	}
	if (typeof value !== "string") return `${what} must be a number or a string like ${Object.keys(units).join("/")}`;
	const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
	const unit = units[(m?.[2] ?? "").toLowerCase() || Object.keys(units)[0]!];
	if (m === null || unit === undefined) {
		return `${what} must be a number with an optional unit (${Object.keys(units).join(", ")}), not ${JSON.stringify(value)}`;
	}
	const result = Math.round(Number(m[1]) * unit);
	return Number.isSafeInteger(result) ? result : `${what} is too large`;
}

/** A byte size: a non-negative integer, or a string like "64KiB", "256MiB", "1GB", "512". */
export function parseSize(value: unknown): number | string {
	return withUnit(value, SIZE_UNITS, "a size");
}

/** A duration in milliseconds: a non-negative integer, or a string like "500ms", "30s", "2m", "1h". */
export function parseDuration(value: unknown): number | string {
	return withUnit(value, DURATION_UNITS, "a duration");
}

/** A listen address: "host:port", "[ipv6]:port", ":port" (all interfaces), or `{ host, port }`. */
export function parseAddress(value: unknown): ListenAddress | string {
	let host: unknown;
	let port: unknown;
	if (typeof value === "string") {
		const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
		if (m === null) return `an address must look like "host:port" or "[::1]:port", not ${JSON.stringify(value)}`;
		host = m[1] ?? (m[2] === "" ? "0.0.0.0" : m[2]);
		port = Number(m[3]);
	} else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
		host = (value as { host?: unknown }).host;
		port = (value as { port?: unknown }).port;
		const extra = Object.keys(value).filter((k) => k !== "host" && k !== "port");
		if (extra.length > 0) return `an address has only host and port, not ${extra.join(", ")}`;
	} else {
		return 'an address must be "host:port" or { "host": …, "port": … }';
	}
	if (typeof host !== "string" || host.length === 0) return "an address needs a host";
	if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(host)) {
		return `${JSON.stringify(host)} is neither an IP address nor a host name`;
	}
	if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
		return `a port must be an integer from 0 to 65535, not ${JSON.stringify(port)}`;
	}
	return { host, port };
}
