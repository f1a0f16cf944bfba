/**
 * The picture the demo publishes: a clock face, a bouncing ball and a frame counter drawn on a
 * canvas, so that a viewer sees at a glance that frames keep coming, in order, and how late they
 * are (the source of the LOC video track, draft-ietf-moq-loc §4.2). Everything moves with the
 * frame number or the time passed in, so one frame is drawn the same way every time.
 *
 * @module
 */

/** A 2D context of an on-screen or offscreen canvas. */
export type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws frame number `frame`, captured at wall-clock time `nowMs`, over the whole canvas. */
export function drawAnimation(ctx: Canvas2D, frame: number, nowMs: number): void {
	const { width: w, height: h } = ctx.canvas;
	const hue = (frame * 2) % 360;
	const background = ctx.createLinearGradient(0, 0, w, h);
	background.addColorStop(0, `hsl(${hue}, 60%, 25%)`);
	background.addColorStop(1, `hsl(${(hue + 120) % 360}, 60%, 45%)`);
	ctx.fillStyle = background;
	ctx.fillRect(0, 0, w, h);
	drawClock(ctx, w * 0.3, h * 0.5, Math.min(w, h) * 0.35, nowMs);
	drawBall(ctx, w, h, frame);
	const size = Math.max(12, Math.round(h / 12));
	ctx.font = `bold ${size}px monospace`;
	ctx.fillStyle = "white";
	ctx.textBaseline = "top";
	ctx.fillText(`frame ${frame}`, size / 2, size / 2);
	ctx.fillText(new Date(nowMs).toISOString().slice(11, 23), size / 2, h - size * 1.5);
}

function drawClock(ctx: Canvas2D, x: number, y: number, r: number, nowMs: number): void {
	ctx.beginPath();
	ctx.arc(x, y, r, 0, 2 * Math.PI);
	ctx.fillStyle = "#f4f1e8";
	ctx.fill();
	ctx.lineWidth = r / 20;
	ctx.strokeStyle = "#222";
	ctx.stroke();
	for (let i = 0; i < 12; i++) {
		const a = (i / 12) * 2 * Math.PI;
		ctx.beginPath();
		ctx.moveTo(x + Math.sin(a) * r * 0.85, y - Math.cos(a) * r * 0.85);
		ctx.lineTo(x + Math.sin(a) * r * 0.95, y - Math.cos(a) * r * 0.95);
		ctx.stroke();
	}
	const day = nowMs % 86_400_000;
	hand(ctx, x, y, r * 0.5, r / 12, "#222", (day / 43_200_000) % 1);
	hand(ctx, x, y, r * 0.75, r / 18, "#222", (day / 3_600_000) % 1);
	hand(ctx, x, y, r * 0.9, r / 40, "#c00", (day / 60_000) % 1);
}

function hand(ctx: Canvas2D, x: number, y: number, length: number, width: number, color: string, turn: number): void {
	const a = turn * 2 * Math.PI;
	ctx.beginPath();
	ctx.moveTo(x, y);
	ctx.lineTo(x + Math.sin(a) * length, y - Math.cos(a) * length);
	ctx.lineWidth = width;
	ctx.lineCap = "round";
	ctx.strokeStyle = color;
	ctx.stroke();
}

function drawBall(ctx: Canvas2D, w: number, h: number, frame: number): void {
	const r = Math.min(w, h) / 12;
	// A triangle wave across the right half, and a bounce: the ball's place says the frame.
	const span = w * 0.4 - 2 * r;
	const phase = (frame * 4) % (2 * span);
	const x = w * 0.6 + r + (phase < span ? phase : 2 * span - phase);
	const y = h - r - Math.abs(Math.sin(frame / 10)) * (h - 2 * r) * 0.8;
	ctx.beginPath();
	ctx.arc(x, y, r, 0, 2 * Math.PI);
	ctx.fillStyle = "#ffd400";
	ctx.fill();
}
