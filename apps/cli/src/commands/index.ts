/**
 * Every `moqt` command, in the order `moqt --help` lists them.
 *
 * @module
 */

import type { Command } from "../command.js";
import { benchCommand } from "./bench.js";
import { fetchCommand } from "./fetch.js";
import { inspectCommand } from "./inspect.js";
import { playCommand } from "./play.js";
import { pubCommand } from "./pub.js";
import { recordCommand } from "./record.js";
import { subCommand } from "./sub.js";

/** The commands. */
export const COMMANDS: readonly Command[] = [
	subCommand,
	pubCommand,
	fetchCommand,
	recordCommand,
	playCommand,
	inspectCommand,
	benchCommand,
];
