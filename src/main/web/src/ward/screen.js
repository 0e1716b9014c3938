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
   * Checks now (one layout) which of `keys` are on screen, for tiles just moved by a new urgency order: the
   * observer would only say so after the frame, and a tile moved to the top must not show an old picture there
   * for a frame. Returns the keys found on screen (and counts them as visible).
   */
  reveal(keys, elementOf) {
    const found = [];
    if (keys.size === 0) return found;
    const h = window.innerHeight;
    const m = h * MARGIN;
    for (const key of keys) {
      const r = elementOf(key).getBoundingClientRect();
      if (r.width > 0 && r.bottom > -m && r.top < h + m) {
        this.visible.add(key);
        found.push(key);
      }
    }
    return found;
  }
}
