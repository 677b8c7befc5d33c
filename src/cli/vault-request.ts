import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, UsageError, type CliIO } from './command';
import type { FlagKind, ParsedFlags } from './commands/parse-flags';

/**
 * How every command names the vault it works on. Commands build one from their flags
 * (`vaultRequest`); the composition root's openers (`open-ranking-session`, `open-index`) take it.
 */
export interface VaultRequest {
  /** The vault folder as given, relative to `cwd`. */
  vault: string;
  cwd: string;
  /** Obsidian's configuration folder inside the vault: `.obsidian` unless the vault uses another. */
  configDir: string;
  /** A folder with the USE-lite model files; the installed npm package when absent. */
  modelDir?: string;
  /** Whether the command needs the embedding model. */
  withModel: boolean;
  /** Make the folder a vault (create its configuration folder) if it is not one yet. */
  init: boolean;
}

/** Where a vault is on disk, once `locateVault` has checked it. */
export interface VaultLocation {
  /** Absolute path of the vault folder. */
  root: string;
  configDir: string;
  /** `<root>/<configDir>/plugins/kindred`: the index (under `index/`), the writer lock. */
  pluginDir: string;
}

/**
 * The vault is missing, not a folder, or not a vault: exit code 2, worded the same in every command.
 */
export class VaultError extends InputError {
  constructor(
    readonly kind: 'missing' | 'not-a-folder' | 'not-a-vault' | 'bad-config-dir',
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/** The flags that name a vault, for `parseFlags`; writing commands add `init`, model users `model-dir`. */
export const VAULT_FLAGS = { vault: 'string', 'config-dir': 'string' } as const satisfies Record<string, FlagKind>;
export const INIT_FLAG = { init: 'switch' } as const satisfies Record<string, FlagKind>;
export const MODEL_DIR_FLAG = { 'model-dir': 'string' } as const satisfies Record<string, FlagKind>;

/** A command's vault request from its parsed flags; `--vault` is required. */
export function vaultRequest(flags: ParsedFlags, io: CliIO, withModel: boolean): VaultRequest {
  const vault = flags.values.get('vault');
  if (!vault) throw new UsageError('--vault DIR is required');
  return {
    vault,
    cwd: io.cwd,
    configDir: flags.values.get('config-dir') ?? '.obsidian',
    modelDir: flags.values.get('model-dir'),
    withModel,
    init: flags.switches.has('init'),
  };
}

/**
 * Checks that the request names a vault: a folder holding its configuration folder (or, with
 * `init`, a folder, whose configuration folder it creates). Reads nothing else and loads no
 * model, so a typo answers at once. A plain folder is refused: indexing it would create
 * `<folder>/.obsidian` and read every markdown file under it.
 */
export async function locateVault(request: Pick<VaultRequest, 'vault' | 'cwd' | 'configDir' | 'init'>, offerInit = true): Promise<VaultLocation> {
  const root = resolve(request.cwd, request.vault);
  const configDir = request.configDir.replace(/^\/+|\/+$/g, '');
  if (configDir === '' || configDir.split('/').some((part) => part === '..' || part === '.')) {
    throw new VaultError('bad-config-dir', `--config-dir must name a folder inside the vault (got '${request.configDir}')`);
  }
  const info = await fs.stat(root).catch(() => null);
  if (!info) throw new VaultError('missing', `no vault at ${root}: the folder does not exist`);
  if (!info.isDirectory()) throw new VaultError('not-a-folder', `no vault at ${root}: it is a file, not a folder`);
  const configPath = join(root, ...configDir.split('/'));
  const config = await fs.stat(configPath).catch(() => null);
  if (config && !config.isDirectory()) {
    throw new VaultError('not-a-vault', `${root} is not a vault: ${configDir} is a file, not a folder`);
  }
  if (!config) {
    if (!request.init) {
      throw new VaultError(
        'not-a-vault',
        `${root} is not an Obsidian vault (it has no ${configDir} folder): give a vault's folder` +
          (offerInit ? ', or add --init to make this folder one' : ''),
      );
    }
    await fs.mkdir(configPath, { recursive: true });
  }
  return { root, configDir, pluginDir: join(configPath, 'plugins', 'kindred') };
}
