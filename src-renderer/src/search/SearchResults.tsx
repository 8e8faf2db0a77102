// Search hits across all chats; choosing one opens its chat at that message.
import { useQuery } from '@tanstack/react-query';
import type { SearchHit } from '../../../src-shared/contract.ts';
import { useApi } from '../api/api-context.tsx';
import { searchQuery } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatListDate, plural } from '../common/format.ts';
import { Snippet } from './Snippet.tsx';

interface SearchResultsProps {
  /** The debounced query; the box may already show newer text. */
  readonly query: string;
  readonly onOpen: (hit: SearchHit) => void;
}

export function SearchResults({ query, onOpen }: SearchResultsProps) {
  const api = useApi();
  const search = useQuery(searchQuery(api, query));
  const hits = search.data;

  return (
    <section className="search-results" aria-label="Search results" aria-busy={search.isFetching}>
      <p className="search-results__summary" role="status">
        {search.isPending
          ? 'Searching…'
          : hits === undefined
            ? ''
            : hits.length === 0
              ? `No messages match “${query}”`
              : summaryOf(hits.length)}
      </p>
      {search.isError && <ErrorAlert title="Search failed" error={search.error} onRetry={() => void search.refetch()} />}
      {hits !== undefined && hits.length > 0 && (
        <ul className="search-results__items">
          {hits.map((hit) => (
            <li key={hit.messageId}>
              <SearchHitButton hit={hit} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function summaryOf(count: number): string {
  return count >= 50 ? 'Top 50 messages' : plural(count, 'message', 'messages');
}

function SearchHitButton({ hit, onOpen }: { readonly hit: SearchHit; readonly onOpen: (hit: SearchHit) => void }) {
  return (
    <button type="button" className="search-hit" onClick={() => onOpen(hit)}>
      <span className="search-hit__top">
        <span className="search-hit__chat">{hit.chatTitle}</span>
        <span className="search-hit__date">{formatListDate(hit.sentAt)}</span>
      </span>
      <span className="search-hit__snippet">
        {hit.sender !== null && <span className="search-hit__sender">{hit.sender}: </span>}
        <Snippet runs={hit.snippet} />
      </span>
    </button>
  );
}
