import { describe, expect, it } from 'vitest';
import { appOriginOf } from '../../../src-main/app/app-origin.ts';
import { navigationVerdict, webviewVerdict, windowOpenResponse } from '../../../src-main/app/navigation-policy.ts';

const appOrigin = appOriginOf('companion.example');

describe('navigationVerdict', () => {
  it('allows navigation within the app origin', () => {
    expect(navigationVerdict('https://companion.example/', appOrigin)).toBe('allow');
    expect(navigationVerdict('https://companion.example/index.html?x=1', appOrigin)).toBe('allow');
  });

  it.each([
    'https://example.com/',
    'https://companion.example.evil.com/',
    'http://companion.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'mailto:someone@example.com',
    '',
  ])('denies %j', (url) => {
    expect(navigationVerdict(url, appOrigin)).toBe('deny');
  });
});

describe('window.open and <webview>', () => {
  it('never opens a window', () => {
    expect(windowOpenResponse()).toEqual({ action: 'deny' });
  });

  it('never attaches a webview', () => {
    expect(webviewVerdict()).toBe('deny');
  });
});
