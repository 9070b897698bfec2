/**
 * Scrolling while a card is dragged: a board wider or longer than the screen must still let a
 * card reach every column and every place in a long column (issue 12).
 */

/** How deep (px) the band along an edge is in which the pointer scrolls. */
export const EDGE_ZONE = 56;
/** The fastest scroll, in px per animation frame (about 1,000 px a second at 60 Hz). */
export const MAX_SPEED = 18;

/**
 * How far to scroll along one axis, in px per frame, for a pointer at `at` over a scroll area
 * from `start` to `end`: negative in the band along the start, positive along the end, faster
 * the deeper in, full speed just outside (a pointer a little past the edge still wants to go
 * on) and zero further out or in the middle. The band is at most a quarter of the area, so a
 * small area keeps a middle where it holds still.
 */
export function edgeSpeed(
	at: number,
	start: number,
	end: number,
	zone = EDGE_ZONE,
	max = MAX_SPEED
): number {
	const band = Math.min(zone, (end - start) / 4);
	if (band <= 0) return 0;
	const speed = (depth: number) => Math.max(1, Math.round(max * Math.min(1, depth / band)));
	if (at < start - band || at > end + band) return 0;
	if (at < start + band) return -speed(start + band - at);
	if (at > end - band) return speed(at - (end - band));
	return 0;
}

type Axis = 'x' | 'y';

/** The part of an element's box inside the window, or the window itself for the page. */
function visibleBox(element: Element): DOMRect {
	const view = new DOMRect(0, 0, innerWidth, innerHeight);
	if (element === document.scrollingElement) return view;
	const box = element.getBoundingClientRect();
	const left = Math.max(box.left, view.left);
	const top = Math.max(box.top, view.top);
	return new DOMRect(
		left,
		top,
		Math.min(box.right, view.right) - left,
		Math.min(box.bottom, view.bottom) - top
	);
}

function scrollsAlong(element: Element, axis: Axis): boolean {
	const overflow = getComputedStyle(element)[axis === 'x' ? 'overflowX' : 'overflowY'];
	const room =
		axis === 'x'
			? element.scrollWidth > element.clientWidth
			: element.scrollHeight > element.clientHeight;
	return room && (element === document.scrollingElement || /auto|scroll/.test(overflow));
}

function canScroll(element: Element, axis: Axis, direction: number): boolean {
	const position = axis === 'x' ? element.scrollLeft : element.scrollTop;
	const limit =
		axis === 'x'
			? element.scrollWidth - element.clientWidth
			: element.scrollHeight - element.clientHeight;
	return direction < 0 ? position > 0 : position < limit - 1;
}

/** Scroll areas from `element` outwards. */
function* scrollAreas(element: Element | null): Generator<Element> {
	for (let at = element; at; at = at.parentElement) {
		if (at !== document.scrollingElement && (scrollsAlong(at, 'x') || scrollsAlong(at, 'y'))) {
			yield at;
		}
	}
}

/**
 * Scrolls, by one frame's worth, the innermost area along each axis whose edge the pointer at
 * (x, y) is near and that can still go that way: the areas under the pointer, then those around
 * where the drag began (the pointer may have left the board past its edge), then the page.
 * Returns whether anything scrolled, so the caller knows to go on next frame.
 */
export function autoScroll(x: number, y: number, origin: Element): boolean {
	const page = document.scrollingElement ?? document.documentElement;
	const areas = new Set([...scrollAreas(document.elementFromPoint(x, y)), ...scrollAreas(origin)]);
	areas.add(page);
	let scrolled = false;
	for (const axis of ['x', 'y'] as const) {
		for (const area of areas) {
			if (!scrollsAlong(area, axis)) continue;
			const box = visibleBox(area);
			// Only the area the pointer is level with: a column's list scrolls for a pointer over
			// that column, not over its neighbour.
			const across =
				axis === 'x' ? y >= box.top && y <= box.bottom : x >= box.left && x <= box.right;
			if (!across) continue;
			const speed =
				axis === 'x' ? edgeSpeed(x, box.left, box.right) : edgeSpeed(y, box.top, box.bottom);
			if (speed === 0 || !canScroll(area, axis, speed)) continue;
			if (area === page) window.scrollBy(axis === 'x' ? speed : 0, axis === 'y' ? speed : 0);
			else area.scrollBy(axis === 'x' ? speed : 0, axis === 'y' ? speed : 0);
			scrolled = true;
			break;
		}
	}
	return scrolled;
}
