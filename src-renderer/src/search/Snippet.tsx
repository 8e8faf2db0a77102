import type { SnippetRun } from '../../../src-shared/contract.ts';

/** Matches as <mark>, everything as text nodes: a snippet is content and is never parsed as HTML. */
export function Snippet({ runs }: { readonly runs: readonly SnippetRun[] }) {
  return <>{runs.map((run, index) => (run.match ? <mark key={index}>{run.text}</mark> : <span key={index}>{run.text}</span>))}</>;
}
