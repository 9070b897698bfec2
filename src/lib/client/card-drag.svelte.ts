import { autoScroll } from './auto-scroll';

/** Where a dragged card would land: at the end of a cluster, before a card, or on its stack. */
export type DropTarget = { kind: 'cluster' | 'before' | 'stack'; id: string };

/**
 * What lies under a point: a card (its top 30% means "before it", the rest "stack on it"), or a
 * cluster. Drop zones are marked with `data-drop-card` and `data-drop-cluster`.
 */
export function dropTargetAt(x: number, y: number, draggingId: string): DropTarget | undefined {
	const element = document.elementFromPoint(x, y) as HTMLElement | null;
	const cardElement = element?.closest<HTMLElement>('[data-drop-card]');
	const cardId = cardElement?.dataset.dropCard;
	if (cardElement && cardId && cardId !== draggingId) {
		const rect = cardElement.getBoundingClientRect();
		return { kind: y < rect.top + rect.height * 0.3 ? 'before' : 'stack', id: cardId };
	}
	const cluster = element?.closest<HTMLElement>('[data-drop-cluster]')?.dataset.dropCluster;
	return cluster ? { kind: 'cluster', id: cluster } : undefined;
}

/**
 * Pointer drag and drop for cards: mouse, pen and touch alike (the handle needs
 * `touch-action: none`). Keyboard users move cards another way; this only serves pointers.
 */
export class CardDrag {
	#dragging = $state<string>();
	#hint = $state<DropTarget>();
	readonly #onDrop: (cardId: string, target: DropTarget) => void;

	constructor(onDrop: (cardId: string, target: DropTarget) => void) {
		this.#onDrop = onDrop;
	}

	/** The card being dragged, if any. */
	get dragging(): string | undefined {
		return this.#dragging;
	}

	/** Where the card would land if dropped now. */
	get hint(): DropTarget | undefined {
		return this.#hint;
	}

	/**
	 * Starts dragging from a pointerdown on a card's handle. Near the edge of a scroll area (the
	 * columns, a column's list, the page) the drag scrolls it, frame by frame while the pointer
	 * stays there; whatever scrolls, the drop target is found again under the pointer.
	 */
	start(event: PointerEvent, cardId: string): void {
		if (event.button !== 0) return;
		event.preventDefault();
		const origin = event.currentTarget instanceof Element ? event.currentTarget : document.body;
		this.#dragging = cardId;
		let x = event.clientX;
		let y = event.clientY;
		let frame = 0;
		const aim = (): void => {
			this.#hint = dropTargetAt(x, y, cardId);
		};
		const step = (): void => {
			frame = autoScroll(x, y, origin) ? requestAnimationFrame(step) : 0;
		};
		const onMove = (e: PointerEvent): void => {
			x = e.clientX;
			y = e.clientY;
			aim();
			if (!frame) frame = requestAnimationFrame(step);
		};
		const onEnd = (e: PointerEvent): void => {
			cancelAnimationFrame(frame);
			window.removeEventListener('pointermove', onMove);
			window.removeEventListener('pointerup', onEnd);
			window.removeEventListener('pointercancel', onEnd);
			window.removeEventListener('scroll', aim, true);
			const target =
				e.type === 'pointerup' ? dropTargetAt(e.clientX, e.clientY, cardId) : undefined;
			this.#dragging = undefined;
			this.#hint = undefined;
			if (target) this.#onDrop(cardId, target);
		};
		window.addEventListener('pointermove', onMove);
		window.addEventListener('pointerup', onEnd);
		window.addEventListener('pointercancel', onEnd);
		// Scroll events do not bubble; caught on the way down, they come from every scroll area.
		window.addEventListener('scroll', aim, { capture: true, passive: true });
	}
}
