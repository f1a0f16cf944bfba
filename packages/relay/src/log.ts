/**
 * Structured logs: one JSON object per line, `{"time":…,"level":…,"msg":…, …fields}`, filtered by
 * level. No dependency; the sink is injectable (stderr by default), and so is the clock.
 *
 * Values JSON cannot carry are made readable: bigints (Group / Object / Request IDs) become
 * decimal strings, Uint8Arrays (namespace fields, names) their length and up to 32 bytes of hex,
 * Errors their name, message and code. A field that still cannot be serialized (a cycle) is
 * replaced by a note, so logging never throws.
 *
 * @module
 */

/** Log levels, least severe first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. */
export interface Logger {
	/** The least severe level written. */
	readonly level: LogLevel;
	debug(msg: string, fields?: LogFields): void;
	info(msg: string, fields?: LogFields): void;
	warn(msg: string, fields?: LogFields): void;
	error(msg: string, fields?: LogFields): void;
	/** A logger that adds `fields` to every line (e.g. a session ID). */
	child(fields: LogFields): Logger;
	/** Whether a line at `level` would be written: guard costly fields with it. */
	enabled(level: LogLevel): boolean;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
	/** The least severe level written (default "info"). */
	readonly level?: LogLevel;
	/** Where each line goes, newline included; stderr by default. */
	readonly write?: (line: string) => void;
	/** The clock, in milliseconds; `Date.now` by default. */
	readonly now?: () => number;
	/** Fields on every line. */
	readonly fields?: LogFields;
}

const MAX_HEX_BYTES = 32;

function replacer(_key: string, value: unknown): unknown {
	if (typeof value === "bigint") return value.toString();
	if (value instanceof Uint8Array) {
		const shown = Array.from(value.subarray(0, MAX_HEX_BYTES), (b) => b.toString(16).padStart(2, "0")).join("");
		return { bytes: value.byteLength, hex: value.byteLength > MAX_HEX_BYTES ? `${shown}…` : shown };
	}
	if (value instanceof Error) {
		const code = (value as { code?: unknown }).code;
		return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
	}
	return value;
}

function serialize(record: Record<string, unknown>): string {
	try {
		return JSON.stringify(record, replacer);
	} catch (e) {
		const { time, level, msg } = record;
		return JSON.stringify({ time, level, msg, logError: `fields not serializable: ${(e as Error).message}` });
	}
}

/** A logger writing JSON lines at `options.level` and above. */
export function createLogger(options: LoggerOptions = {}): Logger {
	const level = options.level ?? "info";
	if (!LOG_LEVELS.includes(level)) throw new RangeError(`log level must be one of ${LOG_LEVELS.join(", ")}`);
	const write = options.write ?? ((line: string) => process.stderr.write(line));
	const now = options.now ?? Date.now;
	const threshold = LOG_LEVELS.indexOf(level);
	const make = (base: LogFields): Logger => {
		const log = (at: LogLevel, msg: string, fields?: LogFields) => {
			if (LOG_LEVELS.indexOf(at) < threshold) return;
			write(`${serialize({ time: new Date(now()).toISOString(), level: at, msg, ...base, ...fields })}\n`);
		};
		return {
			level,
			debug: (msg, fields) => log("debug", msg, fields),
			info: (msg, fields) => log("info", msg, fields),
			warn: (msg, fields) => log("warn", msg, fields),
			error: (msg, fields) => log("error", msg, fields),
			child: (fields) => make({ ...base, ...fields }),
			enabled: (at) => LOG_LEVELS.indexOf(at) >= threshold,
		};
	};
	return make(options.fields ?? {});
}
