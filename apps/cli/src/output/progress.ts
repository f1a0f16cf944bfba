/**
 * A one-line progress meter on stderr: objects, bytes, groups and the recent rate, redrawn in
 * place twice a second. It draws only when stderr is a terminal, so pipes, files and tests see
 * nothing of it (results go to stdout either way).
 *
 * @module
 */

import type { TextOut } from "../command.js";

/** How often the line is redrawn, in ms. */
const INTERVAL_MS = 500;

/** Counts what a command moved and shows it on a terminal. */
export class Progress {
	readonly #out: TextOut;
	readonly #label: string;
	readonly #now: () => number;
	readonly #groups = new Set<string>();
	#objects = 0;
	#bytes = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	#drawn = false;
	#lastObjects = 0;
	#lastTime: number;
	#rate = 0;

	/**
	 * @param out Where to draw (stderr); nothing is drawn unless `out.isTTY`.
	 * @param label The verb shown first ("received", "published"...).
	 * @param now The clock, in ms (tests pass their own).
	 */
	constructor(out: TextOut, label: string, now: () => number = () => performance.now()) {
		this.#out = out;
		this.#label = label;
		this.#now = now;
		this.#lastTime = now();
	}

	/** True when the meter draws (stderr is a terminal). */
	get visible(): boolean {
		return this.#out.isTTY === true;
	}

	/** Objects counted so far. */
	get objects(): number {
		return this.#objects;
	}

	/** Payload bytes counted so far. */
	get bytes(): number {
		return this.#bytes;
	}

	/** Distinct groups counted so far (per track, when `track` is given to {@link Progress.add}). */
	get groups(): number {
		return this.#groups.size;
	}

	/** Starts redrawing (only on a terminal). */
	start(): this {
		if (this.visible && this.#timer === undefined) {
			this.#timer = setInterval(() => this.draw(), INTERVAL_MS);
			this.#timer.unref();
		}
		return this;
	}

	/** Counts one object. */
	add(bytes: number, group: bigint, track = ""): void {
		this.#objects++;
		this.#bytes += bytes;
		this.#groups.add(`${track}\u0000${group}`);
	}

	/** The line as it would be drawn now (also updates the rate). */
	line(): string {
		const now = this.#now();
		const elapsed = now - this.#lastTime;
		if (elapsed > 0) {
			this.#rate = ((this.#objects - this.#lastObjects) * 1000) / elapsed;
			this.#lastObjects = this.#objects;
			this.#lastTime = now;
		}
		return `${this.#label} ${this.#objects} objects, ${formatBytes(this.#bytes)}, ${this.#groups.size} groups, ${Math.round(this.#rate)} objects/s`;
	}

	/** Redraws the line in place (on a terminal). */
	draw(): void {
		if (!this.visible) return;
		// \r and "erase to end of line" keep it on one line however its length changes.
		this.#out.write(`\r${this.line()}\u001b[K`);
		this.#drawn = true;
	}

	/** Stops redrawing and leaves the terminal on a fresh line. */
	stop(): void {
		if (this.#timer !== undefined) clearInterval(this.#timer);
		this.#timer = undefined;
		if (this.#drawn) this.#out.write("\r\u001b[K");
		this.#drawn = false;
	}
}

/** Bytes in B, KB, MB or GB (powers of 1000, one decimal above bytes). */
export function formatBytes(bytes: number): string {
	if (bytes < 1000) return `${bytes} B`;
	const units = ["KB", "MB", "GB", "TB"];
	let value = bytes;
	let unit = "B";
	for (const next of units) {
		if (value < 1000) break;
		value /= 1000;
		unit = next;
	}
	return `${value.toFixed(1)} ${unit}`;
}
