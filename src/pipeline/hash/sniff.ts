/** Image formats recognised by their first bytes (whatever the file name or declared MIME type says). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heif' | 'bmp';

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

/** The image format of a file from its first 32 bytes, or null when it is not an image we know. */
export function sniffImage(head: Uint8Array): ImageFormat | null {
  if (head.length < 4) return null;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head[0] === 0x89 && ascii(head, 1, 4) === 'PNG') return 'png';
  if (ascii(head, 0, 4) === 'GIF8') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return 'tiff';
  if (head[0] === 0x42 && head[1] === 0x4d) return 'bmp';
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'mif1', 'msf1', 'hevc', 'heim', 'heis'].includes(brand)) return 'heif';
  }
  return null;
}

/** True when the first bytes look like a video container FFmpeg reads (ISO BMFF/QuickTime, Matroska/WebM, AVI, MPEG-TS/PS, FLV, Ogg). */
export function sniffVideo(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  if (ascii(head, 4, 8) === 'ftyp') return sniffImage(head) === null;
  if (['moov', 'mdat', 'wide', 'free'].includes(ascii(head, 4, 8))) return true;
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 11) === 'AVI') return true;
  if (head[0] === 0x47 && head.length > 188 && head[188] === 0x47) return true;
  if (head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) return true;
  return ascii(head, 0, 3) === 'FLV' || ascii(head, 0, 4) === 'OggS';
}
