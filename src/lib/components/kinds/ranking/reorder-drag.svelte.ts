import { autoScroll } from '$lib/client/auto-scroll';

/**
 * Where a dragged item belongs in a list: the number of the other items (`[data-item]` children
 * of `list`) whose middle lies above the pointer.
 */
export function indexAt(list: HTMLElement, y: number, draggingId: string): number {
	let index = 0;
	for (const item of list.querySelectorAll<HTMLElement>(':scope > [data-item]')) {
		if (item.dataset.item === draggingId) continue;
		const box = item.getBoundingClientRect();
		if (box.top + box.height / 2 < y) index++;
	}
	return index;
}

/**
 * Pointer drag for putting a list in order: mouse, pen and touch alike (the grip needs
 * `touch-action: none`). The item moves as the pointer moves, so the list always shows where it
 * would land. Near the edge of the page (or a scroll area) the drag scrolls it. Keyboard users
 * move items with buttons; this serves pointers only.
 *
 * The board's card drag (client/card-drag.svelte.ts) drops onto a card, to stack or to go before
 * it; a list in order needs a place between items instead, so this is its own small handler.
 */
export class ReorderDrag {
	#dragging = $state<string>();
	readonly #list: () => HTMLElement | undefined;
	readonly #move: (id: string, index: number) => void;
	readonly #done: (id: string) => void;

	/**
	 * @param list the list element, whose `[data-item]` children are the items
	 * @param move puts the item at a new index (the list re-renders)
	 * @param done the drag ended with the item where it is now
	 */
	constructor(
		list: () => HTMLElement | undefined,
		move: (id: string, index: number) => void,
		done: (id: string) => void
	) {
		this.#list = list;
		this.#move = move;
		this.#done = done;
	}

	/** The item being dragged, if any. */
	get dragging(): string | undefined {
		return this.#dragging;
	}

	/** Starts dragging from a pointerdown on an item's grip. */
	start(event: PointerEvent, id: string): void {
		if (event.button !== 0 || this.#dragging) return;
		event.preventDefault();
		const origin = event.currentTarget instanceof Element ? event.currentTarget : document.body;
		this.#dragging = id;
		let x = event.clientX;
		let y = event.clientY;
		let frame = 0;
		const aim = (): void => {
			const list = this.#list();
			if (list) this.#move(id, indexAt(list, y, id));
		};
		const step = (): void => {
			frame = autoScroll(x, y, origin) ? requestAnimationFrame(step) : 0;
			aim();
		};
		const onMove = (e: PointerEvent): void => {
			x = e.clientX;
			y = e.clientY;
			aim();
			if (!frame) frame = requestAnimationFrame(step);
		};
		const onEnd = (): void => {
			cancelAnimationFrame(frame);
			window.removeEventListener('pointermove', onMove);
			window.removeEventListener('pointerup', onEnd);
			window.removeEventListener('pointercancel', onEnd);
			this.#dragging = undefined;
			this.#done(id);
		};
		window.addEventListener('pointermove', onMove);
		window.addEventListener('pointerup', onEnd);
		window.addEventListener('pointercancel', onEnd);
	}
}
