import { ImportIcon } from '../common/icons.tsx';
import { isBusy } from './import-state.ts';
import { useImport } from './import-context.tsx';

export function ImportButton({ variant = 'secondary' }: { readonly variant?: 'primary' | 'secondary' }) {
  const { state, choose } = useImport();
  return (
    <button type="button" className={`button button--${variant}`} onClick={choose} disabled={isBusy(state)}>
      <ImportIcon />
      <span>Import chat</span>
    </button>
  );
}
