/**
 * A full garbage collection, run in both processes before each paced run so that the garbage of
 * the bulk runs before it is not collected during the latency measurement. Needs no
 * `--expose-gc` on the command line: the flag can be set at run time, after which `gc` exists in
 * new contexts.
 *
 * @module
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");

/** Runs a full garbage collection. */
export const collectGarbage = runInNewContext("gc") as () => void;
