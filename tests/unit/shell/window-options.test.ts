import { describe, expect, it } from 'vitest';
import { appPartition, windowOptions } from '../../../src-main/app/window-options.ts';

describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/preload.cjs');
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and every risky feature off', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('sets exactly the reviewed webPreferences: no Blink features, extra arguments or other switches', () => {
    // A new key here is a security decision (enableBlinkFeatures, additionalArguments, devTools…):
    // it has to be added to this list, and to docs/security.md, on purpose.
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'partition',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('loads the given preload in the app session', () => {
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    expect(prefs.partition).toBe(appPartition);
    expect(appPartition.startsWith('persist:')).toBe(true);
  });

  it('stays hidden until ready-to-show, with a sensible size and title', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Companion');
    expect(options.minWidth).toBeLessThanOrEqual(options.width ?? 0);
    expect(options.minHeight).toBeLessThanOrEqual(options.height ?? 0);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});
