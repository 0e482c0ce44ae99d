// How a container is confined, in the runtime's own terms. Callers decide the policy (the agent
// maps a pod's securityContext onto this); the runtime turns it into the OCI config and refuses
// what it cannot do. Absent fields keep the runtime's default confinement.

export interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

export type SeccompChoice =
  /** The runtime's own profile, which lets through what the granted capabilities need. */
  | 'runtime-default'
  | 'unconfined'
  /** A profile in the OCI seccomp format (defaultAction, architectures, syscalls). */
  | { profile: Record<string, unknown> };

export interface SecuritySpec {
  /** Every capability the node holds, the node's devices, no seccomp, no masked or read-only paths, /sys writable. */
  privileged?: boolean;
  /** The capabilities kept (bounding, permitted, effective), as CAP_ names; absent = the default set. Ignored when privileged. */
  capabilities?: string[];
  /** Absent = true (the runtime default); Kubernetes sets it only when allowPrivilegeEscalation is false. */
  noNewPrivileges?: boolean;
  /** Absent = 'runtime-default'. Ignored when privileged. */
  seccomp?: SeccompChoice;
  readOnlyRootfs?: boolean;
  /** Share the node's PID / IPC namespace instead of getting a new one. */
  hostPID?: boolean;
  hostIPC?: boolean;
  /** 'Unmasked' drops the masked and read-only /proc paths. */
  procMount?: 'Default' | 'Unmasked';
  /** Groups added to the user's own (Kubernetes' supplementalGroups and fsGroup). */
  supplementalGroups?: number[];
  /** false: ignore the groups the image's /etc/group gives the user (Kubernetes' Strict policy). */
  imageGroups?: boolean;
  /** Namespaced kernel parameters, written inside the container's namespaces. */
  sysctls?: Record<string, string>;
  /** A user namespace with these mappings (Kubernetes' hostUsers: false). */
  userNamespace?: { uidMappings: IdMapping[]; gidMappings: IdMapping[] };
}
