import { t, Infer } from '../schema';
import { objectHeader } from '../meta/object-meta';

const dataKey = (key: string): string | undefined =>
  key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) ? undefined : "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

const base64 = t.string().check((v) => (/^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0 ? undefined : 'must be base64-encoded'));

export const namespaceSchema = t.object({
  ...objectHeader,
  spec: t.object({ finalizers: t.array(t.string()) }),
  status: t.object({ phase: t.enum(['Active', 'Terminating'] as const) }),
}).kind('', 'v1', 'Namespace');

export const configMapSchema = t.object({
  ...objectHeader,
  data: t.map(t.string(), dataKey),
  binaryData: t.map(base64, dataKey),
  immutable: t.boolean(),
}).kind('', 'v1', 'ConfigMap');

export const secretSchema = t.object({
  ...objectHeader,
  data: t.map(base64, dataKey),
  stringData: t.map(t.string(), dataKey),
  type: t.string(),
  immutable: t.boolean(),
}).kind('', 'v1', 'Secret');

export type Namespace = Infer<typeof namespaceSchema>;
export type ConfigMap = Infer<typeof configMapSchema>;
export type Secret = Infer<typeof secretSchema>;
