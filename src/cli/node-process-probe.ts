import { hostname } from 'node:os';
import type { ProcessProbe } from '../core/vault-lock';

/** This process, for the writer lock; another process is alive if signal 0 reaches it. */
export const nodeProcessProbe: ProcessProbe = {
  pid: process.pid,
  host: hostname(),
  isAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it runs, as another user.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};
