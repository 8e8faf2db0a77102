// Renders resources/icon.svg into every icon file the installers need (icon-set.ts), with resvg
// compiled to WebAssembly: no native module, no system tools, the same bytes on every machine.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { encodeIcns } from './icns.ts';
import { encodeIco } from './ico.ts';
import { linuxSizes, macEntries, macViewBox, squareViewBox, windowsSizes } from './icon-set.ts';

let ready: Promise<void> | null = null;

function loadResvg(): Promise<void> {
  ready ??= initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return ready;
}

/** The source with another viewBox; it must have exactly the one the icon is drawn on. */
export function withViewBox(svg: string, viewBox: string): string {
  const found = svg.match(/viewBox="[^"]*"/g) ?? [];
  if (found.length !== 1 || found[0] !== `viewBox="${macViewBox}"`) throw new Error(`icon.svg must have viewBox="${macViewBox}".`);
  return svg.replace(`viewBox="${macViewBox}"`, `viewBox="${viewBox}"`);
}

function render(svg: string, size: number): Uint8Array {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  try {
    return image.asPng();
  } finally {
    image.free();
  }
}

/** Paths relative to resources/, and their bytes. */
export async function renderIcons(svg: string): Promise<Map<string, Buffer>> {
  await loadResvg();
  const square = withViewBox(svg, squareViewBox);
  const files = new Map<string, Buffer>();
  for (const size of linuxSizes) files.set(`icons/${size}x${size}.png`, Buffer.from(render(square, size)));
  files.set('icon.ico', encodeIco(windowsSizes.map((size) => render(square, size))));
  files.set('icon.icns', encodeIcns(macEntries.map(({ type, size }) => ({ type, png: render(svg, size) }))));
  return files;
}
