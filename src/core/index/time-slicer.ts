import type { Clock } from '../ports';

/**
 * Cuts long work on the UI thread into slices: the work calls `breathe()` between small
 * pieces, and once the current slice has run `budgetMs` the thread is handed back to the
 * host (`Clock.yield`) before going on. Input and paint then wait at most about one slice,
 * never a whole batch or a whole save. Without `Clock.yield` (CLI, tests) it never waits.
 */
export class TimeSlicer {
  private sliceStart: number;

  constructor(
    private readonly clock: Clock,
    private readonly budgetMs = 10,
  ) {
    this.sliceStart = clock.now();
  }

  /** False where there is no `Clock.yield` (CLI, tests): slicing would only cost time there. */
  get canYield(): boolean {
    return this.clock.yield !== undefined;
  }

  /** Yields when the slice so far has used its budget; otherwise returns at once. */
  async breathe(): Promise<void> {
    if (!this.clock.yield || this.clock.now() - this.sliceStart < this.budgetMs) return;
    await this.clock.yield();
    this.sliceStart = this.clock.now();
  }

  /** Yields now, and starts a fresh slice (before a piece known to be long). */
  async yieldNow(): Promise<void> {
    if (this.clock.yield) await this.clock.yield();
    this.sliceStart = this.clock.now();
  }
}

/**
 * Work written once as a generator that pauses (`yield`) between its pieces, run two ways: at
 * once ({@link runSteps}, the CLI and tests), or with `breathe()` awaited at every pause
 * ({@link runStepsInSlices}, Obsidian's UI thread). Both give the same result.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runStepsInSlices<T>(steps: Steps<T>, breathe: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await breathe();
  }
}
