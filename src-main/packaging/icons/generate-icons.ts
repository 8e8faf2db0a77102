// `npm run icons`: regenerates the committed icons in resources/ from resources/icon.svg.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderIcons } from './render-icons.ts';

const resources = path.resolve(import.meta.dirname, '..', '..', '..', 'resources');
const files = await renderIcons(readFileSync(path.join(resources, 'icon.svg'), 'utf8'));
for (const [name, bytes] of files) {
  mkdirSync(path.dirname(path.join(resources, name)), { recursive: true });
  writeFileSync(path.join(resources, name), bytes);
}
console.log(`wrote ${files.size} icon files to resources/`);
