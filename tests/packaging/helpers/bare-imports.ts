// The packages a built bundle loads at run time: bare specifiers of static and dynamic import,
// re-export and require(), without Node built-ins or what Electron provides itself.
import { isBuiltin } from 'node:module';

const patterns = [
  /\bimport\s+(?:[\w*${}\s,]+\s+from\s+)?["']([^"']+)["']/g,
  /\bexport\s+[\w*${}\s,]+\s+from\s+["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\(\s*["']([^"']+)["']\s*\)/g,
];

/** 'zod/v4' → 'zod', '@scope/name/x' → '@scope/name'. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export function bareImports(source: string, runtimeProvided: readonly string[] = ['electron']): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1];
      if (specifier === undefined || specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      if (runtimeProvided.includes(packageNameOf(specifier))) continue;
      found.add(specifier);
    }
  }
  return [...found].sort();
}
