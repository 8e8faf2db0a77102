// The one time the recovery key is shown. The person confirms they saved it before going on; then
// it is dropped from memory (the parent clears its state).
import { useEffect, useId, useRef, useState } from 'react';

interface RecoveryKeyNoticeProps {
  readonly recoveryKey: string;
  readonly keystoreWarning: string | null;
  readonly onConfirmed: () => void;
}

export function RecoveryKeyNotice({ recoveryKey, keystoreWarning, onConfirmed }: RecoveryKeyNoticeProps) {
  const id = useId();
  const [saved, setSaved] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  // The key replaces the form the person was using: take focus there so nobody misses it.
  useEffect(() => title.current?.focus(), []);
  return (
    <section className="notice" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="notice__title" ref={title} tabIndex={-1}>
        Save your recovery key
      </h3>
      <p>
        This key opens your backups if you lose your passkeys or move to a computer without them. Companion shows it only now. Write it down
        or store it in a password manager, away from this computer.
      </p>
      <output className="recovery-key" aria-label="Recovery key">
        {recoveryKey}
      </output>
      {keystoreWarning !== null && (
        <p className="warning" role="note">
          {keystoreWarning}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
        <span>I have saved my recovery key</span>
      </label>
      <div className="row">
        <button type="button" className="button button--primary" disabled={!saved} onClick={onConfirmed}>
          Continue
        </button>
      </div>
    </section>
  );
}
