// Which tiles are on screen. The page draws only those: a tile off screen keeps its last drawing while the
// model (ward state, urgency order, summary, alarm sound) stays current, and it is drawn from the model when it
// comes into view. A wall of 1920 x 1080 shows about a dozen tiles, so a site of 500 channels at 1 Hz costs
// about a dozen tile drawings a second, not 500.

/** How far beyond the viewport a tile counts as on screen (a fraction of the viewport's height). */
const MARGIN = 0.25;

export class OnScreen {
  /** @param onEnter called with a tile's key when it comes into view (after the browser's layout) */
  constructor(onEnter) {
    this.visible = new Set();
    this.keys = new WeakMap(); // element -> key
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const key = this.keys.get(e.target);
        if (key === undefined) continue;
        if (e.isIntersecting) {
          if (!this.visible.has(key)) {
            this.visible.add(key);
            onEnter(key);
          }
        } else {
          this.visible.delete(key);
        }
      }
    }, { rootMargin: `${MARGIN * 100}% 0px` });
  }

  watch(key, element) {
    this.keys.set(element, key);
    this.observer.observe(element);
  }

  has(key) {
    return this.visible.has(key);
  }

  /**
   * Tiles a new urgency order put where the screen shows them (the top of each list, as many as are on screen now
   * and a few more) that are behind the model: the observer would only report them after this frame is painted,
   * and a tile moved to the top must not show an old picture there, even for a frame. No layout is forced; a wall
   * screen is not scrolled, and a tile moved into the middle of a scrolled page is drawn a frame later.
   */
  nearTop(order, behind) {
    const found = [];
    if (behind.size === 0) return found;
    const budget = this.visible.size + 8;
    for (const keys of [order.main, order.idle]) {
      for (let i = 0; i < keys.length && i < budget; i++) {
        if (behind.has(keys[i])) found.push(keys[i]);
      }
    }
    return found;
  }
}
