// Puts a freshly opened list where it was asked to open (the latest message, or a search hit), and
// keeps it there while the first pages arrive and the estimated rows take their real heights.
import type { Virtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, type RefObject } from 'react';

export interface OpeningTarget {
  readonly index: number;
  readonly align: 'start' | 'center' | 'end';
  /** Move keyboard focus into the list: the reader asked for this place (search hit, Home, End). */
  readonly focus: boolean;
}

interface OpeningScrollOptions {
  readonly virtualizer: Virtualizer<HTMLDivElement, Element>;
  readonly scrollRef: RefObject<HTMLDivElement | null>;
  readonly target: OpeningTarget;
  /** Whether every row on screen holds its message (not a placeholder). */
  readonly onScreenLoaded: boolean;
  /** Set once the opening scroll has been issued: the window may slide only after that. */
  readonly openedRef: RefObject<boolean>;
}

/** Returns the function to call on any input of the reader's: from then on, the list stops re-aiming. */
export function useOpeningScroll({ virtualizer, scrollRef, target, onScreenLoaded, openedRef }: OpeningScrollOptions): () => void {
  const reaimed = useRef(false);
  const touched = useRef(false);

  useLayoutEffect(() => {
    if (target.index >= 0) virtualizer.scrollToIndex(target.index, { align: target.align });
    if (target.focus) scrollRef.current?.focus({ preventScroll: true });
    openedRef.current = true;
  }, [virtualizer, scrollRef, target, openedRef]);

  // The first aim used estimated heights. Once the rows on screen hold messages and have been
  // measured (their ref callbacks run before this effect), aim once more.
  useLayoutEffect(() => {
    if (!onScreenLoaded || reaimed.current) return;
    reaimed.current = true;
    if (!touched.current && target.index >= 0) virtualizer.scrollToIndex(target.index, { align: target.align });
  }, [onScreenLoaded, virtualizer, target]);

  return () => {
    touched.current = true;
  };
}
