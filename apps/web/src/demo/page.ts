/**
 * The demo page (bundled by the demo server for the browser): connects to the relay with the
 * browser's WebTransport (`serverCertificateHashes` for the server's development certificate),
 * joins a room (`room.ts`: its own chat track, every other participant's, the room's clock),
 * publishes an MSF catalog and, on request, a canvas animation as LOC video
 * (`media-publisher.ts`), and plays every other participant's video (`video-viewer.ts`) with its
 * latency and objects/s.
 *
 * `window.demo` gives the page's state and actions to scripts (the Playwright test uses it).
 *
 * @module
 */

import { type ClientSession, connect } from "@moqt/client";
import { participantNamespace } from "../chat.js";
import { pickVideoCodec } from "../media/encoder.js";
import type { StatsSnapshot } from "../media/stats.js";
import { CONFIG_ELEMENT_ID, type PageConfig, pageConfig, pageLink, type ServerConfig } from "./config.js";
import { MediaPublisher, type PublishStats } from "./media-publisher.js";
import { Room, type RoomEvent } from "./room.js";
import { VideoViewer, type ViewerStats } from "./video-viewer.js";

/** A chat message as the page received it (IDs as strings, which cross into tests). */
export interface ChatEntry {
	/** Whose track it came on; our own messages have ours. */
	readonly participant: string;
	readonly from: string;
	readonly text: string;
	readonly sentAt: number;
	readonly group: string;
	readonly object: string;
}

/** A clock tick as received. */
export interface ClockEntry {
	readonly text: string;
	readonly sentAt: number;
	readonly receivedAt: number;
	readonly group: string;
	readonly object: string;
}

/** Everything the page knows, for scripts. */
export interface DemoState {
	readonly room: string;
	readonly participant: string;
	readonly status: "connecting" | "connected" | "failed" | "closed";
	readonly draft: number | undefined;
	readonly participants: readonly string[];
	/** Subscriptions accepted: "clock" and "<participant>/chat". */
	readonly subscribed: readonly string[];
	readonly chat: readonly ChatEntry[];
	readonly clock: readonly ClockEntry[];
	readonly publishing: boolean;
	readonly publish: PublishStats | undefined;
	readonly videos: Readonly<Record<string, ViewerStats>>;
	readonly errors: readonly string[];
}

/** What `window.demo` offers. */
export interface DemoApi {
	state(): DemoState;
	send(text: string): Promise<void>;
	startVideo(): Promise<void>;
	stopVideo(): Promise<void>;
	/** Leaves the room (the namespace is withdrawn, the tracks end, the watch stops); the session stays. */
	leave(): Promise<void>;
	/** Leaves and closes the session. */
	close(): Promise<void>;
}

declare global {
	interface Window {
		demo: DemoApi;
	}
}

const MAX_SHOWN_MESSAGES = 200;

class DemoPage {
	readonly config: PageConfig;
	status: DemoState["status"] = "connecting";
	session: ClientSession | undefined;
	room: Room | undefined;
	media: MediaPublisher | undefined;
	readonly participants = new Set<string>();
	readonly subscribed: string[] = [];
	readonly chat: ChatEntry[] = [];
	readonly clock: ClockEntry[] = [];
	readonly errors: string[] = [];
	readonly viewers = new Map<string, { viewer: VideoViewer; element: HTMLElement }>();

	constructor(config: PageConfig) {
		this.config = config;
	}

	state(): DemoState {
		const videos: Record<string, ViewerStats> = {};
		for (const [participant, { viewer }] of this.viewers) videos[participant] = viewer.stats;
		return {
			room: this.config.room,
			participant: this.config.participant,
			status: this.status,
			draft: this.session?.draft,
			participants: [...this.participants],
			subscribed: [...this.subscribed],
			chat: [...this.chat],
			clock: [...this.clock],
			publishing: this.media?.publishing ?? false,
			publish: this.media?.stats,
			videos,
			errors: [...this.errors],
		};
	}

	async start(): Promise<void> {
		const { config } = this;
		text("room", config.room);
		text("participant", config.participant);
		text("relay", `relay ${config.relayUrl}`);
		const another = element("another", HTMLAnchorElement);
		another.href = pageLink(location.href, { name: undefined, video: undefined });
		try {
			this.session = await connect(config.relayUrl, {
				...(config.certificateSha256 !== undefined && { certificateHashes: [config.certificateSha256] }),
				...(config.drafts !== undefined && { drafts: config.drafts }),
				timeout: 10_000,
			});
			const namespace = participantNamespace(config.room, config.participant);
			// The catalog track is there before the namespace is announced, so no viewer misses it.
			this.media = await MediaPublisher.create(this.session, namespace);
			this.room = await Room.join(this.session, {
				room: config.room,
				participant: config.participant,
				onEvent: (e) => this.onRoomEvent(e),
			});
		} catch (error) {
			this.setStatus("failed", describe(error));
			throw error;
		}
		this.setStatus("connected", `connected, draft-${this.session.draft} over ${this.session.transport}`);
		void this.session.closed.then((info) => this.setStatus("closed", `closed: ${info.code} ${info.reason}`));
		this.wireControls();
		if (config.video) await this.startVideo();
	}

