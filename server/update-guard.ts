import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { isXmlSafe } from '../src/lib/intents/clean-text.ts';
import { coEditedTextLimit } from '../src/lib/model/co-edited.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { isServerClient } from './writers.ts';

/** Why an update was refused: the close code its socket gets, and a reason for the log. */
export interface Refusal {
	code: CloseCode;
	reason: string;
}

type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** How far past its field's limit a co-edited text may grow (see #checkGrowth). */
const TEXT_SLACK = 2;

/**
 * No clock in an update may reach this: a person types far fewer characters, and lengths near
 * 2^53 merge into numbers that no decoder reads back, which would leave a session unloadable.
 */
const MAX_CLOCK = 2 ** 40;

/** Where a new item would land: in a text (with its limit), or nowhere visible (it is dropped). */
type Landing = { text: Y.Text; limit: number } | 'nowhere';

const isRefusal = (value: unknown): value is Refusal =>
	typeof value === 'object' && value !== null && 'code' in value;

const refused = (reason: string): Refusal => ({ code: CloseCode.updateRefused, reason });

/**
 * Decides, before anything is applied, whether a facilitator's Yjs update only edits co-edited
 * texts (see src/lib/model/co-edited.ts). Yjs has no rollback, so the check reads the update's
 * structs and delete set against the room's doc instead of applying and looking. It accepts
 * only the shape a y-websocket client's own edits take, which keeps the check simple enough to
 * be sure of:
 *
 * - the structs of one client (the sender's own; everything else reaches a client through the
 *   server, which has it), in one section, contiguous, none empty, starting exactly where the
 *   server's state for that client ends (or wholly known, which Yjs skips), never under one of
 *   the server's own client ids (writers.ts), with every reference pointing to what the server
 *   has or to an earlier struct of the update; so Yjs integrates each struct where its left
 *   neighbour is, leaves nothing pending, and no dependency can loop;
 * - every new item a piece of plain text (or the tombstone of one) that lands in a co-edited
 *   text, found through its left or right neighbour or its explicit parent, as Yjs itself finds
 *   it; an item next to a garbage-collected or deleted neighbour is dropped by Yjs, so it may
 *   land "nowhere";
 * - a delete set of sorted, separate ranges that remove only text of co-edited texts (ranges the
 *   server has deleted already pass: a sync step 2 repeats the client's whole delete set), and
 *   nothing beyond what the server and the update hold;
 * - texts within twice their limit and XML-safe, clocks below MAX_CLOCK, the update within
 *   `maxBytes`.
 *
 * Any error while checking is a refusal too: the check must never be what fails a room.
 */
export function checkFacilitatorUpdate(
	doc: Y.Doc,
	update: Uint8Array,
	maxBytes: number
): Refusal | undefined {
	if (update.length > maxBytes) {
		return { code: CloseCode.tooLarge, reason: `update over ${maxBytes} bytes` };
	}
	let decoded: { structs: Struct[]; ds: DeleteSet };
	let sections: number;
	try {
		decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
		// decodeUpdate flattens the sections; Yjs keeps only the last one of a client.
		sections = decoding.readVarUint(decoding.createDecoder(update));
	} catch {
		return { code: CloseCode.malformedMessage, reason: 'undecodable update' };
	}
	try {
		return new UpdateCheck(doc, decoded.structs, sections).run(decoded.ds);
	} catch {
		return refused('update the server cannot make sense of');
	}
}

class UpdateCheck {
	readonly #doc: Y.Doc;
	readonly #structs: Struct[];
	readonly #sections: number;
	/** The client the update's structs belong to, and how far the server has it. */
	#client = -1;
	#known = 0;
	/** Where each new item of the update lands, by its clock (filled in clock order). */
	readonly #landings = new Map<number, Landing | 'gc'>();
	/** Characters each touched text gains (inserted) and loses (deleted), to check its limit. */
	readonly #growth = new Map<Y.Text, { limit: number; delta: number }>();

	constructor(doc: Y.Doc, structs: Struct[], sections: number) {
		this.#doc = doc;
		this.#structs = structs;
		this.#sections = sections;
	}

	run(ds: DeleteSet): Refusal | undefined {
		return (
			this.#checkShape() ?? this.#checkItems() ?? this.#checkDeletes(ds) ?? this.#checkGrowth()
		);
	}

