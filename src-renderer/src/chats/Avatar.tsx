import { hueFor, initialsOf } from '../common/person-color.ts';

/** Initials on a colour derived from the name: chat exports carry no pictures. */
export function Avatar({ name, size = 44 }: { readonly name: string; readonly size?: number }) {
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: size * 0.38,
        background: `hsl(${hueFor(name)} 55% 92%)`,
        color: `hsl(${hueFor(name)} 45% 32%)`,
      }}
    >
      {initialsOf(name)}
    </span>
  );
}
