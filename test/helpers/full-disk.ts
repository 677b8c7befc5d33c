import { promises as fsp } from 'node:fs';
import type { TestContext } from 'node:test';

/**
 * The disk filling up half-way through a write, in this process: while installed, every file
 * written gets its first `room` bytes on disk (a real, truncated file, as ENOSPC leaves it) and
 * then fails with ENOSPC. A real full disk is in `test/cli/full-disk.test.ts` (a tiny tmpfs).
 */
export function fillDiskAfter(t: TestContext, room: number): void {
  const writeFile = fsp.writeFile.bind(fsp);
  t.mock.method(fsp, 'writeFile', async (path: string, data: Uint8Array | string, options?: object) => {
    const all = typeof data === 'string' ? Buffer.from(data) : data;
    await writeFile(path, all.subarray(0, Math.min(room, all.length)), options);
    if (all.length > room) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
  });
}
