/**
 * Loads the internals of `@moq/net` 0.3.4 (the moq-dev TypeScript implementation) for the
 * comparison rows. Its IETF message classes are not exported from the package root, so they
 * are imported by file path; its codec is asynchronous over WHATWG streams. It needs
 * `Promise.withResolvers` and `Set.prototype.difference`, which Node 20 lacks: polyfilled here.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Resolvers<T> = { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };

function polyfill(): void {
	const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
	P.withResolvers ??= <T>() => {
		let resolve!: (v: T) => void;
		let reject!: (e: unknown) => void;
		const promise = new Promise<T>((a, b) => {
			resolve = a;
			reject = b;
		});
		return { promise, resolve, reject };
	};
	const S = Set.prototype as unknown as { difference?: (o: Set<unknown>) => Set<unknown> };
	S.difference ??= function (this: Set<unknown>, other: Set<unknown>) {
		const out = new Set(this);
		for (const x of other) out.delete(x);
		return out;
	};
}

// biome-ignore lint/suspicious/noExplicitAny: the package's internal modules are untyped here.
export type Module = any;

/** The `@moq/net` modules the benchmark uses. */
export interface MoqNet {
	readonly version: string;
	readonly stream: Module;
	readonly path: Module;
	readonly versions: Module;
	readonly subscribe: Module;
	readonly publish: Module;
	readonly fetch: Module;
	readonly request: Module;
	readonly object: Module;
}

/** Imports `@moq/net`, or returns undefined (with the reason) when it is not installed. */
export async function loadMoqNet(): Promise<MoqNet | string> {
	polyfill();
	let root: string;
	try {
		root = dirname(createRequire(import.meta.url).resolve("@moq/net"));
	} catch (e) {
		return `@moq/net is not installed (${(e as Error).message})`;
	}
	const load = (file: string) => import(pathToFileURL(join(root, file)).href);
	const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
	return {
		version: pkg.version,
		stream: await load("stream.js"),
		path: await load("path.js"),
		versions: await load("ietf/version.js"),
		subscribe: await load("ietf/subscribe.js"),
		publish: await load("ietf/publish.js"),
		fetch: await load("ietf/fetch.js"),
		request: await load("ietf/request.js"),
		object: await load("ietf/object.js"),
	};
}
