// Docker's default confinement, restated: which capabilities a container keeps, which /proc and
// /sys paths it may not see or write, and which syscalls it may not make.

/** The 14 capabilities Docker and containerd grant by default. */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** Kernel interfaces that leak host information or allow harm: hidden behind /dev/null or an empty tmpfs. */
export const MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/**
 * Syscalls refused with EPERM. Everything else is allowed: this is a deny list of the calls
 * that manage the kernel, other namespaces, mounts, keys, modules or tracing, which no
 * unprivileged workload needs and which have been the way out of containers before.
 */
export const DENIED_SYSCALLS = [
  'acct',
  'add_key',
  'bpf',
  'clock_adjtime',
  'clock_settime',
  'create_module',
  'delete_module',
  'finit_module',
  'fsconfig',
  'fsmount',
  'fsopen',
  'fspick',
  'get_kernel_syms',
  'get_mempolicy',
  'init_module',
  'ioperm',
  'iopl',
  'kcmp',
  'kexec_file_load',
  'kexec_load',
  'keyctl',
  'lookup_dcookie',
  'mbind',
  'mount',
  'mount_setattr',
  'move_mount',
  'move_pages',
  'name_to_handle_at',
  'nfsservctl',
  'open_by_handle_at',
  'open_tree',
  'perf_event_open',
  'personality',
  'pivot_root',
  'process_vm_readv',
  'process_vm_writev',
  'ptrace',
  'query_module',
  'quotactl',
  'reboot',
  'request_key',
  'set_mempolicy',
  'setns',
  'settimeofday',
  'stime',
  'swapoff',
  'swapon',
  'sysfs',
  '_sysctl',
  'umount',
  'umount2',
  'unshare',
  'uselib',
  'userfaultfd',
  'ustat',
  'vm86',
  'vm86old',
];

// clone(2) flags that make new namespaces; a container may fork and thread, but not nest namespaces.
const CLONE_NAMESPACE_FLAGS = {
  CLONE_NEWNS: 0x20000,
  CLONE_NEWCGROUP: 0x2000000,
  CLONE_NEWUTS: 0x4000000,
  CLONE_NEWIPC: 0x8000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
};

/**
 * Syscalls a granted capability makes legitimate again, so the default profile does not undo a
 * capability the pod asked for (as containerd's default profile does).
 */
const UNLOCKED_BY: Record<string, string[]> = {
  CAP_SYS_ADMIN: [
    'bpf',
    'fsconfig',
    'fsmount',
    'fsopen',
    'fspick',
    'lookup_dcookie',
    'mount',
    'mount_setattr',
    'move_mount',
    'name_to_handle_at',
    'open_tree',
    'perf_event_open',
    'pivot_root',
    'quotactl',
    'setns',
    'umount',
    'umount2',
    'unshare',
  ],
  CAP_SYS_BOOT: ['reboot'],
  CAP_SYS_MODULE: ['create_module', 'delete_module', 'finit_module', 'init_module', 'query_module'],
  CAP_SYS_PACCT: ['acct'],
  CAP_SYS_PTRACE: ['kcmp', 'process_vm_readv', 'process_vm_writev', 'ptrace'],
  CAP_SYS_RAWIO: ['ioperm', 'iopl'],
  CAP_SYS_TIME: ['clock_adjtime', 'clock_settime', 'settimeofday', 'stime'],
  CAP_SYS_NICE: ['get_mempolicy', 'mbind', 'move_pages', 'set_mempolicy'],
  CAP_DAC_READ_SEARCH: ['open_by_handle_at'],
  CAP_BPF: ['bpf'],
  CAP_PERFMON: ['perf_event_open'],
};

/** The default profile for a container holding `capabilities` (the default set when omitted). */
export function seccompProfile(capabilities: readonly string[] = DEFAULT_CAPABILITIES) {
  const unlocked = new Set(capabilities.flatMap((cap) => UNLOCKED_BY[cap] ?? []));
  // CAP_SYS_ADMIN may make namespaces: then clone and clone3 need no rules at all.
  const mayUnshare = capabilities.includes('CAP_SYS_ADMIN');
  // With allow as the default, each namespace flag needs its own rule (rules for one syscall OR together).
  const cloneRules = mayUnshare
    ? []
    : Object.values(CLONE_NAMESPACE_FLAGS).map((flag) => ({
        names: ['clone'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: 1,
        args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }],
      }));
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32', 'SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
    syscalls: [
      { names: DENIED_SYSCALLS.filter((name) => !unlocked.has(name)), action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
      ...cloneRules,
      // clone3 passes its flags in memory seccomp cannot read: answer ENOSYS so libc falls back to clone.
      ...(mayUnshare ? [] : [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]),
    ],
  };
}

/** Character devices every container gets (and may use through the devices cgroup). */
export const DEFAULT_DEVICES = [
  { path: '/dev/null', major: 1, minor: 3 },
  { path: '/dev/zero', major: 1, minor: 5 },
  { path: '/dev/full', major: 1, minor: 7 },
  { path: '/dev/random', major: 1, minor: 8 },
  { path: '/dev/urandom', major: 1, minor: 9 },
  { path: '/dev/tty', major: 5, minor: 0 },
];
