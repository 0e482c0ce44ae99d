// `attach`: joins a container's own process through conmon, which holds its console (or its
// stdin pipe) for the container's whole life and serves any number of clients on the bundle's
// `attach` socket. That socket is SOCK_SEQPACKET: each packet conmon sends is one byte naming
// the stream (2 stdout, 3 stderr) and then the bytes; what a client sends goes to the process's
// stdin, and a client that stops sending closes it unless conmon was told to leave it open.
// Node has no SEQPACKET sockets, so a few lines of python3 bridge the socket to pipes. Window
// sizes go to conmon's control fifo beside it as `1 ROWS COLS` lines.
import { spawn } from 'child_process';
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import type { ExecSession } from '../container-runtime';
import { PYTHON } from './tty-exec';

const RESIZE_SPACING_MS = 100;

const HELPER_SOURCE = `
import os, select, socket, sys
os.chdir(sys.argv[1])
sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
sock.connect('attach')
inputs = [sock] + ([0] if sys.argv[2] == 'stdin' else [])
while sock in inputs:
    for source in select.select(inputs, [], [])[0]:
        if source is sock:
            packet = sock.recv(65536)
            if not packet:
                inputs.remove(sock)
                break
            os.write(2 if packet[0] == 3 else 1, packet[1:])
        else:
            data = os.read(0, 32768)
            if data:
                sock.sendall(data)
            else:
                inputs.remove(0)
                sock.shutdown(socket.SHUT_WR)
`;

/** Attaches to the container whose bundle (conmon's `-b`) is `bundle`; the session ends when the container does or stdin and output are done. */
export function attachToConmon(bundle: string, stdin: boolean): ExecSession {
  const child = spawn(PYTHON, ['-c', HELPER_SOURCE, bundle, stdin ? 'stdin' : 'none'], {
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdin?.on('error', () => undefined);
  // kubectl attach sends a size one larger, then the real one, to force a redraw. conmon reads its
  // control fifo and applies sizes through one shared line buffer, and two lines in quick
  // succession can lose the second: write them in order, a little apart.
  let latest: [number, number] | undefined;
  let writing = false;
  const writeSizes = async () => {
    writing = true;
    while (latest) {
      const [width, height] = latest;
      latest = undefined;
      // A console that has gone with its container has nothing left to resize.
      await resizeConsole(bundle, width, height).catch(() => undefined);
      await new Promise((r) => setTimeout(r, RESIZE_SPACING_MS));
    }
    writing = false;
  };
  const exitCode = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  return {
    stdin: child.stdin ?? undefined,
    stdout: child.stdout!,
    stderr: child.stderr!,
    exitCode,
    close: () => child.kill(),
    resize: (width, height) => {
      latest = [width, height];
      if (!writing) void writeSizes();
    },
  };
}

async function resizeConsole(bundle: string, width: number, height: number): Promise<void> {
  if (!(width > 0 && height > 0)) return;
  // Non-blocking: conmon keeps the fifo open for reading while it lives; without it this fails at once.
  const fifo = await fs.open(path.join(bundle, 'ctl'), constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!fifo) return;
  try {
    await fifo.write(`1 ${Math.floor(height)} ${Math.floor(width)}\n`);
  } finally {
    await fifo.close();
  }
}
