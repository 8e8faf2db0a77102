// Windows .ico with PNG-compressed images (read by Windows Vista and later, and by electron-builder).
// Layout: ICONDIR (6 bytes), one 16-byte ICONDIRENTRY per image, then the PNG files.
import { pngSize } from './png-info.ts';

const dirSize = 6;
const entrySize = 16;

export function encodeIco(pngs: readonly Uint8Array[]): Buffer {
  const header = Buffer.alloc(dirSize + entrySize * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, i) => {
    const { width, height } = pngSize(png);
    if (width > 256 || height > 256) throw new Error(`An .ico image is at most 256 px, not ${width}.`);
    const at = dirSize + entrySize * i;
    header.writeUInt8(width % 256, at); // 0 means 256
    header.writeUInt8(height % 256, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.byteLength, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.byteLength;
  });
  return Buffer.concat([header, ...pngs]);
}

export interface IcoImage {
  /** The size the directory entry declares. */
  readonly declared: number;
  readonly png: Buffer;
}

export function readIco(file: Buffer): IcoImage[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('Not an .ico file.');
  const images: IcoImage[] = [];
  for (let i = 0; i < file.readUInt16LE(4); i++) {
    const at = dirSize + entrySize * i;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    images.push({ declared: file.readUInt8(at) || 256, png: file.subarray(offset, offset + length) });
  }
  return images;
}
