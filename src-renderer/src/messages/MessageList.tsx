// The virtualized message list. Rows are keyed by seq and measured after render (multi-line messages,
// attachments, day separators); only the pages under the visible rows are fetched. A huge chat is
// shown through a sliding window of rows (see message-window.ts).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { ArrowDownIcon } from '../common/icons.tsx';
import type { JumpRequest, JumpTarget } from './jump.ts';
import { shiftedBase, windowAround, windowAtEnd, windowCount } from './message-window.ts';
import { MessagePlaceholder, MessageRow } from './MessageRow.tsx';
import { useMessagePages } from './use-message-pages.ts';
import { useOpeningScroll, type OpeningTarget } from './use-opening-scroll.ts';

interface MessageListProps {
  readonly chatId: number;
  readonly title: string;
  readonly total: number;
  /** Where to open; null opens at the latest message. Fixed for the life of the list (the parent re-keys it). */
  readonly jump: JumpTarget | null;
  readonly onJump: (request: JumpRequest) => void;
}

/** A one-line bubble with its margins; real rows are measured. */
const estimateSize = () => 60;

export function MessageList({ chatId, title, total, jump, onJump }: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [requestedBase, setBase] = useState(() => (jump === null ? windowAtEnd(total) : windowAround(jump.seq, total)));
  // The chat may shrink under us (a restore); never point past its end.
  const base = Math.min(requestedBase, windowAtEnd(total));
  const count = windowCount(base, total);
  const atChatEnd = base + count >= total;
  // Keys are seqs, so measured heights survive a slide of the window.
  const getItemKey = useCallback((index: number) => base + index, [base]);
  /** The message at the top of the viewport when the window slid, and how far it was scrolled. */
  const slideAnchor = useRef<{ seq: number; offset: number } | null>(null);
  const [opening] = useState<OpeningTarget>(() =>
    jump === null ? { index: count - 1, align: 'end', focus: false } : { index: jump.seq - base, align: jump.align, focus: true },
  );
  const openedRef = useRef(false);

  // No React Compiler in this project; the list re-renders as the visible range moves, by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 6,
    paddingStart: 12,
    paddingEnd: 12,
    // Where the window ends at the chat's end, rows that grow once their page arrives keep the latest
    // message in view. Elsewhere the slide anchoring below keeps the reader's place.
    anchorTo: atChatEnd ? 'end' : 'start',
    onChange: (instance) => {
      // Slide only at rest and once the opening scroll has landed: before that the range can be
      // stale, and sliding on a stale range would run the window to one end of the chat.
      const element = scrollRef.current;
      const { range, scrollOffset } = instance;
      if (!openedRef.current || instance.isScrolling || slideAnchor.current !== null) return;
      if (element === null || range === null || scrollOffset === null || Math.abs(scrollOffset - element.scrollTop) > 2) return;
      const next = shiftedBase(base, total, range.startIndex, range.endIndex);
      const item = instance.getVirtualItemForOffset(scrollOffset);
      if (next === null || next === base || item === undefined) return;
      slideAnchor.current = { seq: base + item.index, offset: scrollOffset - item.start };
      setBase(next);
    },
  });

  // After a slide, put the message that was at the top back at the top.
  useLayoutEffect(() => {
    const anchor = slideAnchor.current;
    if (anchor === null) return;
    slideAnchor.current = null;
    const item = virtualizer.measurementsCache[anchor.seq - base];
    if (item !== undefined) virtualizer.scrollToOffset(item.start + anchor.offset);
  }, [virtualizer, base]);

  const items = virtualizer.getVirtualItems();
  const pages = useMessagePages(chatId, base + (items[0]?.index ?? 0), base + (items[items.length - 1]?.index ?? -1));
  const onScreenLoaded = items.length > 0 && items.every((item) => pages.messageAt(base + item.index) !== undefined);
  const takeOver = useOpeningScroll({ virtualizer, scrollRef, target: opening, onScreenLoaded, openedRef });

  const highlightSeq = jump?.highlight === true ? jump.seq : null;
  const nearEnd = atChatEnd && virtualizer.getDistanceFromEnd() < 600;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    takeOver();
    if (event.target !== event.currentTarget) return;
    // The window holds only part of a huge chat, so the browser's own Home/End would stop at its edge.
    if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      onJump(event.key === 'Home' ? { seq: 0, align: 'start', highlight: false } : { seq: total - 1, align: 'end', highlight: false });
    }
  };

  return (
    <div className="message-pane">
      {pages.error !== null && (
        <div className="message-pane__error">
          <ErrorAlert title="Some messages could not be loaded" error={pages.error} onRetry={pages.retry} />
        </div>
      )}
      <div
        ref={scrollRef}
        className="message-scroller"
        role="region"
        aria-label={`Messages in ${title}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onWheel={takeOver}
        onPointerDown={takeOver}
        onTouchStart={takeOver}
      >
        <div className="message-canvas" role="list" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const seq = base + item.index;
            const message = pages.messageAt(seq);
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="message-slot"
                role="listitem"
                aria-setsize={total}
                aria-posinset={seq + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {message === undefined ? (
                  <MessagePlaceholder />
                ) : (
                  <MessageRow message={message} previous={pages.messageAt(seq - 1)} highlighted={seq === highlightSeq} />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {!nearEnd && (
        <button
          type="button"
          className="jump-latest"
          aria-label="Jump to latest message"
          onClick={() => onJump({ seq: total - 1, align: 'end', highlight: false })}
        >
          <ArrowDownIcon />
        </button>
      )}
    </div>
  );
}
