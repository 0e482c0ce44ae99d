// Drives an interactive command (kubectl exec -it, attach -it, run -it) on a real pseudo-terminal,
// as a person at a terminal would: Python's pty module (Node has no openpty) starts it on a
// terminal of the given size, then the steps type keys, wait for output, or resize the window.

import { execFile } from 'child_process';

export type TerminalStep = { send: string } | { expect: string } | { resize: [cols: number, rows: number] } | { pauseMs: number };

export interface TerminalRun {
  /** Index of the step that timed out, or -1 when every step passed. */
  failedAt: number;
  transcript: string;
  exitCode: number;
}

const DRIVER = `
import fcntl, json, os, pty, re, select, struct, sys, termios, time
steps, cols, rows = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(sys.argv[4], sys.argv[4:])
out, mark, failed = b'', 0, -1
def read(timeout):
    global out
    r = select.select([fd], [], [], timeout)[0]
    if not r:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    out += data
    return bool(data)
for i, step in enumerate(steps):
    if 'send' in step:
        os.write(fd, step['send'].encode())
    elif 'pauseMs' in step:
        end = time.time() + step['pauseMs'] / 1000
        while time.time() < end and read(0.05):
            pass
    elif 'resize' in step:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', step['resize'][1], step['resize'][0], 0, 0))
    else:
        deadline, found = time.time() + 30, None
        while time.time() < deadline and not found:
            found = re.search(step['expect'].encode(), out[mark:])
            if not found and not read(0.1):
                found = re.search(step['expect'].encode(), out[mark:])
                break
        if not found:
            failed = i
            break
        mark += found.end()
deadline, status = time.time() + 30, None
while time.time() < deadline and read(0.1):
    done, code = os.waitpid(pid, os.WNOHANG)
    if done:
        status = code
        break
if status is None:
    if failed >= 0:
        os.kill(pid, 9)
    status = os.waitpid(pid, 0)[1]
print(json.dumps({'failedAt': failed, 'transcript': out.decode('utf8', 'replace'), 'exitCode': os.waitstatus_to_exitcode(status)}))
`;

export function onTerminal(command: string[], steps: TerminalStep[], size: [cols: number, rows: number] = [80, 24]): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/python3',
      ['-c', DRIVER, JSON.stringify(steps), String(size[0]), String(size[1]), ...command],
      { timeout: 120000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as TerminalRun);
        } catch {
          reject(new Error(`terminal driver failed: ${err?.message ?? ''} ${stderr}`));
        }
      },
    );
  });
}
