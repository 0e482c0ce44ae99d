import type { Descriptor } from '../content/descriptor';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };
  return { os: 'linux', architecture: arch[process.arch] ?? process.arch, ...(process.arch === 'arm64' ? { variant: 'v8' } : {}) };
}

/** Picks the manifest for a platform from an index, or says which platforms there were. */
export function selectPlatform(manifests: Descriptor[], want: Platform): Descriptor {
  const matches = manifests.filter((m) => m.platform?.os === want.os && m.platform.architecture === want.architecture);
  const exact = matches.find((m) => !want.variant || !m.platform?.variant || m.platform.variant === want.variant);
  if (exact) return exact;
  const offered = manifests
    .map((m) => `${m.platform?.os}/${m.platform?.architecture}${m.platform?.variant ? `/${m.platform.variant}` : ''}`)
    .join(', ');
  throw new Error(`no matching manifest for ${want.os}/${want.architecture} in the image index (it offers: ${offered || 'nothing'})`);
}