	async send(message: string): Promise<void> {
		const room = this.room;
		if (room === undefined) throw new Error("not in a room yet");
		const sent = await room.send(message);
		this.addChat({ participant: room.participant, ...sent, group: "", object: "" }, true);
	}

	async startVideo(): Promise<void> {
		const media = this.media;
		if (media === undefined || media.publishing) return;
		const settings = this.config.videoSettings;
		const codec = await pickVideoCodec(this.config.codecs, { ...settings, codec: this.config.codecs[0] ?? "" });
		if (codec === undefined) {
			this.error("video", new Error(`this browser cannot encode and decode ${this.config.codecs.join(" or ")}`));
			return;
		}
		await media.start(element("source", HTMLCanvasElement), { ...settings, codec }, (e) => this.error("publishing", e));
		this.showPublishing();
	}

	async stopVideo(): Promise<void> {
		await this.media?.stop();
		this.showPublishing();
	}

	async leave(): Promise<void> {
		for (const participant of [...this.viewers.keys()]) this.unwatchVideo(participant);
		await this.media?.close();
		await this.room?.leave();
		this.participants.clear();
		this.showParticipants();
		this.showPublishing();
	}

	async close(): Promise<void> {
		await this.leave();
		await this.session?.close();
	}

	onRoomEvent(e: RoomEvent): void {
		switch (e.kind) {
			case "joined":
				this.participants.add(e.participant);
				this.watchVideo(e.participant);
				this.showParticipants();
				break;
			case "left":
				this.participants.delete(e.participant);
				this.unwatchVideo(e.participant);
				this.showParticipants();
				break;
			case "chat":
				this.addChat(
					{ participant: e.participant, ...e.message, group: String(e.group), object: String(e.object) },
					false,
				);
				break;
			case "clock": {
				const entry: ClockEntry = {
					text: e.message.text,
					sentAt: e.message.sentAt,
					receivedAt: Date.now(),
					group: String(e.group),
					object: String(e.object),
				};
				this.clock.push(entry);
				if (this.clock.length > MAX_SHOWN_MESSAGES) this.clock.shift();
				text("clock", entry.text.replace("T", " "));
				text(
					"clock-stats",
					`group ${entry.group} object ${entry.object}, ${entry.receivedAt - entry.sentAt} ms after sending`,
				);
				break;
			}
			case "subscribed":
				this.subscribed.push(e.participant === undefined ? e.track : `${e.participant}/${e.track}`);
				break;
			case "error":
				this.error(e.where, e.error);
				break;
		}
	}

	addChat(entry: ChatEntry, self: boolean): void {
		// Each message is a Group on its own stream, so a participant's messages can arrive out of
		// order; their Group IDs order them (draft-ietf-moq-transport-19 §2.3). A message goes
		// before the first one of the same participant with a larger Group ID.
		const group = BigInt(entry.group);
		const later = (participant: string | undefined, g: string | undefined) =>
			participant === entry.participant && g !== undefined && BigInt(g) > group;
		// Our own messages are shown, not recorded as received.
		if (!self) {
			const at = this.chat.findIndex((m) => later(m.participant, m.group));
			if (at < 0) this.chat.push(entry);
			else this.chat.splice(at, 0, entry);
		}
		const list = element("messages", HTMLOListElement);
		const item = document.createElement("li");
		item.dataset.participant = entry.participant;
		item.dataset.group = entry.group;
		if (self) item.className = "self";
		const from = document.createElement("span");
		from.className = "from";
		from.textContent = entry.from;
		const time = document.createElement("span");
		time.className = "muted";
		time.textContent = ` ${new Date(entry.sentAt).toLocaleTimeString()}`;
		item.append(from, entry.text, time);
		const next = [...list.children].find(
			(li) => li instanceof HTMLElement && later(li.dataset.participant, li.dataset.group),
		);
		list.insertBefore(item, next ?? null);
		while (list.childElementCount > MAX_SHOWN_MESSAGES) list.firstElementChild?.remove();
		list.scrollTop = list.scrollHeight;
	}

