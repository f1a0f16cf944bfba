/**
 * The client's name and version for the TAP header (`# moq-test-client v0.1.0`), from this
 * package's package.json.
 *
 * @module
 */

import { readFileSync } from "node:fs";

export const CLIENT_NAME = "moq-test-client";

export const CLIENT_VERSION: string = (
	JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
