// One message in the list, with the day separator and sender name it may need above it.
import { memo } from 'react';
import type { Message } from '../../../src-shared/contract.ts';
import { dayKey, formatDay, formatFullDate, formatTime } from '../common/format.ts';
import { BlockedIcon } from '../common/icons.tsx';
import { hueFor } from '../common/person-color.ts';
import { AttachmentView } from './AttachmentView.tsx';

interface MessageRowProps {
  readonly message: Message;
  /** The message before it, when loaded: decides day separators and sender grouping. */
  readonly previous: Message | undefined;
  readonly highlighted: boolean;
}

export const MessageRow = memo(function MessageRow({ message, previous, highlighted }: MessageRowProps) {
  const newDay = previous === undefined ? message.seq === 0 : dayKey(previous.sentAt) !== dayKey(message.sentAt);
  const startsGroup = newDay || previous?.kind === 'system' || previous?.sender !== message.sender;
  return (
    <>
      {newDay && (
        <div className="day-separator">
          <span>{formatDay(message.sentAt)}</span>
        </div>
      )}
      {message.kind === 'system' ? (
        <p className={`system-message${highlighted ? ' is-highlighted' : ''}`}>{message.body}</p>
      ) : (
        <Bubble message={message} showSender={startsGroup} highlighted={highlighted} />
      )}
    </>
  );
});

function Bubble({
  message,
  showSender,
  highlighted,
}: {
  readonly message: Message;
  readonly showSender: boolean;
  readonly highlighted: boolean;
}) {
  const deleted = message.kind === 'deleted';
  const hasText = deleted || message.body.length > 0;
  const classes = ['bubble', showSender ? 'bubble--first' : '', hasText ? '' : 'bubble--no-text', highlighted ? 'is-highlighted' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      {showSender && message.sender !== null && (
        <p className="bubble__sender" style={{ color: `hsl(${hueFor(message.sender)} 50% 36%)` }}>
          {message.sender}
        </p>
      )}
      {deleted ? (
        <p className="bubble__body bubble__body--deleted">
          <BlockedIcon />
          This message was deleted
        </p>
      ) : (
        <>
          {message.attachments.length > 0 && (
            <div className="bubble__attachments">
              {message.attachments.map((attachment) => (
                <AttachmentView key={attachment.id} attachment={attachment} />
              ))}
            </div>
          )}
          {hasText && <p className="bubble__body">{message.body}</p>}
        </>
      )}
      <time className="bubble__time" dateTime={new Date(message.sentAt).toISOString().slice(0, 19)} title={formatFullDate(message.sentAt)}>
        {formatTime(message.sentAt)}
      </time>
    </div>
  );
}

export function MessagePlaceholder() {
  return (
    <div className="bubble bubble--placeholder" aria-hidden="true">
      <span className="skeleton skeleton--line" />
      <span className="skeleton skeleton--line skeleton--short" />
    </div>
  );
}