	watchVideo(participant: string): void {
		const session = this.session;
		if (session === undefined || this.viewers.has(participant)) return;
		const box = document.createElement("div");
		box.className = "video";
		box.dataset.participant = participant;
		const title = document.createElement("div");
		title.className = "video-title";
		title.textContent = participant;
		const canvas = document.createElement("canvas");
		canvas.dataset.participant = participant;
		canvas.width = this.config.videoSettings.width;
		canvas.height = this.config.videoSettings.height;
		const stats = document.createElement("div");
		stats.className = "stats";
		stats.textContent = "no video";
		box.append(title, canvas, stats);
		element("remotes", HTMLDivElement).append(box);
		let shown = 0;
		const viewer = new VideoViewer(session, participantNamespace(this.config.room, participant), {
			canvas,
			onUpdate: (s) => {
				// The text at most every 100 ms; the frames at their pace.
				const now = performance.now();
				if (now - shown < 100) return;
				shown = now;
				stats.textContent = describeViewer(s);
			},
			onError: (where, error) => this.error(`${participant}: ${where}`, error),
		});
		this.viewers.set(participant, { viewer, element: box });
	}

	unwatchVideo(participant: string): void {
		const entry = this.viewers.get(participant);
		if (entry === undefined) return;
		entry.viewer.close();
		entry.element.remove();
		this.viewers.delete(participant);
	}

	wireControls(): void {
		const form = element("send", HTMLFormElement);
		const input = element("text", HTMLInputElement);
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			const message = input.value.trim();
			if (message === "") return;
			input.value = "";
			this.send(message).catch((e: unknown) => this.error("sending", e));
		});
		const button = element("publish", HTMLButtonElement);
		button.disabled = false;
		button.addEventListener("click", () => {
			button.disabled = true;
			const action = this.media?.publishing === true ? this.stopVideo() : this.startVideo();
			action.catch((e: unknown) => this.error("video", e)).finally(() => (button.disabled = false));
		});
		setInterval(() => this.showPublishing(), 500);
	}

	showPublishing(): void {
		const media = this.media;
		element("publish", HTMLButtonElement).textContent = media?.publishing === true ? "Stop video" : "Publish video";
		const s = media?.stats;
		text(
			"publish-stats",
			s === undefined || s.frames === 0
				? "not publishing"
				: `${media?.publishing === true ? "publishing" : "stopped"} ${s.codec}\n${s.frames} frames in ${s.groups} groups, ${Math.round(s.bytes / 1024)} KiB`,
		);
	}

	showParticipants(): void {
		const list = element("participants", HTMLUListElement);
		list.replaceChildren(
			...[...this.participants].sort().map((p) => {
				const item = document.createElement("li");
				item.textContent = p;
				return item;
			}),
		);
	}

	setStatus(status: DemoState["status"], message: string): void {
		this.status = status;
		const el = element("status", HTMLSpanElement);
		el.dataset.state = status;
		el.textContent = message;
	}

	error(where: string, error: unknown): void {
		const line = `${where}: ${describe(error)}`;
		this.errors.push(line);
		console.warn(line);
		const box = element("errors", HTMLDivElement);
		box.textContent = this.errors.slice(-5).join("\n");
	}
}

function describeViewer(s: ViewerStats): string {
	if (s.noCatalog) return "no media (no catalog track)";
	if (s.track === undefined) return s.catalogs === 0 ? "no catalog yet" : "no video in the catalog";
	return `${s.codec} ${describeStats(s.stats)}\n${s.drawn} frames drawn of ${s.received} received`;
}

function describeStats(s: StatsSnapshot | undefined): string {
	if (s === undefined) return "";
	const latency = s.latencyMs === undefined ? "–" : `${Math.round(s.latencyMs)} ms`;
	return `${s.objectsPerSecond.toFixed(0)} objects/s, latency ${latency}`;
}

function describe(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function element<T extends HTMLElement>(id: string, type: new () => T): T {
	const el = document.getElementById(id);
	if (!(el instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
	return el;
}

function text(id: string, value: string): void {
	const el = document.getElementById(id);
	if (el !== null) el.textContent = value;
}

function serverConfig(): ServerConfig {
	const json = document.getElementById(CONFIG_ELEMENT_ID)?.textContent;
	if (json === undefined || json === null)
		throw new Error("the page was not served by the demo server (no configuration)");
	return JSON.parse(json) as ServerConfig;
}

function randomName(): string {
	return `tab-${Math.random().toString(36).slice(2, 7)}`;
}

const page = new DemoPage(pageConfig(serverConfig(), new URLSearchParams(location.search), randomName));
window.demo = {
	state: () => page.state(),
	send: (message) => page.send(message),
	startVideo: () => page.startVideo(),
	stopVideo: () => page.stopVideo(),
	leave: () => page.leave(),
	close: () => page.close(),
};
page.start().catch((error: unknown) => page.error("starting", error));
// Leaving says goodbye (withdraws the namespace, ends the watch) rather than just dropping the connection.
addEventListener("pagehide", () => void page.close().catch(() => undefined));
