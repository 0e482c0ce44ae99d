import { evaluate } from './cel-test-eval';

describe("Kubernetes' CEL IP and CIDR libraries", () => {
  it('parses addresses strictly, as upstream', () => {
    const self = { hosts: ['198.18.0.1', '2001:db8::1', '01.2.3.4', '::ffff:198.18.0.1', 'fe80::1%eth0', 'example.com'] };
    expect(evaluate('self.hosts.map(h, isIP(h))', self)).toEqual([true, true, false, false, false, false]);
    expect(evaluate("isCIDR('198.18.0.0/16') && !isCIDR('198.18.0.0/33') && !isCIDR('198.18.0.0') && isCIDR('2001:db8::/32')")).toBe(true);
    expect(evaluate("ip('nope') == ip('nope')")).toMatch(/^error: .*IP parse error/);
  });

  it('answers family, kind and containment', () => {
    expect(evaluate("ip('198.18.0.1').family() == 4 && ip('::1').family() == 6 && ip('::1').isLoopback()")).toBe(true);
    expect(evaluate("ip('127.0.0.1').isLoopback() && ip('0.0.0.0').isUnspecified() && ip('198.18.0.1').isGlobalUnicast()")).toBe(true);
    expect(evaluate("ip('169.254.1.1').isLinkLocalUnicast() && !ip('224.0.0.1').isGlobalUnicast()")).toBe(true);
    expect(evaluate("cidr('198.18.0.0/16').containsIP('198.18.4.5') && !cidr('198.18.0.0/16').containsIP(ip('198.19.0.1'))")).toBe(true);
    expect(evaluate("cidr('198.18.0.0/16').containsCIDR('198.18.128.0/17') && !cidr('198.18.0.0/17').containsCIDR('198.18.0.0/16')")).toBe(
      true,
    );
    expect(evaluate("cidr('198.18.7.9/16').prefixLength() == 16 && cidr('198.18.7.9/16').masked() == cidr('198.18.0.0/16')")).toBe(true);
    expect(evaluate("cidr('2001:db8::7/32').ip() == ip('2001:db8::7')")).toBe(true);
  });
});
