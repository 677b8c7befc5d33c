import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadImages } from '../../../src/core/clip/download-images';
import { sniffRaster } from '../../../src/core/clip/sniff-image';
import { MemoryVault } from '../../helpers/memory-vault';
import { FakeFetcher } from './fake-fetcher';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';

async function download(url: string, reply: { type: string; body: Uint8Array }) {
  const vault = new MemoryVault();
  const fetcher = new FakeFetcher({ [url]: { headers: { 'content-type': reply.type }, body: reply.body } });
  const result = await downloadImages(`Text ![pic](${url}) more.`, 'Clippings/Note.md', vault, fetcher);
  return { vault, ...result };
}

test('a PNG is saved next to the note and linked locally', async () => {
  const { vault, body, created } = await download('https://cdn.example/a.png', { type: 'image/png', body: PNG });
  assert.deepEqual(created, ['Clippings/attachments/a.png']);
  assert.deepEqual(vault.files.get('Clippings/attachments/a.png')?.data, PNG);
  assert.equal(body, 'Text ![pic](attachments/a.png) more.');
});

test('the bytes name the format: a JPEG served as image/png is saved as .jpg', async () => {
  const { created } = await download('https://cdn.example/photo.png', { type: 'image/png', body: JPEG });
  assert.deepEqual(created, ['Clippings/attachments/photo.jpg']);
});

test('an HTML page served as image/png is refused and stays a remote link', async () => {
  const html = bytes('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
  const { vault, body, created, skipped } = await download('https://cdn.example/x.png', { type: 'image/png', body: html });
  assert.deepEqual(created, []);
  assert.equal(vault.files.size, 0);
  assert.equal(body, 'Text ![pic](https://cdn.example/x.png) more.');
  assert.match(skipped[0], /declared image\/png, but the bytes are HTML or XML, not an image/);
});

test('an SVG with a script stays a remote link, whatever type it is served as', async () => {
  for (const type of ['image/svg+xml', 'image/png', 'image/jpeg']) {
    const { vault, body, skipped } = await download('https://cdn.example/logo.svg', { type, body: bytes(SVG) });
    assert.equal(vault.files.size, 0, type);
    assert.equal(body, 'Text ![pic](https://cdn.example/logo.svg) more.');
    assert.match(skipped[0], /SVG/, type);
  }
});

test('text, scripts and unknown bytes served as images are refused', async () => {
  for (const body of [bytes('alert(1)'), bytes('GIF8'), new Uint8Array([0, 1, 2, 3]), new Uint8Array()]) {
    const { vault, skipped } = await download('https://cdn.example/y.gif', { type: 'image/gif', body });
    assert.equal(vault.files.size, 0);
    assert.match(skipped[0], /not an image format Kindred saves|HTML or XML/);
  }
});

test('each raster format is known by its magic number', () => {
  const riff = (tag: string) => bytes(`RIFF\u0000\u0000\u0000\u0000${tag}VP8 `);
  const ftyp = (brand: string) => Uint8Array.from([0, 0, 0, 28, ...bytes(`ftyp${brand}`)]);
  const bmp = Uint8Array.from([0x42, 0x4d, 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28]);
  assert.equal(sniffRaster(PNG)?.extension, 'png');
  assert.equal(sniffRaster(JPEG)?.extension, 'jpg');
  assert.equal(sniffRaster(bytes('GIF89a\u0001\u0000'))?.extension, 'gif');
  assert.equal(sniffRaster(riff('WEBP'))?.extension, 'webp');
  assert.equal(sniffRaster(riff('AVI '))?.extension, undefined);
  assert.equal(sniffRaster(ftyp('avif'))?.extension, 'avif');
  assert.equal(sniffRaster(ftyp('mp42')), null);
  assert.equal(sniffRaster(bmp)?.extension, 'bmp');
  assert.equal(sniffRaster(bytes(SVG)), null);
});

test('an image address with spaces and parentheses is found and its local link stays whole', async () => {
  const vault = new MemoryVault();
  const url = 'https://cdn.example/a%20b/pic(1).png';
  const fetcher = new FakeFetcher({ [url]: { headers: { 'content-type': 'image/png' }, body: PNG } });
  const { body, created } = await downloadImages('![x](https://cdn.example/a%20b/pic\\(1\\).png "t \\"q\\"")', 'Clippings/N.md', vault, fetcher);
  assert.deepEqual(created, ['Clippings/attachments/pic(1).png']);
  assert.equal(body, '![x](attachments/pic\\(1\\).png "t \\"q\\"")');
});
