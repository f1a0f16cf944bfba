/**
 * What @moq/net 0.3.4 calls but Node.js 20 lacks (both arrived with V8 12.x, Node.js 22):
 * `Promise.withResolvers` (its connect, aliases and control code) and `Set.prototype.difference`
 * (its namespace advertisement loops). Installed in the @moq/net child process only, never in
 * library code; each is installed only where missing, so newer Node.js versions keep theirs.
 *
 * @module
 */

interface Resolvers<T> {
	promise: Promise<T>;
	resolve: (value: T | PromiseLike<T>) => void;
	reject: (reason?: unknown) => void;
}

const promise = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
promise.withResolvers ??= <T>(): Resolvers<T> => {
	let resolve!: Resolvers<T>["resolve"];
	let reject!: Resolvers<T>["reject"];
	const p = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise: p, resolve, reject };
};

const setPrototype = Set.prototype as unknown as { difference?: (other: ReadonlySet<unknown>) => Set<unknown> };
setPrototype.difference ??= function (this: Set<unknown>, other: ReadonlySet<unknown>): Set<unknown> {
	const result = new Set<unknown>();
	for (const value of this) if (!other.has(value)) result.add(value);
	return result;
};
