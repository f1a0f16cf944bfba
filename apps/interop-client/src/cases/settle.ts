/**
 * A promise's outcome as a value, for the cases where a refusal is the expected answer.
 *
 * @module
 */

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export function settle<T>(work: Promise<T>): Promise<Outcome<T>> {
	return work.then(
		(value) => ({ ok: true, value }),
		(error: unknown) => ({ ok: false, error }),
	);
}
