// The extension's limits, in one place: what it reads from a page and how long each part may stay
// silent before the person gets an error instead of a spinner. Each waiting side waits longer than
// the side it waits on, so that the nearest one reports first.
export const LIMITS = Object.freeze({
  /** Characters read from a page at most: the engine's own limit on a context (maxContextChars). */
  maxChars: 1_000_000,
  /** A page whose main thread is stuck this long is given up on. */
  pageTimeoutMs: 20_000,
  /** Chrome: the offscreen document must start within this. */
  offscreenStartMs: 15_000,
  /** Chrome: the model's document said nothing (progress included) this long. */
  offscreenIdleMs: 120_000,
  /** Chrome: a cancelled question the document does not confirm is given up after this. */
  cancelGraceMs: 5_000,
  /** The popup: no word from the background this long (longer than the limits above). */
  popupIdleMs: 150_000,
  /** The popup: a Cancel the background does not confirm ends the wait after this. */
  popupCancelMs: 8_000,
});
