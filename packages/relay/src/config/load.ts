/**
 * Loading the relay configuration: defaults, then the JSON file named by `--config`, then the
 * other flags, checked together. Every problem (a flag, the file, a field) is reported in one
 * {@link ConfigError}; a field set by a flag is named with the flag, e.g.
 * `limits.sessions (--max-sessions): must be an integer from 1 to 1000000000`.
 *
 * Relative certificate paths in the file are taken relative to the file, so a configuration
 * directory can move as a whole; paths given as flags are relative to the working directory.
 *
 * @module
 */

import { readFile as fsReadFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { flagFor, parseFlags } from "./cli.js";
import { DEFAULT_RELAY_CONFIG, type RelayConfig } from "./relay-config.js";
import { parseAddress } from "./units.js";
import { ConfigError, type ConfigIssue, validateConfig } from "./validate.js";

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
	/** The command-line arguments, without node and the script. */
	readonly argv: readonly string[];
	/** Reads a file as UTF-8; node:fs by default (tests pass an in-memory one). */
	readonly readFile?: (path: string) => Promise<string>;
	/** The directory relative paths on the command line are taken from; `process.cwd()` by default. */
	readonly cwd?: string;
	/** What an absent field means; {@link DEFAULT_RELAY_CONFIG} by default. */
	readonly defaults?: RelayConfig;
}

/** A loaded configuration. */
export interface LoadedConfig {
	readonly config: RelayConfig;
	/** --help was given: print `relayUsage()` and exit (the configuration is the defaults). */
	readonly help: boolean;
	/** The file the configuration came from, if any (absolute). */
	readonly configPath: string | undefined;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Flags lay over the file field by field; arrays, scalars and the whole `tls` choice replace.
function overlay(base: unknown, over: unknown, top = true): unknown {
	if (over === undefined) return base;
	if (!isObject(base) || !isObject(over)) return over;
	const out: Json = { ...base };
	for (const [key, value] of Object.entries(over)) {
		out[key] = top && key === "tls" ? value : overlay(base[key], value, false);
	}
	return out;
}

function has(fragment: Json, field: string): boolean {
	let node: unknown = fragment;
	for (const part of field.replace(/\[\d+\].*$/, "").split(".")) {
		if (!isObject(node) || !(part in node)) return false;
		node = node[part];
	}
	return true;
}

async function readJson(read: (path: string) => Promise<string>, path: string, field: string): Promise<unknown> {
	let text: string;
	try {
		text = await read(path);
	} catch (e) {
		throw new ConfigError([{ field, message: `cannot read ${path}: ${(e as Error).message}` }], { cause: e });
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (e) {
		throw new ConfigError([{ field, message: `${path} is not valid JSON: ${(e as Error).message}` }], { cause: e });
	}
}

/** Reads, merges and checks the configuration. Throws a {@link ConfigError}. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
	const read = options.readFile ?? ((path: string) => fsReadFile(path, "utf8"));
	const cwd = options.cwd ?? process.cwd();
	const defaults = options.defaults ?? DEFAULT_RELAY_CONFIG;
	let parsed: ReturnType<typeof parseFlags>;
	try {
		parsed = parseFlags(options.argv);
	} catch (e) {
		// parseArgs' own errors (unknown flag, missing value) already name the flag.
		throw new ConfigError([{ field: "(arguments)", message: (e as Error).message }], { cause: e });
	}
	const { flags, issues } = parsed;
	if (flags.help) return { config: defaults, help: true, configPath: undefined };
	const overrides = structuredClone(flags.overrides);
	const tls = overrides.tls as Json | undefined;
	for (const k of ["cert", "key"] as const) {
		if (typeof tls?.[k] === "string") tls[k] = resolve(cwd, tls[k] as string);
	}

	let file: unknown = {};
	const configPath = flags.configPath === undefined ? undefined : resolve(cwd, flags.configPath);
	if (configPath !== undefined) {
		file = await readJson(read, configPath, "--config");
		const fileTls = isObject(file) ? file.tls : undefined;
		for (const k of ["cert", "key"] as const) {
			if (isObject(fileTls) && typeof fileTls[k] === "string") fileTls[k] = resolve(dirname(configPath), fileTls[k]);
		}
	}
	// `--listen` alone moves both listeners: WebTransport over HTTP/2 takes the same address unless
	// `--listen-h2` or the file says otherwise (a bad address is reported once, for --listen).
	const listen = overrides.listen as Json | undefined;
	const fileListen = isObject(file) && isObject(file.listen) ? file.listen : {};
	if (
		listen?.quic !== undefined &&
		!("webtransportH2" in listen) &&
		!("webtransportH2" in fileListen) &&
		typeof parseAddress(listen.quic) !== "string"
	) {
		listen.webtransportH2 = listen.quic;
	}
	if (flags.authKeyFiles.length > 0) {
		const keys: unknown[] = [];
		for (const path of flags.authKeyFiles) {
			const json = await readJson(read, resolve(cwd, path), "--auth-key-file");
			keys.push(...(Array.isArray(json) ? json : [json]));
		}
		overrides.auth = { ...(overrides.auth as Json | undefined), enabled: true, keys };
	}

	let config: RelayConfig | undefined;
	let problems: readonly ConfigIssue[] = [];
	try {
		config = validateConfig(overlay(file, overrides), defaults);
	} catch (e) {
		if (!(e instanceof ConfigError)) throw e;
		problems = e.issues.map((issue) => {
			const flag = has(overrides, issue.field) ? flagFor(issue.field.replace(/\[\d+\].*$/, "")) : undefined;
			return flag === undefined ? issue : { field: `${issue.field} (${flag})`, message: issue.message };
		});
	}
	if (config === undefined || issues.length > 0) throw new ConfigError([...issues, ...problems]);
	return { config, help: false, configPath };
}
