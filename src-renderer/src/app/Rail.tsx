// The top-level navigation: one entry per view. Later views (backups, passkeys) join Settings here.
import type { ReactNode } from 'react';
import { ChatsIcon, SettingsIcon } from '../common/icons.tsx';

export type View = 'chats' | 'settings';

interface RailProps {
  readonly view: View;
  readonly onChange: (view: View) => void;
}

export function Rail({ view, onChange }: RailProps) {
  return (
    <nav className="rail" aria-label="Sections">
      <span className="rail__brand" aria-hidden="true">
        C
      </span>
      <RailItem label="Chats" icon={<ChatsIcon />} current={view === 'chats'} onClick={() => onChange('chats')} />
      <RailItem label="Settings" icon={<SettingsIcon />} current={view === 'settings'} onClick={() => onChange('settings')} />
    </nav>
  );
}

function RailItem({ label, icon, current, onClick }: { label: string; icon: ReactNode; current: boolean; onClick: () => void }) {
  return (
    <button type="button" className="rail__item" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {icon}
      <span className="rail__label">{label}</span>
    </button>
  );
}
