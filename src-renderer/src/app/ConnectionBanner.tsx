// Says so when the browser host cannot be reached, instead of leaving spinners running.
import { useEffect, useState } from 'react';
import { useConnectionState } from '../api/api-context.tsx';

/** The first connection usually takes a few milliseconds: do not flash a banner for it. */
const connectingGraceMs = 1000;

export function ConnectionBanner() {
  const state = useConnectionState();
  const [graceOver, setGraceOver] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), connectingGraceMs);
    return () => clearTimeout(timer);
  }, []);

  const text =
    state === 'reconnecting'
      ? 'Lost the connection to Companion. Reconnecting…'
      : state === 'connecting' && graceOver
        ? 'Connecting to Companion…'
        : null;
  return (
    <div className="connection-banner" role="status">
      {text !== null && <p className="connection-banner__text">{text}</p>}
    </div>
  );
}
