import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader, type CountryResponse } from 'maxmind';
import type { AsnInfo, IpLookup } from './ip.js';

/**
 * Offline IP data shipped inside npm packages (no runtime download):
 * - country: @ip-location-db/geo-whois-asn-country-mmdb (CC0; RIR whois + geofeeds + ASN), read with `maxmind`;
 * - ASN and holder: @ip-location-db/asn CSV (CC BY 4.0 + RouteViews), loaded lazily on the first lookup
 *   (about 0.5 M ranges; ~1 s and ~30 MB), then binary-searched.
 * The hosting/VPN flag is a documented heuristic: a list of hosting/VPN ASNs plus holder-name keywords.
 */

const require = createRequire(import.meta.url);

/** Well-known hosting, cloud and VPN-provider ASNs (M247, Datacamp, OVH, Hetzner, Leaseweb, DigitalOcean, AWS…). */
export const HOSTING_ASNS: ReadonlySet<number> = new Set([
  9009, 16247, 42973, 212238, 60068, 16276, 24940, 60781, 28753, 30633, 7203, 27411, 19148, 14061, 393406,
  16509, 14618, 8987, 8075, 15169, 396982, 20473, 63949, 13335, 51167, 197540, 207990, 136787, 141039, 53667,
  62240, 206092, 209854, 200651, 49981, 9312, 39351, 43350, 58065, 54290, 40676, 32097,
]);

/** Holder-name keywords that mark hosting, cloud, VPN or proxy networks. */
export const HOSTING_KEYWORDS =
  /\b(hosting|host|vps|vpn|proxy|cloud|datacenter|data center|data-center|colo|colocation|servers?|dedicated|leaseweb|m247|datacamp|hetzner|digitalocean|linode|vultr|choopa|ovh|contabo|tor exit)\b/i;

let countryReader: Reader<CountryResponse> | undefined;

/** Path of the shipped country database, resolved through the package (works from src and dist). */
export function countryDbPath(): string {
  return require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
}

function countryDb(): Reader<CountryResponse> {
  countryReader ??= new Reader<CountryResponse>(readFileSync(countryDbPath()));
  return countryReader;
}

interface AsnTableV4 {
  start: Float64Array;
  end: Float64Array;
  asn: Uint32Array;
  org: string[];
}
interface AsnTableV6 {
  /** 128-bit bounds as zero-padded decimal strings: lexical order = numeric order, no BigInt at load. */
  start: string[];
  end: string[];
  asn: number[];
  org: string[];
}
let v4: AsnTableV4 | undefined;
let v6: AsnTableV6 | undefined;
const PAD = 40;

/** Split "start,end,asn,org" (org possibly quoted with doubled quotes) without a general CSV parser. */
function fields(line: string): [string, string, string, string] {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  let org = line.slice(c + 1);
  if (org.startsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
  return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), org];
}

function readLines(file: string): string[] {
  return readFileSync(require.resolve(file), 'utf8').split('\n').filter(Boolean);
}

function loadV4(): AsnTableV4 {
  if (v4) return v4;
  const lines = readLines('@ip-location-db/asn/asn-ipv4-num.csv');
  const t: AsnTableV4 = {
    start: new Float64Array(lines.length),
    end: new Float64Array(lines.length),
    asn: new Uint32Array(lines.length),
    org: new Array<string>(lines.length),
  };
  lines.forEach((l, i) => {
    const [s, e, a, org] = fields(l);
    t.start[i] = Number(s);
    t.end[i] = Number(e);
    t.asn[i] = Number(a);
    t.org[i] = org;
  });
  v4 = t;
  return t;
}

function loadV6(): AsnTableV6 {
  if (v6) return v6;
  const t: AsnTableV6 = { start: [], end: [], asn: [], org: [] };
  for (const l of readLines('@ip-location-db/asn/asn-ipv6-num.csv')) {
    const [s, e, a, org] = fields(l);
    t.start.push(s.padStart(PAD, '0'));
    t.end.push(e.padStart(PAD, '0'));
    t.asn.push(Number(a));
    t.org.push(org);
  }
  v6 = t;
  return t;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

function ipv6ToBigInt(ip: string): bigint {
  let s = ip;
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail) {
    const n = ipv4ToNumber(v4tail[1]!);
    s = s.slice(0, -v4tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

function search<T extends number | string>(starts: ArrayLike<T>, ends: ArrayLike<T>, x: T): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! > x) hi = mid - 1;
    else if (ends[mid]! < x) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** ASN, holder and hosting flag of an IP (lazy-loads the ASN table), or null when unrouted. */
export function asnOf(ip: string): AsnInfo | null {
  const fam = isIP(ip);
  let asn: number;
  let org: string;
  if (fam === 4) {
    const t = loadV4();
    const i = search(t.start, t.end, ipv4ToNumber(ip));
    if (i < 0) return null;
    [asn, org] = [t.asn[i]!, t.org[i]!];
  } else if (fam === 6) {
    const t = loadV6();
    const i = search(t.start, t.end, ipv6ToBigInt(ip).toString().padStart(PAD, '0'));
    if (i < 0) return null;
    [asn, org] = [t.asn[i]!, t.org[i]!];
  } else return null;
  return { asn, org, hosting: HOSTING_ASNS.has(asn) || HOSTING_KEYWORDS.test(org) };
}

/** The default offline lookup: shipped country database + lazy ASN table. */
export const defaultIpLookup: IpLookup = {
  name: 'geo-whois-asn-country (CC0) + @ip-location-db/asn',
  country(ip: string): string | null {
    if (!isIP(ip)) return null;
    // geo-whois-asn-country stores `country_code`; a GeoIP2-style drop-in stores `country.iso_code`.
    const r = countryDb().get(ip) as unknown as {
      country_code?: string;
      country?: { iso_code?: string };
    } | null;
    return r?.country_code ?? r?.country?.iso_code ?? null;
  },
  asn: asnOf,
};
