// Every icon size each platform asks for, in one place: generate-icons.ts makes exactly these and
// tests/packaging checks the committed files against them.

/** resources/icons/<n>x<n>.png: the hicolor theme sizes electron-builder installs for AppImage and deb. */
export const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/** resources/icon.ico: Explorer, the taskbar and the installer pick from these; 256 is required by electron-builder. */
export const windowsSizes = [16, 24, 32, 48, 64, 128, 256] as const;

/** resources/icon.icns: each entry type with the pixel size it holds (the @2x types hold Retina images). */
export const macEntries = [
  { type: 'icp4', size: 16 },
  { type: 'ic11', size: 32 },
  { type: 'icp5', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic13', size: 256 },
  { type: 'ic08', size: 256 },
  { type: 'ic14', size: 512 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 },
] as const;

/**
 * icon.svg is drawn on Apple's 1024 grid, with the 824-unit rounded square in the middle. macOS wants
 * that margin; on Windows and Linux the square fills the icon, so those are cut to it.
 */
export const macViewBox = '0 0 1024 1024';
export const squareViewBox = '100 100 824 824';
