/**
 * A garbage collection to call before reading RSS, without requiring `--expose-gc` on the
 * command line (the flag can be set at run time; `gc` then appears in fresh contexts).
 *
 * @module
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");

/** Runs a full garbage collection. */
export const collectGarbage = runInNewContext("gc") as () => void;
