/**
 * Test support: carries media objects the way a MoQT publisher and subscriber would, but in
 * memory. Each Group goes on a subgroup stream of its own (draft-ietf-moq-transport-19 §11.4.2
 * "Subgroup Header"; draft-ietf-moq-loc §4.2 "one unidirectional QUIC stream ... within a MOQT
 * group"), written with `@moqt/wire`'s SubgroupStreamEncoder and read back with its
 * DataStreamDecoder, so the LOC properties cross the real Object Properties encoding.
 *
 * @module
 */

import { DataStreamDecoder, type Draft, isEndOfRange, SubgroupStreamEncoder, Writer } from "@moqt/wire";
import type { MediaObject } from "../../src/media/media-object.js";

/** A loopback of subgroup streams, one per Group, for one track. */
export class SubgroupLoopback {
	private readonly draft: Draft;
	private stream: { group: bigint; encoder: SubgroupStreamEncoder; decoder: DataStreamDecoder } | undefined;
	private readonly writer = new Writer(1024);

	constructor(draft: Draft) {
		this.draft = draft;
	}

	/** Sends one object and returns what the receiving side decoded of the bytes so far. */
	send(o: MediaObject): MediaObject[] {
		const w = this.writer.reset();
		if (this.stream?.group !== o.group) {
			this.stream?.decoder.end();
			const encoder = new SubgroupStreamEncoder(
				{
					type: "SUBGROUP_HEADER",
					trackAlias: 1n,
					groupId: o.group,
					subgroupId: 0n,
					publisherPriority: 128,
					hasProperties: true,
					endOfGroup: false,
				},
				this.draft,
			);
			encoder.writeHeader(w);
			this.stream = { group: o.group, encoder, decoder: new DataStreamDecoder(this.draft) };
		}
		this.stream.encoder.writeObject(w, {
			groupId: o.group,
			objectId: o.object,
			properties: o.properties,
			payload: o.payload,
		});
		return this.stream.decoder.push(w.finish()).objects.map((m) => {
			if (isEndOfRange(m)) throw new Error("an End of Range marker on a subgroup stream");
			return { group: m.groupId, object: m.objectId, properties: m.properties ?? [], payload: m.payload };
		});
	}
}
