import { closeSync, openSync, promises as fs, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { IndexReader } from '../../core/index/index-reader';
import { MAP_DEFAULTS, mapOfSource } from '../../core/map/build-map';
import type { ColourBy } from '../../core/map/colour-groups';
import { mapJson } from '../../core/map/map-json';
import { layoutMap, type NodeSizeBy } from '../../core/map/map-layout';
import { mapScene } from '../../core/map/map-scene';
import { mapHtmlText, mapSvgText, MAP_FILE_MARKER } from '../../core/map/map-svg-text';
import type { NeighbourhoodMap, NoteFacts } from '../../core/map/map-types';
import { RELATED_DEFAULTS, sourceFromIndexedNote, type RelatedSource } from '../../core/rank/rank-related';
import { InputError, UsageError, type CliCommand, type CliIO } from '../command';
import type { OpenSession } from '../ranking-session';
import { MODEL_DIR_FLAG, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { findNote } from './find-note';
import { numberFlag, parseFlags } from './parse-flags';
import { plural } from './plural';

const USAGE = `Usage: kindred map "<note>" --vault DIR [--k ${MAP_DEFAULTS.k}] [--time] [--out map.svg | --html map.html] [--json]

The map of a note's related notes, as the plugin draws it: the note and its ${MAP_DEFAULTS.k} most related
notes, lines between the pairs that are similar (solid where one already links to the other,
dashed where neither does: links you may be missing), groups named by their words, and a force
layout seeded by the note, so the same note gives the same picture here and in Obsidian.
Without --out, --html or --json it prints the groups and the links you may be missing.
The note is found by its path, its file name or its title.

Options:
  --vault DIR          the vault folder (required)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --k N                how many related notes, ${MAP_DEFAULTS.minK} to ${MAP_DEFAULTS.maxK} (default ${MAP_DEFAULTS.k})
  --time               dated notes by time along x (front matter published, else the file's creation)
  --out FILE.svg       write the map as a standalone SVG
  --html FILE.html     write a self-contained page: the map, its legend, "Before this" and "After this"
  --json               print {"nodes":[{"path","title","date","cluster","x","y",…}],"edges":[{"source","target","similarity","linked"}],…,"warnings":[]}
  --colour BY          colour by cluster (default), folder, tag or site
  --size BY            node size by length (default) or backlinks
  --min-score S        leave out notes whose cosine is below S (default ${RELATED_DEFAULTS.minScore}, as the plugin)
  --threshold T        join pairs whose note vectors' cosine is T or more (default: the plugin's)
  --model-dir DIR      a folder with the USE-lite model files (default: the installed package)

Without the model the map is drawn from shared keywords only, and says so.
An existing file is overwritten only if it is a map this command wrote.`;

const COLOURS: readonly ColourBy[] = ['cluster', 'folder', 'tag', 'site'];
const SIZES: readonly NodeSizeBy[] = ['length', 'backlinks'];

/** What the map knows of each file: its size and creation time on disk, and the notes linking to it in the index. */
export type FactsSource = (vaultRoot: string, reader: IndexReader) => (path: string) => NoteFacts | null;

export const fileFacts: FactsSource = (vaultRoot, reader) => {
  let backlinks: Map<string, number> | null = null;
  return (path) => {
    let st;
    try {
      st = statSync(join(vaultRoot, ...path.split('/')));
    } catch {
      return null;
    }
    if (!backlinks) backlinks = backlinkCounts(reader);
    // Obsidian's ctime is the file's birth time; where the file system keeps none, Node reports 0.
    const created = st.birthtimeMs > 0 ? st.birthtimeMs : st.ctimeMs;
    return { bytes: st.size, created: created > 0 ? created : null, backlinks: backlinks.get(path) ?? 0 };
  };
};

/** How many notes of the index link to each note. */
export function backlinkCounts(reader: IndexReader): Map<string, number> {
  const counts = new Map<string, number>();
  for (const note of reader.allNotes()) for (const target of new Set(note.links)) if (target !== note.path) counts.set(target, (counts.get(target) ?? 0) + 1);
  return counts;
}

/** Builds the `map` command over a session opener (the real index and model, or a test's); `facts` is swapped in tests. */
export function mapCommand(open: OpenSession, facts: FactsSource = fileFacts): CliCommand {
  return {
    name: 'map',
    summary: 'the map of a note and its related notes, as SVG, HTML or JSON',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        ...VAULT_FLAGS,
        ...MODEL_DIR_FLAG,
        k: 'count',
        time: 'switch',
        out: 'string',
        html: 'string',
        json: 'switch',
        colour: 'string',
        size: 'string',
        'min-score': 'string',
        threshold: 'string',
      });
      const request = vaultRequest(flags, io, true);
      if (flags.positionals.length !== 1) {
        throw new UsageError(flags.positionals.length === 0 ? 'give the note to map' : `give one note, not ${flags.positionals.length} (quote a name with spaces)`);
      }
      const k = flags.counts.get('k') ?? MAP_DEFAULTS.k;
      if (k < MAP_DEFAULTS.minK || k > MAP_DEFAULTS.maxK) throw new UsageError(`--k must be from ${MAP_DEFAULTS.minK} to ${MAP_DEFAULTS.maxK} (got ${k})`);
      const colourBy = (flags.values.get('colour') ?? 'cluster') as ColourBy;
      if (!COLOURS.includes(colourBy)) throw new UsageError(`--colour must be cluster, folder, tag or site, not '${colourBy}'`);
      const sizeBy = (flags.values.get('size') ?? 'length') as NodeSizeBy;
      if (!SIZES.includes(sizeBy)) throw new UsageError(`--size must be length or backlinks, not '${sizeBy}'`);
      const minScore = numberFlag(flags.values, 'min-score', -1, 1) ?? RELATED_DEFAULTS.minScore;
      const threshold = numberFlag(flags.values, 'threshold', -1, 1);
      const svgFile = flags.values.get('out');
      const htmlFile = flags.values.get('html');
      if (svgFile && !/\.svg$/i.test(svgFile)) throw new UsageError(`--out names an .svg file (got '${svgFile}')`);
      if (htmlFile && !/\.html?$/i.test(htmlFile)) throw new UsageError(`--html names an .html file (got '${htmlFile}')`);
      // Checked before any work, so a refused name costs nothing.
      for (const file of [svgFile, htmlFile]) if (file) await checkWritable(resolve(io.cwd, file));
      const json = flags.switches.has('json');

      const session = await open({ ...request, command: 'map', progress: (line) => io.stderr(line + '\n') });
      try {
        // Found before the model loads: a misspelt note answers at once.
        const path = findNote(flags.positionals[0], request.vault, io.cwd, await session.listNotes());
        const model = await session.prepare();
        const text = await session.readText(path);
        let source: RelatedSource | null = null;
        if (model.embedSource) {
          source = await sourceFromIndexedNote(session.reader, path, (p) => session.readText(p));
          source ??= { ...(await model.embedSource(text)), path };
        } else {
          // As in the plugin without its model: the map is drawn from keywords.
          io.stderr(`kindred map: the embedding model is not available (${model.modelProblem ?? 'unknown reason'}); this map is drawn from shared keywords only.\n`);
          source = { path, text, vector: null, chunks: [], links: session.reader.getNote(path)?.links ?? [] };
        }
        const map = await mapOfSource(
          { reader: session.reader, tokenize: session.tokenize, readText: (p) => session.readText(p), facts: facts(resolve(io.cwd, request.vault), session.reader) },
          { ...source, path },
          { k, minScore },
          { threshold },
        );
        const time = flags.switches.has('time');
        const layout = layoutMap(map, { time, sizeBy });
        const scene = mapScene(map, layout, { colourBy });
        if (svgFile) await writeMapFile(resolve(io.cwd, svgFile), mapSvgText(map, scene), io);
        if (htmlFile) await writeMapFile(resolve(io.cwd, htmlFile), mapHtmlText(map, scene, { time }), io);
        const warnings = session.warnings();
        if (json) io.stdout(JSON.stringify({ ...mapJson(map, layout), warnings }) + '\n');
        else {
          for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
          if (!svgFile && !htmlFile) io.stdout(textSummary(map, time));
        }
        return 0;
      } finally {
        await session.close();
      }
    },
  };
}

