import * as Y from 'yjs';
import { isXmlSafe } from '../src/lib/intents/clean-text.ts';
import { coEditedTextLimit } from '../src/lib/model/co-edited.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';

/** Why an update was refused: the close code its socket gets, and a reason for the log. */
export interface Refusal {
	code: CloseCode;
	reason: string;
}

type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** How far past its field's limit a co-edited text may grow (see #checkGrowth). */
export const TEXT_SLACK = 2;

const isRefusal = (value: unknown): value is Refusal =>
	typeof value === 'object' && value !== null && 'code' in value;

/** Where a new item would land: in a text (with its limit), or nowhere visible (it is dropped). */
type Landing = { text: Y.Text; limit: number } | 'nowhere';

/**
 * Decides, before anything is applied, whether a facilitator's Yjs update only edits co-edited
 * texts (see src/lib/model/co-edited.ts). Yjs has no rollback, so the check reads the update's
 * structs and delete set against the room's doc instead of applying and looking:
 *
 * - every new item must be a piece of plain text (or the tombstone of one) that lands in a
 *   co-edited text, found through its left or right neighbour or its explicit parent, as Yjs
 *   itself would find it; an item whose neighbour or parent was garbage-collected or deleted
 *   is integrated as deleted by Yjs, so it may land "nowhere";
 * - every deletion must hit only items of co-edited texts (or what is deleted already: a
 *   client's sync step 2 repeats the whole delete set of its document);
 * - nothing may depend on structs the server does not have (Yjs would keep them pending and
 *   apply them later, unchecked), nor claim the server's own client id;
 * - the texts stay within their length limits and hold only characters XML allows, and the
 *   update is within `maxBytes`.
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
	try {
		decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
	} catch {
		return { code: CloseCode.malformedMessage, reason: 'undecodable update' };
	}
	return new UpdateCheck(doc, decoded.structs).run(decoded.ds);
}

const refused = (reason: string): Refusal => ({ code: CloseCode.updateRefused, reason });

class UpdateCheck {
	readonly #doc: Y.Doc;
	/** The update's structs by client, in clock order. */
	readonly #byClient = new Map<number, Struct[]>();
	/** Per client: how far the server's structs together with the update's reach. */
	readonly #reach = new Map<number, number>();
	readonly #landings = new Map<Y.Item, Landing | Refusal>();
	/** Characters each touched text gains (inserted) and loses (deleted), to check its limit. */
	readonly #growth = new Map<Y.Text, { limit: number; delta: number }>();

	constructor(doc: Y.Doc, structs: Struct[]) {
		this.#doc = doc;
		for (const struct of structs) {
			const list = this.#byClient.get(struct.id.client);
			if (list) list.push(struct);
			else this.#byClient.set(struct.id.client, [struct]);
		}
	}

	run(ds: DeleteSet): Refusal | undefined {
		return (
			this.#checkReach() ?? this.#checkStructs() ?? this.#checkDeletes(ds) ?? this.#checkGrowth()
		);
	}

	/** Each client's new structs must follow on from what the server has, without gaps. */
	#checkReach(): Refusal | undefined {
		for (const [client, structs] of this.#byClient) {
			let reach = Y.getState(this.#doc.store, client);
			for (const struct of structs) {
				if (struct instanceof Y.Skip) continue;
				if (struct.id.clock > reach) return refused('update depends on missing structs');
				reach = Math.max(reach, struct.id.clock + struct.length);
			}
			if (client === this.#doc.clientID && reach > Y.getState(this.#doc.store, client)) {
				return refused("update claims the server's client id");
			}
			this.#reach.set(client, reach);
		}
		return undefined;
	}

	#checkStructs(): Refusal | undefined {
		for (const [client, structs] of this.#byClient) {
			const known = Y.getState(this.#doc.store, client);
			for (const struct of structs) {
				// Structs the server has already are skipped by Yjs; GC and Skip carry no content.
				if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= known) continue;
				const problem = this.#checkItem(struct);
				if (problem) return problem;
			}
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

	/** Where an item of the update lands, as Yjs's Item.getMissing decides it (memoised). */
	#land(item: Y.Item): Landing | Refusal {
		const cached = this.#landings.get(item);
		if (cached) return cached;
		const landing = this.#landUncached(item);
		this.#landings.set(item, landing);
		return landing;
	}

	#landUncached(item: Y.Item): Landing | Refusal {
		if (item.origin || item.rightOrigin) {
			const left = item.origin ? this.#neighbour(item.origin) : undefined;
			const right = item.rightOrigin ? this.#neighbour(item.rightOrigin) : undefined;
			if (isRefusal(left)) return left;
			if (isRefusal(right)) return right;
			// Yjs drops an item next to a garbage-collected struct, and takes the parent (and the
			// map key) from the left neighbour if there is one, else from the right.
			if (left === 'gc' || right === 'gc') return 'nowhere';
			if (left && right && !sameText(left, right)) {
				return refused('update straddles two types');
			}
			return (left ?? right)!;
		}
		const parent = item.parent;
		if (typeof parent === 'string' || !(parent instanceof Y.ID)) {
			return refused('update writes a top-level type');
		}
		if (item.parentSub !== null) return refused('update writes a map entry');
		const owner = this.#struct(parent);
		if (owner === undefined) return refused('update depends on missing structs');
		if (!(owner instanceof Y.Item)) return 'nowhere';
		if (!(owner.content instanceof Y.ContentType)) return refused('update writes into content');
		return this.#inType(owner.content.type, owner);
	}

	/** Where an item next to `id` lands: 'gc' when that neighbour is garbage. */
	#neighbour(id: Y.ID): Landing | 'gc' | Refusal {
		const struct = this.#struct(id);
		if (struct === undefined) return refused('update depends on missing structs');
		if (!(struct instanceof Y.Item)) return 'gc';
		if (this.#isNew(struct)) return this.#land(struct);
		if (struct.parentSub !== null) return refused('update writes a map entry');
		const parent = struct.parent;
		if (!(parent instanceof Y.AbstractType)) return 'gc';
		return this.#inType(parent, parent._item);
	}

	/** A landing in `type`: fine if it is a co-edited text, or deleted (Yjs deletes the item). */
	#inType(type: Y.AbstractType<unknown>, owner: Y.Item | null): Landing | Refusal {
		if (owner && this.#isNew(owner)) return refused('update creates a shared type');
		if (owner?.deleted) return 'nowhere';
		const limit = coEditedTextLimit(this.#doc, type);
		if (limit === undefined || !(type instanceof Y.Text)) {
			return refused('update touches what only intents change');
		}
		return { text: type, limit };
	}

	#isNew(struct: Struct): boolean {
		return struct.id.clock + struct.length > Y.getState(this.#doc.store, struct.id.client);
	}

	/** The struct holding `id`: the server's if it has it, else the update's; undefined if none. */
	#struct(id: Y.ID): Struct | undefined {
		if (id.clock < Y.getState(this.#doc.store, id.client)) {
			const structs = this.#doc.store.clients.get(id.client);
			return structs?.[Y.findIndexSS(structs, id.clock)];
		}
		const structs = this.#byClient.get(id.client) ?? [];
		const found = structs.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
		return found instanceof Y.Skip ? undefined : found;
	}

	/**
	 * Deletions may remove only text of co-edited texts. Ranges the server has already deleted
	 * pass (a sync step 2 carries the client's whole delete set); ranges beyond what the server
	 * and the update hold are refused, since Yjs would keep them and apply them later to
	 * whatever then takes those ids.
	 */
	#checkDeletes(ds: DeleteSet): Refusal | undefined {
		for (const [client, ranges] of ds.clients) {
			const known = Y.getState(this.#doc.store, client);
			const reach = this.#reach.get(client) ?? known;
			const structs = this.#doc.store.clients.get(client);
			for (const { clock, len } of ranges) {
				const end = clock + len;
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