	#checkShape(): Refusal | undefined {
		const structs = this.#structs;
		if (structs.length === 0) {
			return this.#sections === 0 ? undefined : refused('update with an empty section');
		}
		if (this.#sections !== 1) return refused('update with more than one section');
		this.#client = structs[0]!.id.client;
		this.#known = Y.getState(this.#doc.store, this.#client);
		if (isServerClient(this.#doc, this.#client)) {
			return refused("update claims one of the server's client ids");
		}
		let next = structs[0]!.id.clock;
		// Yjs skips what it has and integrates the rest from there: the structs must reach the
		// server's state without a gap and continue from exactly there, none straddling it.
		if (next > this.#known) return refused('update depends on missing structs');
		for (const struct of structs) {
			if (struct instanceof Y.Skip) return refused('update with a gap');
			if (struct.length <= 0) return refused('update with an empty struct');
			const { client, clock } = struct.id;
			if (client !== this.#client) return refused('update from more than one client');
			if (clock !== next) return refused('update with structs out of order');
			next = clock + struct.length;
			if (next > MAX_CLOCK) return refused('update with an impossible clock');
			if (clock < this.#known && next > this.#known) {
				return refused('update overlaps what the server has');
			}
		}
		return undefined;
	}

	/** How far the server's structs together with the update's reach, for `client`. */
	#reach(client: number): number {
		const known = Y.getState(this.#doc.store, client);
		if (client !== this.#client) return known;
		const last = this.#structs.at(-1)!;
		return Math.max(known, last.id.clock + last.length);
	}

	/** Walks the new structs in clock order, so every reference inside the update is resolved. */
	#checkItems(): Refusal | undefined {
		for (const struct of this.#structs) {
			if (struct.id.clock < this.#known) continue;
			if (struct instanceof Y.GC) {
				this.#landings.set(struct.id.clock, 'gc');
				continue;
			}
			const problem = this.#checkItem(struct as Y.Item);
			if (problem) return problem;
		}
		return undefined;
	}

	#checkItem(item: Y.Item): Refusal | undefined {
		const content = item.content;
		if (!(content instanceof Y.ContentString) && !(content instanceof Y.ContentDeleted)) {
			return refused('update inserts something other than text');
		}
		const landing = this.#land(item);
		if (isRefusal(landing)) return landing;
		this.#landings.set(item.id.clock, landing);
		if (landing === 'nowhere') return undefined;
		if (content instanceof Y.ContentString) {
			if (!isXmlSafe(content.str)) return refused('text with characters XML forbids');
			this.#grow(landing.text, landing.limit, content.str.length);
		}
		return undefined;
	}

	#grow(text: Y.Text, limit: number, by: number): void {
		const entry = this.#growth.get(text);
		if (entry) entry.delta += by;
		else this.#growth.set(text, { limit, delta: by });
	}

	/** Where an item of the update lands, as Yjs's Item.getMissing decides it. */
	#land(item: Y.Item): Landing | Refusal {
		if (item.origin || item.rightOrigin) {
			const left = item.origin ? this.#neighbour(item.origin, item) : undefined;
			const right = item.rightOrigin ? this.#neighbour(item.rightOrigin, item) : undefined;
			if (isRefusal(left)) return left;
			if (isRefusal(right)) return right;
			// Yjs drops an item next to a garbage-collected struct, and takes the parent (and the
			// map key) from the left neighbour if there is one, else from the right.
			if (left === 'gc' || right === 'gc') return 'nowhere';
			if (left && right && !sameText(left, right)) return refused('update straddles two types');
			return (left ?? right)!;
		}
		const parent = item.parent;
		if (!(parent instanceof Y.ID)) return refused('update writes a top-level type');
		if (item.parentSub !== null) return refused('update writes a map entry');
		if (parent.client === this.#client && parent.clock >= this.#known) {
			return refused('update creates a shared type');
		}
		const owner = this.#serverStruct(parent);
		if (owner === undefined) return refused('update depends on missing structs');
		if (!(owner instanceof Y.Item)) return 'nowhere';
		if (!(owner.content instanceof Y.ContentType)) return refused('update writes into content');
		return this.#inType(owner.content.type, owner);
	}

	/** Where an item next to `id` lands: 'gc' when that neighbour is garbage. */
	#neighbour(id: Y.ID, item: Y.Item): Landing | 'gc' | Refusal {
		if (id.client === this.#client && id.clock >= this.#known) {
			// A neighbour created in this update: it must come before the item, and then its
			// landing is known already (the walk goes in clock order).
			if (id.clock >= item.id.clock) return refused('update refers forward');
			const landing = this.#landingAt(id.clock);
			return landing ?? refused('update depends on missing structs');
		}
		const struct = this.#serverStruct(id);
		if (struct === undefined) return refused('update depends on missing structs');
		if (!(struct instanceof Y.Item)) return 'gc';
		if (struct.parentSub !== null) return refused('update writes a map entry');
		const parent = struct.parent;
		if (!(parent instanceof Y.AbstractType)) return 'gc';
		return this.#inType(parent, parent._item);
	}

