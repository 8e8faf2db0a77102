// Attachments: stored images as thumbnails served by the host, other stored files as a link,
// and an honest label for what the export left out.
import type { Attachment } from '../../../src-shared/contract.ts';
import { formatBytes } from '../common/format.ts';
import { FileIcon, ImageOffIcon } from '../common/icons.tsx';

/** The host serves media only as an allow-listed type named in the URL; anything else downloads as bytes. */
function mediaUrl(sha256: string, mime: string | null): string {
  const url = `/media/${encodeURIComponent(sha256)}`;
  return mime === null ? url : `${url}?type=${encodeURIComponent(mime)}`;
}

export function AttachmentView({ attachment }: { readonly attachment: Attachment }) {
  const { status, sha256, mime, fileName, size } = attachment;
  if (status === 'omitted') {
    return (
      <span className="attachment-chip attachment-chip--muted">
        <ImageOffIcon />
        <span>Media omitted</span>
      </span>
    );
  }
  if (status === 'stored' && sha256 !== null && mime?.startsWith('image/') === true) {
    return (
      <a className="attachment-image" href={mediaUrl(sha256, mime)} target="_blank" rel="noreferrer" aria-label={`Open image ${fileName}`}>
        {/* A fixed box: the row's height must not change when the image arrives. */}
        <img src={mediaUrl(sha256, mime)} alt={fileName} loading="lazy" decoding="async" width={240} height={180} />
      </a>
    );
  }
  const label = (
    <>
      <FileIcon />
      <span className="attachment-chip__name">{fileName}</span>
      {size !== null && <span className="attachment-chip__size">{formatBytes(size)}</span>}
      {status === 'missing' && <span className="attachment-chip__size">not in the export</span>}
    </>
  );
  if (status === 'stored' && sha256 !== null) {
    return (
      <a className="attachment-chip" href={mediaUrl(sha256, mime)} download={fileName} aria-label={`Download ${fileName}`}>
        {label}
      </a>
    );
  }
  return <span className="attachment-chip attachment-chip--muted">{label}</span>;
}
