// Where this profile backs up to, as fact rows: the folder, or the S3 bucket and whether this
// computer holds its secret (main never sends the secret itself).
import type { BackupLocationView } from '../../../src-shared/common-schemas.ts';

export function DestinationSummary({ location }: { readonly location: BackupLocationView }) {
  if (location.kind === 'folder') {
    return (
      <div className="facts__row facts__row--wide">
        <dt>Backup folder</dt>
        <dd className="path">{location.path}</dd>
      </div>
    );
  }
  return (
    <>
      <div className="facts__row facts__row--wide">
        <dt>S3 storage</dt>
        <dd className="path">
          {location.prefix === '' ? location.bucket : `${location.bucket}/${location.prefix}`} at {location.endpoint}
        </dd>
      </div>
      <div className="facts__row">
        <dt>Region</dt>
        <dd>{location.region}</dd>
      </div>
      <div className="facts__row">
        <dt>Access key ID</dt>
        <dd className="path">{location.accessKeyId}</dd>
      </div>
      <div className="facts__row">
        <dt>Secret access key</dt>
        <dd>{location.secretSaved ? 'Secret saved on this computer' : 'No secret on this computer: set up the destination again'}</dd>
      </div>
    </>
  );
}