	/** The landing of the update's struct holding `clock` (structs are contiguous, in order). */
	#landingAt(clock: number): Landing | 'gc' | undefined {
		let low = 0;
		let high = this.#structs.length - 1;
		while (low <= high) {
			const middle = (low + high) >> 1;
			const struct = this.#structs[middle]!;
			if (clock < struct.id.clock) high = middle - 1;
			else if (clock >= struct.id.clock + struct.length) low = middle + 1;
			else return this.#landings.get(struct.id.clock);
		}
		return undefined;
	}

	/** A landing in `type`: fine if it is a co-edited text, or deleted (Yjs deletes the item). */
	#inType(type: Y.AbstractType<unknown>, owner: Y.Item | null): Landing | Refusal {
		if (owner?.deleted) return 'nowhere';
		const limit = coEditedTextLimit(this.#doc, type);
		if (limit === undefined || !(type instanceof Y.Text)) {
			return refused('update touches what only intents change');
		}
		return { text: type, limit };
	}

	/** The server's struct holding `id`, or undefined if the server does not have it. */
	#serverStruct(id: Y.ID): Y.Item | Y.GC | undefined {
		if (id.clock >= Y.getState(this.#doc.store, id.client)) return undefined;
		const structs = this.#doc.store.clients.get(id.client);
		return structs?.[Y.findIndexSS(structs, id.clock)];
	}

	/**
	 * Deletions may remove only text of co-edited texts. Ranges must be sorted and separate (as
	 * Yjs writes them), so checking them is linear in the document. Ranges the server has deleted
	 * already pass (a sync step 2 carries the client's whole delete set); ranges beyond what the
	 * server and the update hold are refused, since Yjs would keep them and apply them later to
	 * whatever then takes those ids.
	 */
	#checkDeletes(ds: DeleteSet): Refusal | undefined {
		for (const [client, ranges] of ds.clients) {
			const known = Y.getState(this.#doc.store, client);
			const reach = this.#reach(client);
			const structs = this.#doc.store.clients.get(client);
			let previousEnd = -1;
			for (const { clock, len } of ranges) {
				const end = clock + len;
				if (len <= 0 || clock < previousEnd || end > MAX_CLOCK) {
					return refused('update with a malformed delete set');
				}
				previousEnd = end;
				if (end > reach) return refused('update deletes what does not exist');
				if (!structs || clock >= known) continue;
				for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
					const struct = structs[i]!;
					if (struct.id.clock >= Math.min(end, known)) break;
					if (!(struct instanceof Y.Item) || struct.deleted) continue;
					const parent = struct.parent;
					const limit =
						parent instanceof Y.AbstractType && struct.parentSub === null
							? coEditedTextLimit(this.#doc, parent)
							: undefined;
					if (limit === undefined || !(parent instanceof Y.Text)) {
						return refused('update deletes what only intents change');
					}
					const from = Math.max(clock, struct.id.clock);
					const to = Math.min(end, struct.id.clock + struct.length);
					if (struct.countable) this.#grow(parent, limit, -(to - from));
				}
			}
		}
		return undefined;
	}

	/**
	 * A text may not grow past twice its limit. The editors keep each person within the limit;
	 * two people typing into one field at once can pass it, and must not be cut off for that.
	 * A text over the cap (written before it existed) may still shrink.
	 */
	#checkGrowth(): Refusal | undefined {
		for (const [text, { limit, delta }] of this.#growth) {
			if (delta > 0 && text.length + delta > limit * TEXT_SLACK) {
				return refused(`text over ${limit * TEXT_SLACK} characters`);
			}
		}
		return undefined;
	}
}

const sameText = (a: Landing, b: Landing): boolean =>
	a === 'nowhere' || b === 'nowhere' || a.text === b.text;
