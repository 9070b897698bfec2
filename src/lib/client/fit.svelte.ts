/**
 * Makes the projector's content fit its screen, whatever the screen and however much content:
 * the stage's font size is the largest between a readable minimum and a maximum at which nothing
 * overflows (everything on the stage is sized in em); when even the minimum overflows, the lists
 * marked as pageable show as many items as fit and rotate through the rest on their own.
 *
 * Measuring is synchronous layout reads between style writes, all in one task: the room never
 * sees the sizes tried.
 */

/** How long a page shows before the next one, in milliseconds. */
export const PAGE_MS = 10_000;

interface Bounds {
	/** Font sizes in px, from the stage's size. */
	min: (stage: HTMLElement) => number;
	max: (stage: HTMLElement) => number;
}

/** A list that can show its items a page at a time. */
interface Pager {
	/** Shows every item (for measuring the whole). */
	showAll: () => void;
	/** Splits the items into pages that fit the list's frame, and shows the current one. */
	paginate: () => void;
}

export class Fitter {
	/** Whether the content did not fit at the minimum size and pages now rotate. */
	paging = $state(false);
	// Not state: the pagers on the stage, which the fit drives directly.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #pagers = new Set<Pager>();
	readonly #bounds: Bounds;
	#stage: HTMLElement | undefined;
	#scheduled = 0;

	constructor(bounds: Bounds) {
		this.#bounds = bounds;
	}

	/** Attachment for the stage: the element whose content must fit its box. */
	stage = (element: HTMLElement): (() => void) => {
		this.#stage = element;
		const resize = new ResizeObserver(() => this.schedule());
		resize.observe(element);
		// Content that changes (a vote, a card) may no longer fit. Attributes are left out: the
		// pagers' own page turns are attribute changes and must not start a new fit.
		const mutations = new MutationObserver(() => this.schedule());
		mutations.observe(element, { childList: true, subtree: true, characterData: true });
		this.schedule();
		return () => {
			resize.disconnect();
			mutations.disconnect();
			cancelAnimationFrame(this.#scheduled);
			this.#stage = undefined;
		};
	};

	/** Attachment for a pageable list: its element children are the items. */
	pager =
		(onPage: (page: number, pages: number) => void) =>
		(list: HTMLElement): (() => void) => {
			const pager = new ListPager(list, onPage);
			this.#pagers.add(pager);
			this.schedule();
			return () => {
				pager.stop();
				this.#pagers.delete(pager);
			};
		};

	schedule(): void {
		// Said on the stage for whoever must wait for the fit (the e2e run, before a screenshot).
		if (this.#stage) this.#stage.dataset.fit = 'pending';
		cancelAnimationFrame(this.#scheduled);
		this.#scheduled = requestAnimationFrame(() => this.fit());
	}

	/** Finds the size, and pages when the smallest does not fit. Safe to call at any time. */
	fit(): void {
		const stage = this.#stage;
		if (!stage || !stage.isConnected) return;
		for (const pager of this.#pagers) pager.showAll();
		stage.classList.remove('paging');
		const min = this.#bounds.min(stage);
		const max = Math.max(min, this.#bounds.max(stage));
		const fitsAt = (px: number): boolean => {
			stage.style.fontSize = `${px}px`;
			return fits(stage);
		};
		let best: number;
		if (fitsAt(max)) best = max;
		else if (fitsAt(min)) {
			let lo = min;
			let hi = max;
			// Half a pixel is finer than anyone can see on a wall.
			while (hi - lo > 0.5) {
				const mid = (lo + hi) / 2;
				if (fitsAt(mid)) lo = mid;
				else hi = mid;
			}
			best = lo;
		} else {
			stage.style.fontSize = `${min}px`;
			stage.classList.add('paging');
			for (const pager of this.#pagers) pager.paginate();
			this.paging = true;
			fitted(stage);
			return;
		}
		stage.style.fontSize = `${best}px`;
		for (const pager of this.#pagers) pager.paginate();
		this.paging = false;
		fitted(stage);
	}
}

/** Marks the stage as fitted to its present size. */
function fitted(stage: HTMLElement): void {
	stage.dataset.fit = `${stage.clientWidth}x${stage.clientHeight}`;
}

/** Whether nothing in the stage overflows: the stage itself, and any scrolling region in it. */
function fits(stage: HTMLElement): boolean {
	if (stage.scrollHeight > stage.clientHeight + 1 || stage.scrollWidth > stage.clientWidth + 1) {
		return false;
	}
	for (const region of stage.querySelectorAll<HTMLElement>('[data-fit-watch]')) {
		if (region.scrollWidth > region.clientWidth + 1) return false;
		if (region.scrollHeight > region.clientHeight + 1) return false;
	}
	return true;
}

/**
 * Pages a list: the items that fit its frame (the nearest `[data-pager-frame]`, or the list) show,
 * the others are hidden, and the pages turn every PAGE_MS.
 */
class ListPager implements Pager {
	#pages: number[][] = [];
	#page = 0;
	#timer: ReturnType<typeof setInterval> | undefined;

	constructor(
		private readonly list: HTMLElement,
		private readonly onPage: (page: number, pages: number) => void
	) {}

	showAll(): void {
		for (const item of this.items()) item.hidden = false;
	}

	paginate(): void {
		this.showAll();
		const items = this.items();
		const frame = this.list.closest<HTMLElement>('[data-pager-frame]') ?? this.list;
		const first = items[0];
		if (!first) {
			this.#setPages([]);
			return;
		}
		const room = frame.getBoundingClientRect().bottom - first.getBoundingClientRect().top;
		const last = items.at(-1)!.getBoundingClientRect().bottom;
		if (last - first.getBoundingClientRect().top <= room) {
			this.#setPages([items.map((_, i) => i)]);
			return;
		}
		// Pages leave room for the line that says which page shows.
		const reserve = Number.parseFloat(getComputedStyle(frame).fontSize) * 1.8;
		this.#setPages(this.#split(items, room - reserve));
	}

	stop(): void {
		clearInterval(this.#timer);
	}

	#split(items: HTMLElement[], room: number): number[][] {
		const pages: number[][] = [];
		let page: number[] = [];
		let top = items[0]!.getBoundingClientRect().top;
		items.forEach((item, index) => {
			const box = item.getBoundingClientRect();
			if (page.length > 0 && box.bottom - top > room) {
				pages.push(page);
				page = [];
				top = box.top;
			}
			page.push(index);
		});
		pages.push(page);
		return pages;
	}

	#setPages(pages: number[][]): void {
		this.#pages = pages;
		if (this.#page >= pages.length) this.#page = 0;
		clearInterval(this.#timer);
		if (pages.length > 1) {
			this.#timer = setInterval(() => {
				this.#page = (this.#page + 1) % this.#pages.length;
				this.#show();
			}, PAGE_MS);
		}
		this.#show();
	}

	#show(): void {
		const visible = new Set(this.#pages[this.#page] ?? []);
		this.items().forEach((item, index) => {
			item.hidden = this.#pages.length > 1 && !visible.has(index);
		});
		this.onPage(this.#page, this.#pages.length);
	}

	private items(): HTMLElement[] {
		return [...this.list.children].filter((c): c is HTMLElement => c instanceof HTMLElement);
	}
}