/** Refuses a name where something other than an earlier map of ours is. */
async function checkWritable(file: string): Promise<void> {
  const info = await fs.stat(file).catch(() => null);
  if (!info) {
    const folder = await fs.stat(dirname(file)).catch(() => null);
    if (!folder?.isDirectory()) throw new InputError(`cannot write ${file}: ${dirname(file)} is not a folder`);
    return;
  }
  if (!info.isFile()) throw new InputError(`cannot write ${file}: it is a folder`);
  const head = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.toString('utf8').includes(MAP_FILE_MARKER)) throw new InputError(`${file} exists and is not a map kindred wrote; choose another name`);
}

/** Writes beside the target and renames, so a failed write leaves the old file whole. */
async function writeMapFile(file: string, text: string, io: CliIO): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(temporary, text, 'utf8');
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  io.stderr(`wrote ${file}\n`);
}

function textSummary(map: NeighbourhoodMap, time: boolean): string {
  const title = new Map(map.nodes.map((n) => [n.path, n.title]));
  const centre = map.nodes[0];
  if (map.nodes.length === 1) {
    return `Map of ${centre.title} (${map.centre}): no note is related above the minimum score ${map.minScore}` +
      (map.belowMinScore > 0 ? ` (${plural(map.belowMinScore, 'note')} scored lower; lower it with --min-score).\n` : '.\n');
  }
  const lines = [
    `Map of ${centre.title} (${map.centre}): ${plural(map.nodes.length - 1, 'related note')}, ${plural(map.edges.length, 'line')} at similarity ${map.threshold} or more${map.keywordOnly ? ' (keywords only)' : ''}.`,
  ];
  map.clusters.forEach((c, i) => {
    lines.push(`Group ${i + 1}: ${c.words.join(', ') || '(no words)'}`);
    for (const p of c.members) lines.push(`  ${title.get(p)}  (${p})`);
  });
  const ungrouped = map.nodes.slice(1).filter((n) => n.cluster === null);
  if (ungrouped.length > 0) lines.push(`In no group: ${ungrouped.map((n) => n.title).join('; ')}`);
  const missing = map.edges.filter((e) => !e.linked);
  lines.push(missing.length === 0 ? 'Links you may be missing: none.' : 'Links you may be missing:');
  for (const e of [...missing].sort((a, b) => b.similarity - a.similarity)) {
    lines.push(`  ${e.similarity.toFixed(3)}  ${title.get(e.source)} – ${title.get(e.target)}`);
  }
  if (time && map.time.centreDate === null) lines.push('This note has no date, so nothing is before or after it.');
  if (time && map.time.centreDate !== null) {
    lines.push(`Before this: ${map.time.before.map((p) => title.get(p)).join('; ') || 'none'}`);
    lines.push(`After this: ${map.time.after.map((p) => title.get(p)).join('; ') || 'none'}`);
  }
  return lines.join('\n') + '\n';
}
