/**
 * How long a sync has left, told honestly. The estimate before this one divided the notes left by
 * the notes done per second since the sync began, scan included. Notes differ in length (one
 * essay is ten chunks, a stub one), so a run whose first notes were shorter than the rest
 * promised too little (issue 14 saw 167 s with about 190 s left; `bench/index-build.bench.ts`
 * compares both estimates on one build). Here the work is counted in bytes of the notes to index
 * (their sizes are known before any is read, and the chunks to embed follow the text's length),
 * and the pace is taken from the first batch's end on, so the model's warm-up and the scan are
 * not read as the pace of the rest.
 */
export class TimeLeft {
  private bytesDone = 0;
  private mark: { bytes: number; at: number } | null = null;
  private last: { bytes: number; at: number } | null = null;

  constructor(private readonly bytesTotal: number) {}

  /** A batch of `bytes` was indexed, finishing at `nowMs`. */
  record(bytes: number, nowMs: number): void {
    this.bytesDone += bytes;
    if (this.mark === null) this.mark = { bytes: this.bytesDone, at: nowMs };
    else this.last = { bytes: this.bytesDone, at: nowMs };
  }

  /**
   * The run was paused for `ms` between batches: that time is not counted against the pace, nor
   * against the time left at the next batch's end.
   */
  paused(ms: number): void {
    if (this.mark) this.mark.at += ms;
    if (this.last) this.last.at += ms;
  }

  /** Bytes per second since the first batch ended; `null` until a second batch has ended. */
  get bytesPerSecond(): number | null {
    if (!this.mark || !this.last || this.last.at <= this.mark.at) return null;
    return (this.last.bytes - this.mark.bytes) / ((this.last.at - this.mark.at) / 1000);
  }

  /** Seconds left at the pace so far, counted from the last batch's end; `null` until there is a pace. */
  secondsLeft(nowMs: number): number | null {
    const rate = this.bytesPerSecond;
    if (rate === null || rate <= 0 || !this.last) return null;
    const left = Math.max(0, this.bytesTotal - this.bytesDone) / rate;
    return Math.max(0, left - (nowMs - this.last.at) / 1000);
  }
}

/**
 * Seconds left in words a person reads at a glance: "about 45 s", "about 12 min",
 * "about 2 h 10 min". Rounded, since the estimate is one.
 */
export function describeTimeLeft(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}
