// Writes the macOS app entitlements for one team to a temporary file for `npm run dist`: the RP ID
// from app-origin.ts, the app id from electron-builder.yml.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { defaultRpId } from '../app/app-origin.ts';
import { entitlementsPlist, macAppEntitlements } from '../packaging/entitlements.ts';

export function writeMacEntitlements(root: string, teamId: string): string {
  const { appId } = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { appId: string };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'companion-entitlements-')), 'entitlements.mac.plist');
  writeFileSync(file, entitlementsPlist(macAppEntitlements({ rpId: defaultRpId, appId, teamId })));
  return file;
}
