// Exports sprinkle invisible direction marks into headers, names and system text: U+200E/U+200F,
// the U+202A–U+202E embeddings (phone numbers arrive wrapped in them) and the U+2066–U+2069 isolates.
export const markClass = '[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';

/** Left-to-right mark: iOS exports put it before system lines and attachment text. */
export const leftToRightMark = '\u200e';

const anyMarks = new RegExp(`${markClass}+`, 'g');
const leadingMarks = new RegExp(`^${markClass}+`);

export function isMark(code: number): boolean {
  return code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

export function stripMarks(text: string): string {
  return text.replace(anyMarks, '');
}

export function stripLeadingMarks(text: string): string {
  return text.length > 0 && isMark(text.charCodeAt(0)) ? text.replace(leadingMarks, '') : text;
}
