/**
 * The session's own data-plane cost, without a network: a publisher and a subscriber session in
 * this process on `@moqt/transport/memory`, bulk 4 KiB objects on one subgroup stream, as in the
 * two-process runs. CPU time per object (both sessions together, plus the in-memory pair's copy)
 * barely depends on what else the machine runs, unlike throughput; it tracks the cost MoQT adds.
 *
 * @module
 */

import { establishSession } from "@moqt/session";
import { createMemoryPair } from "@moqt/transport/memory";
import { MOQT } from "./transports.js";

/** What one in-process run measured. */
export interface InProcessResult {
	readonly objectsPerSecond: number;
	/** CPU time (user + system) per object, µs. */
	readonly cpuMicrosPerObject: number;
}

/** `count` objects from a publisher session to a subscriber session, `repeats` times: the run of median CPU cost. */
export async function inProcess(count: number, repeats: number): Promise<InProcessResult> {
	const [clientTransport, serverTransport] = createMemoryPair({ protocol: MOQT });
	const [subscriber, publisher] = await Promise.all([
		establishSession(clientTransport, { role: "client" }),
		establishSession(serverTransport, { role: "server" }),
	]);
	const payload = new Uint8Array(4096).fill(0x5a);
	publisher.handlers.onSubscribe = async (request) => {
		const track = request.accept();
		const subgroup = track.openSubgroup({ groupId: 0n, subgroupId: 0n });
		for (let i = 0; i < count; i++) await subgroup.writeObject({ objectId: BigInt(i), payload });
		await subgroup.end();
		track.close();
	};
	const results: InProcessResult[] = [];
	try {
		for (let run = 0; run < repeats; run++) {
			const start = performance.now();
			const cpu = process.cpuUsage();
			const subscription = await subscriber.subscribe(
				[new TextEncoder().encode("bench")],
				new TextEncoder().encode(`run/${run}`),
			);
			let received = 0;
			for await (const _ of subscription) if (++received === count) break;
			const used = process.cpuUsage(cpu);
			const seconds = (performance.now() - start) / 1000;
			results.push({ objectsPerSecond: count / seconds, cpuMicrosPerObject: (used.user + used.system) / count });
		}
	} finally {
		await subscriber.close();
	}
	results.sort((a, b) => a.cpuMicrosPerObject - b.cpuMicrosPerObject);
	const median = results[Math.floor(results.length / 2)];
	if (median === undefined) throw new Error("no runs");
	return median;
}
