/**
 * The syntactic half of `dataFile` confinement (draft-jennings-moq-file-05 §2 `dataFile` is a
 * "relative path name"; §8 "Security Considerations": a malicious metadata file could point at
 * an SSH key). A path that passes can still be a symlink out of the recording; the Node reader
 * checks that half on the real file system.
 *
 * @module
 */

/**
 * Why `path` is not a safe relative data file path, or `undefined` when it is one: a
 * `/`-separated path that names a file (not ending in `/`, not only `.` segments), has no `..`
 * segment, no backslash (a separator on Windows), no drive or URL scheme colon, and no control
 * characters. `.` and empty segments are harmless and allowed (`./time1.dat`).
 */
export function unsafeDataPathReason(path: string): string | undefined {
	if (path.length === 0) return "is empty";
	if (path.startsWith("/")) return "is absolute";
	if (path.includes("\\")) return "contains a backslash";
	if (path.includes(":")) return 'contains ":" (a drive letter or URL scheme)';
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
	if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
	const segments = path.split("/");
	if (segments.includes("..")) return 'climbs out with ".."';
	if (path.endsWith("/") || segments.every((s) => s === "" || s === ".")) return "does not name a file";
	return undefined;
}
