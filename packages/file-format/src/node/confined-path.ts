/**
 * Confinement of the files a recording names to the recording's directory, on the real file
 * system (draft-jennings-moq-file-05 §8 "Security Considerations"). `unsafeDataPathReason` has
 * already refused absolute paths and `..`; this resolves symbolic links and refuses a path whose
 * real location is outside the directory.
 *
 * The check happens when a file is opened; a directory that someone rewrites while it is being
 * read (swapping in a symlink after the check) is outside what this defends against.
 *
 * @module
 */

import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { FileFormatError } from "../errors.js";

/** True when `path` is strictly inside `root` (both absolute and resolved). */
export function isInside(root: string, path: string): boolean {
	const rel = relative(root, path);
	return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Where a confined path was named, for errors. */
export interface PathContext {
	readonly file?: string | undefined;
	readonly entry?: number | undefined;
	readonly field?: string | undefined;
}

/**
 * Resolves `name` (relative, already checked for `..` and absoluteness) against `root` (a real
 * path) and returns its real path, which must lie inside `root`.
 */
export async function resolveConfined(root: string, name: string, where: PathContext): Promise<string> {
	const joined = resolve(root, name);
	if (!isInside(root, joined))
		throw new FileFormatError("unsafe-path", `${JSON.stringify(name)} is outside the recording`, where);
	let real: string;
	try {
		real = await realpath(joined);
	} catch (cause) {
		throw new FileFormatError("missing-file", `${JSON.stringify(name)} cannot be opened`, { ...where, cause });
	}
	if (!isInside(root, real)) {
		throw new FileFormatError(
			"unsafe-path",
			`${JSON.stringify(name)} is a link to ${JSON.stringify(real)}, outside the recording`,
			where,
		);
	}
	return real;
}
