// A FIFO concurrency limiter: at most `n` tasks run at once, the rest wait their turn.
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(n: number): Limiter {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${n}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer can never
  // slip in between and push the count past n.
  const acquire = (): Promise<void> | void => {
    if (active < n) {
      active++;
      return;
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/**
 * An in-flight window that grows while answers are clean and halves on trouble (additive increase,
 * multiplicative decrease, as TCP does): about one more query in flight per window of clean
 * answers, half as many after a timeout, SERVFAIL, REFUSED or refusal code.
 */
export class AdaptiveWindow {
  private size: number;
  readonly max: number;

  constructor(start: number, max: number) {
    this.max = Math.max(1, max);
    this.size = Math.min(this.max, Math.max(1, start));
  }

  /** Queries allowed in flight now. */
  get limit(): number {
    return Math.floor(this.size);
  }

  clean(): void {
    this.size = Math.min(this.max, this.size + 1 / this.size);
  }

  trouble(): void {
    this.size = Math.max(1, this.size / 2);
  }
}

/** Spaces queries to at most `perSecond`, evenly: no burst, however long the pause before. */
export class Pacer {
  private readonly gapMs: number;
  private nextAt = -Infinity;

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`a rate must be above 0, got ${perSecond}`);
    this.gapMs = 1000 / perSecond;
  }

  /** How long to wait before the next query may go (0: now, and that query is counted). */
  take(now: number): number {
    if (now < this.nextAt) return this.nextAt - now;
    this.nextAt = now + this.gapMs;
    return 0;
  }
}
