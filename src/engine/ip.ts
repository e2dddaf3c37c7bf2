/** IPv4/IPv6 addresses and CIDR ranges for the IpAddress / NotIpAddress operators. */

/** A parsed address or range: version, numeric value, prefix length. */
export interface IpRange {
  version: 4 | 6;
  value: bigint;
  prefix: number;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** Parses `addr` or `addr/prefix` (v4 or v6); undefined when malformed. */
export function parseIpRange(text: string): IpRange | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (address === undefined || extra !== undefined) return undefined;
  const v4 = parseV4(address);
  const version: 4 | 6 = v4 !== undefined ? 4 : 6;
  const value = v4 ?? parseV6(address);
  if (value === undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { version, value, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { version, value, prefix: Number(prefixText) };
}

/** Whether a single address lies inside a range of the same IP version. */
export function ipInRange(address: IpRange, range: IpRange): boolean {
  if (address.version !== range.version) return false;
  const shift = BigInt((range.version === 4 ? 32 : 128) - range.prefix);
  return address.value >> shift === range.value >> shift;
}
