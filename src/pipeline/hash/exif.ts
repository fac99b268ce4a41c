import exifr from 'exifr';

/** The EXIF facts Vigie keeps: camera, original date (camera local time, with its offset when recorded), GPS. */
export interface ExifFacts {
  readonly make: string | null;
  readonly model: string | null;
  /** `YYYY-MM-DDTHH:MM:SS` in the camera's local time, plus `±HH:MM` when OffsetTimeOriginal is present. */
  readonly takenAt: string | null;
  readonly gpsLat: number | null;
  readonly gpsLon: number | null;
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.replace(/\0+$/, '').trim();
  return s ? s : null;
}

function exifDate(v: unknown, offset: unknown): string | null {
  const s = text(v);
  const m = s && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(s);
  if (!m) return null;
  const off = text(offset);
  const zone = off && /^[+-]\d{2}:\d{2}$/.test(off) ? off : '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`;
}

/** Read make, model, original date and GPS position; null when the file has none of them (or no EXIF). */
export async function readExif(input: string | Uint8Array): Promise<ExifFacts | null> {
  return (await readExifInfo(input)).facts;
}

/** The EXIF facts of a file or of its bytes, and its EXIF Orientation (1–8; 1 when absent or invalid). */
export async function readExifInfo(
  input: string | Uint8Array,
): Promise<{ facts: ExifFacts | null; orientation: number }> {
  if (typeof input !== 'string' && jpegWithoutExif(input)) return { facts: null, orientation: 1 };
  let raw: Record<string, unknown> | undefined;
  try {
    raw = (await exifr.parse(input, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      interop: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      reviveValues: false,
      translateValues: false,
      pick: [
        'Make',
        'Model',
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
        'Orientation',
      ],
    })) as Record<string, unknown> | undefined;
  } catch {
    return { facts: null, orientation: 1 };
  }
  if (!raw) return { facts: null, orientation: 1 };
  const o = raw['Orientation'];
  const orientation = typeof o === 'number' && Number.isInteger(o) && o >= 1 && o <= 8 ? o : 1;
  const lat = gpsCoord(raw['GPSLatitude'], raw['GPSLatitudeRef'], 'S', 90);
  const lon = gpsCoord(raw['GPSLongitude'], raw['GPSLongitudeRef'], 'W', 180);
  const facts: ExifFacts = {
    make: text(raw['Make']),
    model: text(raw['Model']),
    takenAt: exifDate(raw['DateTimeOriginal'], raw['OffsetTimeOriginal']),
    gpsLat: lat !== null && lon !== null ? lat : null,
    gpsLon: lat !== null && lon !== null ? lon : null,
  };
  return { facts: Object.values(facts).some((v) => v !== null) ? facts : null, orientation };
}

function gpsCoord(v: unknown, ref: unknown, negRef: string, max: number): number | null {
  let deg: number | null = null;
  if (Array.isArray(v) && v.length >= 1 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    const [d = 0, m = 0, s = 0] = v as number[];
    deg = d + m / 60 + s / 3600;
  } else if (typeof v === 'number' && Number.isFinite(v)) deg = v;
  if (deg === null || deg > max) return null;
  if (text(ref)?.toUpperCase() === negRef) deg = -deg;
  return Math.round(deg * 1e7) / 1e7;
}

/**
 * True when the bytes are a JPEG whose header segments, up to the image data, hold no APP1 "Exif" segment (most
 * chat photos: platforms strip EXIF), so that exifr need not run; false when there is one or the walk is unsure.
 */
export function jpegWithoutExif(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return false;
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return false;
    const m = b[p + 1]!;
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m === 0xda || m === 0xd9) return true; // start of scan, end of image: no EXIF before the pixels
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      p += 2;
      continue;
    }
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    if (len < 2) return false;
    const exif = [0x45, 0x78, 0x69, 0x66, 0, 0].every((c, i) => b[p + 4 + i] === c);
    if (m === 0xe1 && exif) return false;
    p += 2 + len;
  }
  return false;
}
