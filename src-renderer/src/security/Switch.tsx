// An on/off switch with the switch role, named by the setting's title.
export function Switch({
  labelledBy,
  checked,
  disabled,
  onToggle,
}: {
  readonly labelledBy: string;
  readonly checked: boolean;
  readonly disabled: boolean;
  readonly onToggle: () => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      disabled={disabled}
      onClick={onToggle}
    >
      <span className="switch__thumb" aria-hidden="true" />
    </button>
  );
}
