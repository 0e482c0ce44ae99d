// The field manager of a request that names none: kube-apiserver's rule, the User-Agent up to
// its first `/` (`kubectl/v1.32.0 (linux/amd64) …` → `kubectl`), at most 128 characters.
export const MAX_MANAGER_LENGTH = 128;

export function managerFromUserAgent(userAgent: string | undefined): string {
  return (userAgent ?? '').split('/')[0]!.slice(0, MAX_MANAGER_LENGTH);
}
