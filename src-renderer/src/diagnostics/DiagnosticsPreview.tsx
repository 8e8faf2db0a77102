// The diagnostics file, shown whole before it is saved: the person sees exactly what they send.
import { useEffect, useMemo } from 'react';

export function DiagnosticsPreview({
  bundle,
  onClose,
}: {
  readonly bundle: { fileName: string; text: string };
  readonly onClose: () => void;
}) {
  const url = useMemo(() => URL.createObjectURL(new Blob([bundle.text], { type: 'application/json' })), [bundle.text]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div className="preview" role="region" aria-label="Diagnostics file">
      <p>
        This is everything in the file. It has no messages, names, phone numbers, file paths or keys. Read it, then save it and attach it to
        your email to support.
      </p>
      <pre className="preview__text" tabIndex={0} aria-label="Diagnostics preview">
        {bundle.text}
      </pre>
      <div className="row">
        <a className="button button--primary" href={url} download={bundle.fileName}>
          Save file
        </a>
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
