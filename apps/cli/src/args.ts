/**
 * Command-line parsing on `node:util`'s `parseArgs` (strict: unknown options and missing values
 * are usage errors), and the value parsers the commands share. Every problem with what the user
 * typed is a {@link UsageError}, which `main` turns into exit code 2.
 *
 * @module
 */

import { type ParseArgsConfig, parseArgs } from "node:util";

/** What the user typed wrong; exit code 2. */
export class UsageError extends Error {
	override readonly name = "UsageError";
}

/** The option table of a command, as `parseArgs` takes it. */
export type OptionTable = NonNullable<ParseArgsConfig["options"]>;

/** Parsed options: strings, booleans, or arrays of them for `multiple` options. */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A command line after parsing. */
export interface ParsedLine {
	readonly positionals: readonly string[];
	readonly values: OptionValues;
}

/** Parses `argv` against `options`; throws a {@link UsageError} for anything it does not accept. */
export function parseLine(argv: readonly string[], options: OptionTable): ParsedLine {
	try {
		const { positionals, values } = parseArgs({
			args: [...argv],
			options,
			allowPositionals: true,
			strict: true,
		});
		return { positionals, values: values as OptionValues };
	} catch (error) {
		// parseArgs reports bad input as a TypeError with an ERR_PARSE_ARGS_* code.
		if (error instanceof TypeError && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
			throw new UsageError(error.message);
		}
		throw error;
	}
}

/** A string option's value, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
	const value = values[name];
	if (value === undefined || typeof value === "string") return value;
	if (Array.isArray(value)) return value.at(-1) as string | undefined;
	throw new UsageError(`--${name} takes a value`);
}

/** A repeatable string option's values (empty when not given). */
export function stringList(values: OptionValues, name: string): string[] {
	const value = values[name];
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** True when a boolean option was given. */
export function flag(values: OptionValues, name: string): boolean {
	return values[name] === true;
}

/** Parses a whole number in `[min, max]`; `what` names the option in the error. */
export function integer(text: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
	if (!/^\d+$/.test(text)) throw new UsageError(`${what}: expected a whole number, got "${text}"`);
	const value = Number(text);
	if (value < min || value > max) throw new UsageError(`${what}: ${text} is not in ${min}–${max}`);
	return value;
}

/** Parses a number (decimals allowed) greater than `min` (or equal when `inclusive`). */
export function decimal(text: string, what: string, min = 0, inclusive = false): number {
	const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
	if (Number.isNaN(value) || value < min || (!inclusive && value === min)) {
		throw new UsageError(`${what}: expected a number ${inclusive ? "of at least" : "above"} ${min}, got "${text}"`);
	}
	return value;
}

/** An integer option, or `fallback` when absent. */
export function integerOption(
	values: OptionValues,
	name: string,
	fallback: number,
	min = 0,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const text = stringOption(values, name);
	return text === undefined ? fallback : integer(text, `--${name}`, min, max);
}

/** An optional integer option. */
export function optionalInteger(values: OptionValues, name: string, min = 0): number | undefined {
	const text = stringOption(values, name);
	return text === undefined ? undefined : integer(text, `--${name}`, min);
}

/** An optional positive duration in seconds, returned in milliseconds. */
export function optionalSeconds(values: OptionValues, name: string): number | undefined {
	const text = stringOption(values, name);
	return text === undefined ? undefined : decimal(text, `--${name}`) * 1000;
}

/** A location `G` or `G:O` (Group and Object IDs, 62-bit). */
export interface CliLocation {
	readonly group: bigint;
	readonly object: bigint | undefined;
}

const MAX_VARINT = (1n << 62n) - 1n;

/** Parses `G[:O]`. */
export function location(text: string, what: string): CliLocation {
	const match = /^(\d+)(?::(\d+))?$/.exec(text);
	if (match === null) throw new UsageError(`${what}: expected GROUP or GROUP:OBJECT, got "${text}"`);
	const group = BigInt(match[1]!);
	const object = match[2] === undefined ? undefined : BigInt(match[2]);
	if (group > MAX_VARINT || (object ?? 0n) > MAX_VARINT) throw new UsageError(`${what}: "${text}" is out of range`);
	return { group, object };
}

/** Exactly `names.length` positionals (or at least, with `rest`); throws a usage error otherwise. */
export function positionals(line: ParsedLine, names: readonly string[], rest = false): string[] {
	const given = line.positionals;
	if (given.length < names.length) throw new UsageError(`missing ${names.slice(given.length).join(", ")}`);
	if (!rest && given.length > names.length) throw new UsageError(`unexpected argument "${given[names.length]}"`);
	return [...given];
}
