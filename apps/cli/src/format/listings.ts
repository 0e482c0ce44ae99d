import { familiarName, parseReference } from '@stevedore/oci';
import type { ContainerSummary, ImageSummary } from '@stevedore/proto';
import { ago, containerStatus, humanSize } from './human';
import { table } from './table';

function repoAndTag(canonicalRef: string): [string, string] {
  const ref = parseReference(canonicalRef);
  return [familiarName(ref), ref.tag ?? '<none>'];
}

/** REPOSITORY TAG IMAGE ID CREATED SIZE — one row per tag, dangling images as <none>. */
export function imagesTable(images: ImageSummary[], now = Date.now()): string {
  const rows = images.flatMap((img) => {
    const id = img.id.slice(7, 19);
    const tags = img.tags.length ? img.tags.map(repoAndTag) : [['<none>', '<none>'] as [string, string]];
    return tags.map(([repo, tag]) => [repo, tag, id, ago(img.created, now), humanSize(Number(img.virtualSize))]);
  });
  return table(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], rows);
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** CONTAINER ID IMAGE COMMAND CREATED STATUS NAMES [SIZE]. */
export function containersTable(containers: ContainerSummary[], withSize: boolean, now = Date.now()): string {
  const headers = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'NAMES', ...(withSize ? ['SIZE'] : [])];
  const rows = containers.map((c) => [
    c.id.slice(0, 12),
    c.image,
    `"${shorten(c.command.join(' '), 20)}"`,
    ago(c.createdAt, now),
    containerStatus({ ...c, exitCode: c.exitCode, startedAt: c.startedAt, finishedAt: c.finishedAt }, now),
    c.name,
    ...(withSize ? [`${humanSize(Number(c.sizeRw))} (virtual ${humanSize(Number(c.sizeRootFs))})`] : []),
  ]);
  return table(headers, rows);
}
