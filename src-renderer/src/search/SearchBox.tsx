import { SearchIcon, CloseIcon } from '../common/icons.tsx';

interface SearchBoxProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
}

export function SearchBox({ value, onChange }: SearchBoxProps) {
  return (
    <form className="search-box" role="search" aria-label="Search messages" onSubmit={(event) => event.preventDefault()}>
      <SearchIcon />
      <input
        type="search"
        className="search-box__input"
        placeholder="Search messages"
        aria-label="Search messages"
        autoComplete="off"
        spellCheck={false}
        value={value}
        maxLength={200}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value !== '') {
            event.preventDefault();
            onChange('');
          }
        }}
      />
      {value !== '' && (
        <button type="button" className="icon-button search-box__clear" aria-label="Clear search" onClick={() => onChange('')}>
          <CloseIcon />
        </button>
      )}
    </form>
  );
}
