import { describe, expect, it } from 'vitest';
import { appOriginOf } from '../../../src-main/app/app-origin.ts';
import { isTrustedSender, senderFactsOf, type InvokeEventLike, type SenderFacts } from '../../../src-main/app/sender-policy.ts';

const appOrigin = appOriginOf('companion.example');
const trusted: SenderFacts = { url: 'https://companion.example/', origin: appOrigin, isMainFrame: true, isAppWindow: true };
const withUrl = (url: string): SenderFacts => ({ ...trusted, url, origin: undefined });

describe('isTrustedSender', () => {
  it('accepts the top frame of the app window at the app origin, on any path', () => {
    expect(isTrustedSender(trusted, appOrigin)).toBe(true);
    expect(isTrustedSender({ ...trusted, url: 'https://companion.example/chats/3?q=x#top' }, appOrigin)).toBe(true);
    expect(isTrustedSender({ ...trusted, origin: undefined }, appOrigin)).toBe(true);
  });

  it('refuses a subframe, even one at the app origin', () => {
    expect(isTrustedSender({ ...trusted, isMainFrame: false }, appOrigin)).toBe(false);
  });

  it('refuses a frame of another webContents', () => {
    expect(isTrustedSender({ ...trusted, isAppWindow: false }, appOrigin)).toBe(false);
  });

  it('refuses a frame that is gone', () => {
    expect(isTrustedSender({ ...trusted, url: null }, appOrigin)).toBe(false);
  });

  it.each([
    ['a foreign origin', 'https://evil.example/'],
    ['a lookalike host', 'https://companion.example.evil.com/'],
    ['a lookalike via userinfo', 'https://companion.example@evil.com/'],
    ['a parent domain', 'https://example/'],
    ['a subdomain', 'https://www.companion.example/'],
    ['another port', 'https://companion.example:8443/'],
    ['plain http', 'http://companion.example/'],
    ['file://', 'file:///opt/Companion/resources/app.asar/out/renderer/index.html'],
    ['a custom scheme', 'app://companion.example/'],
    ['about:blank', 'about:blank'],
    ['a data: URL', 'data:text/html,<script>1</script>'],
    ['an empty URL', ''],
    ['garbage', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedSender(withUrl(url), appOrigin)).toBe(false);
  });

  it('refuses an opaque origin (sandboxed document) even when the URL matches', () => {
    expect(isTrustedSender({ ...trusted, origin: 'null' }, appOrigin)).toBe(false);
  });
});

describe('senderFactsOf', () => {
  const appContentsId = 7;
  const mainFrame = { url: 'https://companion.example/', origin: appOrigin, parent: null };
  const event = (senderFrame: InvokeEventLike['senderFrame'], senderId = appContentsId): InvokeEventLike => ({
    sender: { id: senderId },
    senderFrame,
  });
  const trustedNow = (facts: SenderFacts): boolean => isTrustedSender(facts, appOrigin);

  it('trusts the main frame of the app window', () => {
    expect(senderFactsOf(event(mainFrame), appContentsId)).toEqual({
      url: mainFrame.url,
      origin: appOrigin,
      isMainFrame: true,
      isAppWindow: true,
    });
    expect(trustedNow(senderFactsOf(event(mainFrame), appContentsId))).toBe(true);
  });

  it('sees a subframe by its parent', () => {
    const subframe = { ...mainFrame, parent: mainFrame };
    expect(senderFactsOf(event(subframe), appContentsId).isMainFrame).toBe(false);
    expect(trustedNow(senderFactsOf(event(subframe), appContentsId))).toBe(false);
  });

  it('sees another webContents, and refuses everything while no window is open', () => {
    expect(trustedNow(senderFactsOf(event(mainFrame, 8), appContentsId))).toBe(false);
    expect(trustedNow(senderFactsOf(event(mainFrame), null))).toBe(false);
  });

  it('refuses a frame that is gone', () => {
    expect(trustedNow(senderFactsOf(event(null), appContentsId))).toBe(false);
  });

  it('refuses a frame that throws when read (disposed mid-call)', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      origin: appOrigin,
      parent: null,
    };
    expect(senderFactsOf(event(disposed), appContentsId)).toEqual({ url: null, isMainFrame: false, isAppWindow: false });
  });
});
