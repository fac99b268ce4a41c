import { isIP } from 'node:net';
import { MISLEAD_SPREAD, pointEvidence, temper } from './evidence-util.js';
import type { EvidenceItem, IpObservation } from './types.js';

/** ASN facts about an IP address. */
export interface AsnInfo {
  readonly asn: number;
  readonly org: string;
  /** Hosting, cloud, VPN or proxy network: the IP country says where the server is, not the person. */
  readonly hosting: boolean;
}

/** An offline IP database: country of the access network, and ASN. */
export interface IpLookup {
  readonly name: string;
  country(ip: string): string | null;
  asn(ip: string): AsnInfo | null;
}

/** α of an IP (roaming, satellite) and of a hosting/VPN IP. */
export const IP_ALPHA = { plain: 0.3, hosting: 0.9 } as const;

/** Where VPN exits are (Q for a hosting/VPN IP); other countries share the rest uniformly. */
export const VPN_EXITS: Readonly<Record<string, number>> = {
  NL: 0.18,
  US: 0.18,
  DE: 0.14,
  GB: 0.1,
  CH: 0.05,
  SE: 0.05,
  FR: 0.05,
  SG: 0.04,
  CA: 0.04,
  RO: 0.03,
  JP: 0.02,
};

const PRIVATE = [
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^127\./,
  /^169\.254\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
  /^(fc|fd|fe80|::1$)/i,
];

/** True for private, loopback, link-local and CGNAT ranges (no country). */
export function isPrivateIp(ip: string): boolean {
  return PRIVATE.some((r) => r.test(ip));
}

function vpnBackground(country: string): number {
  const listed = Object.values(VPN_EXITS).reduce((a, b) => a + b, 0);
  return VPN_EXITS[country] ?? (1 - listed) / MISLEAD_SPREAD;
}

/** Evidence from IPs: one per distinct address, tempered 1/√k over the actor's k addresses. */
export function ipEvidence(ips: readonly IpObservation[], lookup: IpLookup): EvidenceItem[] {
  const first = new Map<string, IpObservation>();
  for (const o of ips) {
    const ip = o.ip.trim();
    if (isIP(ip) && !first.has(ip)) first.set(ip, o);
  }
  const list = [...first.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const out: EvidenceItem[] = [];
  const resolved = list.map(([ip, o]) => ({
    ip,
    o,
    cc: isPrivateIp(ip) ? null : lookup.country(ip),
    asn: isPrivateIp(ip) ? null : lookup.asn(ip),
  }));
  const k = resolved.filter((r) => r.cc).length;
  for (const { ip, o, cc, asn } of resolved) {
    const holder = asn ? `AS${asn.asn} ${asn.org}` : 'no ASN';
    const flags = [...(asn?.hosting ? ['vpn'] : []), ...(isPrivateIp(ip) ? ['private'] : [])];
    const value = `IP ${ip} → ${cc ?? 'no country'} (${holder}${asn?.hosting ? ', hosting/VPN' : ''}; ${lookup.name})`;
    if (!cc) {
      out.push({
        signal: 'ip',
        value,
        countries: {},
        otherwise: 1,
        alpha: 1,
        background: 1,
        weight: 0,
        source: o.source,
        flags,
      });
      continue;
    }
    const hosting = asn?.hosting ?? false;
    out.push(
      pointEvidence('ip', cc, value, hosting ? IP_ALPHA.hosting : IP_ALPHA.plain, temper(k), o.source, {
        flags,
        ...(hosting ? { background: vpnBackground(cc) } : {}),
      }),
    );
  }
  return out;
}
