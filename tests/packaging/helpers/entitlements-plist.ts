// Reads an entitlements plist: a <dict> of keys whose values are <true/>, <false/>, <string> or an
// <array> of strings. Anything else is an error, so a malformed file cannot pass by being skipped.
export type EntitlementValue = boolean | string | readonly string[];

const entry = /^<key>([^<]+)<\/key>\s*(<true\/>|<false\/>|<string>[^<]*<\/string>|<array>\s*(?:<string>[^<]*<\/string>\s*)*<\/array>)\s*/;

function valueOf(xml: string): EntitlementValue {
  if (xml === '<true/>') return true;
  if (xml === '<false/>') return false;
  const strings = [...xml.matchAll(/<string>([^<]*)<\/string>/g)].map((match) => match[1] ?? '');
  return xml.startsWith('<array>') ? strings : (strings[0] ?? '');
}

export function readEntitlements(plist: string): Record<string, EntitlementValue> {
  const body = /<plist version="1\.0">\s*<dict>([\s\S]*)<\/dict>\s*<\/plist>\s*$/.exec(plist.replace(/<!--[\s\S]*?-->/g, ''));
  if (body?.[1] === undefined) throw new Error('Not an entitlements plist (<plist version="1.0"><dict>…</dict></plist>).');
  const entitlements: Record<string, EntitlementValue> = {};
  let rest = body[1].trim();
  while (rest !== '') {
    const match = entry.exec(rest);
    if (match?.[1] === undefined || match[2] === undefined) throw new Error(`Unexpected plist content: ${rest.slice(0, 60)}`);
    entitlements[match[1]] = valueOf(match[2]);
    rest = rest.slice(match[0].length);
  }
  return entitlements;
}
