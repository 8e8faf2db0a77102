// docs/errors.md is generated from the catalogue in src-shared/errors.ts, so the two cannot drift:
// `npm run docs:errors` writes it, and a test fails when the committed file differs.
import { errorCatalogue } from '../../src-shared/errors.ts';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalogue).map(
    ([code, entry]) => `| \`${code}\` | ${cell(entry.summary)} | ${cell(entry.userAction)} | ${cell(entry.supportCheck)} |`,
  );
  return [
    '# Error codes',
    '',
    '<!-- Generated from src-shared/errors.ts by `npm run docs:errors`. Do not edit by hand. -->',
    '',
    'Every failure Companion reports carries one of these codes: in the app next to the message, on the',
    'command line as `error <CODE>: <message>`, and in diagnostics. Details never contain keys or message',
    'content. Support staff: the last column says what to look at first.',
    '',
    '| code | what happened | what you can do | what support should check |',
    '| ---- | ------------- | --------------- | ------------------------- |',
    ...rows,
    '',
  ].join('\n');
}
