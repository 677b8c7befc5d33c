import { Platform } from 'obsidian';
import type { ProcessProbe } from '../core/vault-lock';

interface DesktopNode {
  require(module: 'os'): { hostname(): string };
  process: { pid: number; kill(pid: number, signal: 0): void };
}

/**
 * This Obsidian, as the writer lock records it. On the desktop app Electron gives the window
 * Node's `process` and `os`, so the lock carries the real pid and host name and a `kindred` in a
 * terminal can tell a crashed Obsidian at once. On a phone there is neither: the lock says
 * "mobile" and a stale one is told by its heartbeat alone.
 */
export function obsidianProcessProbe(): ProcessProbe {
  if (Platform.isDesktopApp) {
    try {
      const node = window as unknown as DesktopNode;
      const host = node.require('os').hostname();
      return {
        pid: node.process.pid,
        host,
        isAlive(pid: number): boolean {
          try {
            node.process.kill(pid, 0);
            return true;
          } catch (error) {
            return (error as { code?: string }).code === 'EPERM';
          }
        },
      };
    } catch {
      // Fall through: a desktop build without Node in the window.
    }
  }
  return { pid: 0, host: 'mobile', isAlive: () => undefined };
}
