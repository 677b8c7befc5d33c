import { describeTimeLeft } from '../core/index/time-left';
import type { EngineStatus } from '../obsidian/kindred-engine';

/** The status bar text for a state: short, because the status bar is shared. */
export function statusText(status: EngineStatus): string {
  switch (status.kind) {
    case 'starting':
      return 'Kindred: starting';
    case 'idle':
      return 'Kindred: idle';
    case 'downloading':
      return `Kindred: downloading model ${status.percent}%`;
    case 'indexing':
      // Once there is a pace, the time left says more than the rate (which the tooltip keeps).
      if (status.secondsLeft !== null) return `Kindred: indexing ${status.done} of ${status.total}, ${describeTimeLeft(status.secondsLeft)} left`;
      // Without a model nothing is embedded, and "0.0 chunks/s" would read as a stall.
      return status.chunksPerSecond > 0
        ? `Kindred: indexing ${status.done} of ${status.total} (${status.chunksPerSecond.toFixed(1)} chunks/s)`
        : `Kindred: indexing ${status.done} of ${status.total}`;
    case 'paused':
      return 'Kindred: paused';
    case 'error':
      return 'Kindred: error';
  }
}

/** Renders the status into the plugin's status bar item; the tooltip says what a click does. */
export function renderStatusBar(el: HTMLElement, status: EngineStatus): void {
  el.setText(statusText(status));
  el.dataset.state = status.kind;
  const hint =
    status.kind === 'paused'
      ? 'Click to resume indexing'
      : status.kind === 'error'
        ? `${status.message.replace(/[.\s]+$/, '')}. Click to retry.`
        : status.kind === 'indexing' && status.chunksPerSecond > 0
          ? `${status.chunksPerSecond.toFixed(1)} chunks/s. Click to pause indexing.`
          : 'Click to pause indexing';
  el.setAttr('aria-label', hint);
}
