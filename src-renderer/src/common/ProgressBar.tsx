// The one progress bar: a fraction from 0 to 1, or null while the total is unknown (indeterminate).
export function ProgressBar({ fraction, label }: { readonly fraction: number | null; readonly label: string }) {
  return (
    <div
      className={`progress${fraction === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
    >
      <div className="progress__bar" style={{ width: fraction === null ? undefined : `${(fraction * 100).toFixed(1)}%` }} />
    </div>
  );
}
