// The storage admission steps (DefaultStorageClass and in-use protection) wired to the registry.
// The decisions are the kinds' own (in @stevedore/api); the classes come from the caller.
import { admitClaim, admitVolume, defaultStorageClass, persistentVolumeClaims, persistentVolumes, type StorageClass } from '@stevedore/api';
import { asKind } from '../objects/api-object';
import type { Admission } from './admission';

export function claimAdmission(classes: () => Promise<readonly StorageClass[]>): Admission {
  return {
    create: async (object) => admitClaim(asKind(persistentVolumeClaims, object), defaultStorageClass(await classes())),
    update: async () => undefined,
  };
}

export function volumeAdmission(): Admission {
  return {
    create: async (object) => admitVolume(asKind(persistentVolumes, object)),
    update: async () => undefined,
  };
}
