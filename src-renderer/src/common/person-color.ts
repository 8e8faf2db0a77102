// A stable colour per name, so a sender keeps the same colour across chats and sessions.
const hues = [211, 152, 27, 277, 339, 187, 95, 4, 245, 48];

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 16777619);
  }
  return value >>> 0;
}

export function hueFor(name: string): number {
  return hues[hash(name) % hues.length] ?? 211;
}

export function initialsOf(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .trim()
    .split(/\s+/u)
    .filter((word) => word.length > 0);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  const result = letters.map((word) => Array.from(word ?? '')[0] ?? '').join('');
  return result.length > 0 ? result.toUpperCase() : '#';
}
