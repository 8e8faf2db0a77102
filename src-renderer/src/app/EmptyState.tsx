// What the main pane says before there is anything to show.
import { plural } from '../common/format.ts';
import { ChatsIcon } from '../common/icons.tsx';
import { ImportButton } from '../import/ImportButton.tsx';

export function EmptyState({ onRestore }: { readonly onRestore: () => void }) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <div className="empty-state__art" aria-hidden="true">
        <ChatsIcon />
      </div>
      <h2 id="empty-state-title" className="empty-state__title">
        Bring your chats to this computer
      </h2>
      <p className="empty-state__lead">Companion keeps a searchable copy of your chats here, and only here.</p>
      <ol className="empty-state__steps">
        <li>
          On your phone, open a chat, tap its name, then choose <strong>Export chat</strong>. Include media if you want photos too.
        </li>
        <li>Move the .zip or .txt file it makes to this computer.</li>
        <li>Choose Import chat and pick that file. Importing the same chat again only adds what is new.</li>
      </ol>
      <div className="row row--center">
        <ImportButton variant="primary" />
        <button type="button" className="button button--ghost" onClick={onRestore}>
          Restore from backup
        </button>
      </div>
      <p className="empty-state__lead">Moving from another computer? Restore your chats from their backup folder.</p>
    </section>
  );
}

export function NoChatSelected({ count }: { readonly count: number | null }) {
  return (
    <section className="empty-state empty-state--quiet" aria-label="No chat open">
      <div className="empty-state__art" aria-hidden="true">
        <ChatsIcon />
      </div>
      <p className="empty-state__lead">
        {count === null
          ? 'Loading your chats…'
          : `Choose one of your ${plural(count, 'chat', 'chats')} to read it, or search all messages.`}
      </p>
    </section>
  );
}
