// Apple .icns holding PNG images: 'icns' + total length, then per image a four-character type, its
// length (header included) and the PNG. All integers are big-endian.
export interface IcnsImage {
  readonly type: string;
  readonly png: Buffer;
}

export function encodeIcns(images: readonly { readonly type: string; readonly png: Uint8Array }[]): Buffer {
  const parts = images.map(({ type, png }) => {
    if (!/^[a-z0-9]{4}$/.test(type)) throw new Error(`Bad icns type ${type}.`);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(8 + png.byteLength, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

export function readIcns(file: Buffer): IcnsImage[] {
  if (file.toString('latin1', 0, 4) !== 'icns' || file.readUInt32BE(4) !== file.length) throw new Error('Not an .icns file.');
  const images: IcnsImage[] = [];
  for (let at = 8; at < file.length;) {
    const length = file.readUInt32BE(at + 4);
    if (length < 8 || at + length > file.length) throw new Error('Truncated .icns entry.');
    images.push({ type: file.toString('latin1', at, at + 4), png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return images;
}
