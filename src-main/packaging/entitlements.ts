// The macOS app's entitlements, derived from the RP ID (src-main/app/app-origin.ts), so the associated
// domain passkeys need can never drift from the origin the renderer is served at. The committed
// resources/entitlements.mac.plist is this without a team; a release build (npm run dist with
// APPLE_TEAM_ID) writes it with the application and team identifiers, which ASAuthorization requires
// and which osx-sign adds on its own only for sandboxed apps.
export type Entitlements = Readonly<Record<string, boolean | string | readonly string[]>>;

const teamIdPattern = /^[A-Z0-9]{10}$/;

export interface EntitlementsFor {
  readonly rpId: string;
  readonly appId: string;
  /** The Apple Developer team (10 characters); omitted in the committed, team-less file. */
  readonly teamId?: string;
}

export function macAppEntitlements({ rpId, appId, teamId }: EntitlementsFor): Entitlements {
  const entitlements: Record<string, boolean | string | readonly string[]> = {
    // V8 compiles JavaScript at run time.
    'com.apple.security.cs.allow-jit': true,
    'com.apple.developer.associated-domains': [`webcredentials:${rpId}`],
  };
  if (teamId === undefined) return entitlements;
  if (!teamIdPattern.test(teamId)) throw new Error('APPLE_TEAM_ID must be the 10-character Apple Developer team ID.');
  entitlements['com.apple.application-identifier'] = `${teamId}.${appId}`;
  entitlements['com.apple.developer.team-identifier'] = teamId;
  return entitlements;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function plistValue(value: boolean | string | readonly string[]): string {
  if (typeof value === 'boolean') return `    <${String(value)}/>`;
  if (typeof value === 'string') return `    <string>${escapeXml(value)}</string>`;
  return ['    <array>', ...value.map((item) => `      <string>${escapeXml(item)}</string>`), '    </array>'].join('\n');
}

export function entitlementsPlist(entitlements: Entitlements): string {
  const body = Object.entries(entitlements).map(([key, value]) => `    <key>${escapeXml(key)}</key>\n${plistValue(value)}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '  <dict>',
    ...body,
    '  </dict>',
    '</plist>',
    '',
  ].join('\n');
}
