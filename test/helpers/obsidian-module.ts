import Module from 'node:module';

/**
 * Lets a Node test load a `src/obsidian` module: the `obsidian` package ships only typings, so
 * its import resolves here instead, to the little of it those modules use outside the app.
 */
export function normalizePath(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
  return p === '' ? '/' : p;
}

export const Platform = { isDesktopApp: false, isMobile: false };

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'obsidian' ? __filename : resolveFilename.call(this, request, ...rest);
};
