// `exec` with a terminal. `runc exec -t` in the foreground gives the process a console of the
// container's own (a pty runc creates inside it, with the process as session leader, so Ctrl-C
// becomes SIGINT) and copies between it and runc's own terminal, following that terminal's size
// on SIGWINCH. runc therefore needs a terminal of its own, which Node cannot open (no openpty,
// no ioctl): a few lines of Python, Debian's python3, open one, run runc on it, copy its bytes
// to and from our pipes and set its size when we write `COLS ROWS` lines on fd 3. The kernel
// then signals runc, which passes the size on. runc's exit status is the process's.
import { spawn } from 'child_process';
import type { ExecSession } from '../container-runtime';

export const PYTHON = '/usr/bin/python3';

const HELPER_SOURCE = `
import fcntl, os, pty, select, struct, sys, termios
pid, master = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
inputs = {0: 'stdin', master: 'console', 3: 'resize'}
carry = b''
while master in inputs:
    for fd in select.select(list(inputs), [], [])[0]:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if fd == master:
            if not data:
                del inputs[master]
                break
            os.write(1, data)
        elif fd == 0:
            if data:
                os.write(master, data)
            else:
                del inputs[0]
        else:
            if not data:
                del inputs[3]
                continue
            *lines, carry = (carry + data).split(b'\\n')
            for line in lines:
                cols, rows = (int(n) for n in line.split())
                fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
status = os.waitpid(pid, 0)[1]
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
`;

/** Runs `runcArgs` (a `runc exec -t …` command line) on a terminal of its own; output is the terminal's. */
export function execOnTerminal(runcPath: string, runcArgs: string[]): ExecSession & { resize(width: number, height: number): void } {
  const child = spawn(PYTHON, ['-c', HELPER_SOURCE, runcPath, ...runcArgs], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const resizePipe = child.stdio[3] as NodeJS.WritableStream;
  resizePipe.on('error', () => undefined);
  child.stdin!.on('error', () => undefined);
  const exitCode = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 129 : 1)));
  });
  return {
    stdin: child.stdin!,
    stdout: child.stdout!,
    stderr: child.stderr!,
    exitCode,
    resize: (width, height) => {
      if (width > 0 && height > 0) resizePipe.write(`${Math.floor(width)} ${Math.floor(height)}\n`);
    },
  };
}
