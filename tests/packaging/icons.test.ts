import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcns } from '../../src-main/packaging/icons/icns.ts';
import { readIco } from '../../src-main/packaging/icons/ico.ts';
import { linuxSizes, macEntries, windowsSizes } from '../../src-main/packaging/icons/icon-set.ts';
import { pngSize } from '../../src-main/packaging/icons/png-info.ts';
import { renderIcons, withViewBox } from '../../src-main/packaging/icons/render-icons.ts';
import { repoRoot } from '../helpers/profile.ts';

const resources = path.join(repoRoot, 'resources');
const read = (name: string): Buffer => readFileSync(path.join(resources, name));

describe('the committed icons', () => {
  it('have a PNG of every hicolor size for Linux, and nothing else', () => {
    expect(readdirSync(path.join(resources, 'icons')).sort()).toEqual(linuxSizes.map((size) => `${size}x${size}.png`).sort());
    for (const size of linuxSizes) expect(pngSize(read(`icons/${size}x${size}.png`)), `${size}`).toEqual({ width: size, height: size });
  });

  it('have every Windows size in icon.ico, each image as large as its entry says', () => {
    const images = readIco(read('icon.ico'));
    expect(images.map((image) => image.declared)).toEqual([...windowsSizes]);
    for (const image of images) expect(pngSize(image.png)).toEqual({ width: image.declared, height: image.declared });
  });

  it('have every macOS entry in icon.icns, up to 1024 px for 512@2x', () => {
    const images = readIcns(read('icon.icns'));
    expect(images.map((image) => image.type)).toEqual(macEntries.map((entry) => entry.type));
    images.forEach((image, i) => expect(pngSize(image.png).width, image.type).toBe(macEntries[i]?.size));
  });

  it('are exactly what npm run icons makes from resources/icon.svg', async () => {
    const rendered = await renderIcons(read('icon.svg').toString('utf8'));
    for (const [name, bytes] of rendered) expect(bytes.equals(read(name)), `${name} is stale: run npm run icons`).toBe(true);
  });
});

describe('icon rendering', () => {
  it('refuses a source that is not drawn on the 1024 grid', () => {
    expect(() => withViewBox('<svg viewBox="0 0 64 64"></svg>', '0 0 1 1')).toThrow('viewBox="0 0 1024 1024"');
  });

  it('refuses bytes that are not a PNG', () => {
    expect(() => pngSize(Buffer.from('GIF89a............................'))).toThrow('Not a PNG');
  });
});
