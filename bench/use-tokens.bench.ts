/**
 * USE-lite tokens per whitespace word on ~200 prose paragraphs of the Sequences, the ratio the
 * chunker uses to count tokens without running the tokenizer (`USE_TOKENS_PER_WORD`).
 * `npx tsx bench/use-tokens.bench.ts` → bench/results/use-tokens.json. Tokenizer only: no inference.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadUseModel } from '../src/embed/load-use-model';
import { verifyModelFiles } from '../src/embed/verify-model';
import { folderModelSource, installedPackageModelDir } from '../src/embed/node/folder-model-source';
import { chooseBackend } from '../src/embed/choose-backend';
import '@tensorflow/tfjs-backend-cpu';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit, spreadSample, wordCount } from './sequences-passages';

/** Reference-style links `[text][12]` as the chunker sees them in a note, and as plain text. */
function withoutLinkMarkup(text: string): string {
  return text.replace(/\[([^\]]*)\]\[\d+\]/g, '$1');
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const paragraphs = spreadSample(proseParagraphs(readEssaysOrExit()), quick ? 50 : 200);
  await chooseBackend('cpu', ['cpu']);
  const model = await loadUseModel(await verifyModelFiles(folderModelSource(installedPackageModelDir() as string)));
  const rows = [
    { text: 'markdown as written', sample: paragraphs },
    { text: 'link markup removed', sample: paragraphs.map(withoutLinkMarkup) },
  ].map(({ text, sample }) => {
    const words = sample.reduce((sum, p) => sum + wordCount(p), 0);
    const tokens = sample.reduce((sum, p) => sum + model.tokenizer.encode(p).length, 0);
    const perParagraph = sample.map((p) => model.tokenizer.encode(p).length / wordCount(p)).sort((a, b) => a - b);
    return {
      text,
      paragraphs: sample.length,
      words,
      tokens,
      tokensPerWord: Number((tokens / words).toFixed(3)),
      p10: Number(perParagraph[Math.floor(perParagraph.length * 0.1)].toFixed(3)),
      p90: Number(perParagraph[Math.floor(perParagraph.length * 0.9)].toFixed(3)),
    };
  });
  printTable(rows);
  model.graph.dispose();
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'use-tokens.json'),
    JSON.stringify({ bench: 'use-tokens', quick, rows }, null, 2) + '\n',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
