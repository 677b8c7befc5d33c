import type { Harness } from './page';

declare global {
  interface Window {
    harness: Harness;
  }
}
