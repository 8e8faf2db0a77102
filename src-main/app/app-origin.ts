// The one origin the renderer is served from. WebAuthn binds every passkey to its RP ID, and the
// renderer's origin must be https://<rp id>, so this domain must never change once passkeys exist:
// changing it orphans every passkey slot (only the recovery key would still open old backups).

/** The production RP ID. A real, owned domain is needed before macOS passkeys ship (associated domains). */
export const defaultRpId = 'companion.example';

/** Development only: run against another RP ID without rebuilding. */
export const rpIdEnvVar = 'COMPANION_RP_ID';

// A lowercase DNS name with at least two labels: no scheme, port, path, IP literal or trailing dot.
const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isValidRpId(value: string): boolean {
  return domainPattern.test(value);
}

/** Reads the RP ID from the environment; a malformed override is an error, not a silent fallback. */
export function resolveRpId(env: Readonly<Record<string, string | undefined>>): string {
  const override = env[rpIdEnvVar];
  if (override === undefined || override === '') return defaultRpId;
  if (!isValidRpId(override)) throw new Error(`${rpIdEnvVar} must be a lowercase domain name such as companion.example.`);
  return override;
}

/** The serialised origin (scheme + host, no slash), as URL.origin spells it. */
export function appOriginOf(rpId: string): string {
  return `https://${rpId}`;
}

/** True only for URLs whose origin is exactly the app origin (no other scheme, host or port). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.origin === appOrigin;
  } catch {
    return false;
  }
}
