/**
 * `Symbol.asyncDispose` where the runtime has it; elsewhere (older browsers) a registered
 * stand-in keeps the classes valid without a polyfill, as `@moqt/session` does.
 *
 * @module
 */

/** @internal */
export const asyncDispose: typeof Symbol.asyncDispose =
	(Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
	(Symbol.for("Symbol.asyncDispose") as typeof Symbol.asyncDispose);
