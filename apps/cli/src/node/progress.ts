// Pull/push progress: per-layer bars redrawn in place on a terminal, plain lines otherwise.
import type { ProgressEvent } from '@stevedore/proto';
import { humanSize } from '../format/human';

export interface ProgressPrinter {
  update(e: ProgressEvent): void;
  done(): void;
}

function bar(current: number, total: number): string {
  if (!total) return '';
  const width = 30;
  const filled = Math.min(width, Math.round((current / total) * width));
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled ? '>' : ''}${' '.repeat(width - filled)}] ${humanSize(current)}/${humanSize(total)}`;
}

export function progressPrinter(out: NodeJS.WriteStream): ProgressPrinter {
  if (!out.isTTY) {
    const last = new Map<string, string>();
    return {
      update(e) {
        if (e.status === 'Downloading' || e.status === 'Pushing' || e.status === 'Done') return;
        if (last.get(e.id) === e.status) return;
        last.set(e.id, e.status);
        out.write(`${e.id}: ${e.status}\n`);
      },
      done() {},
    };
  }
  const order: string[] = [];
  const lines = new Map<string, string>();
  let drawn = 0;
  const redraw = () => {
    if (drawn) out.write(`\x1b[${drawn}A`);
    for (const id of order) out.write(`\x1b[2K${lines.get(id)}\n`);
    drawn = order.length;
  };
  return {
    update(e) {
      if (e.status === 'Done') return;
      if (!lines.has(e.id)) order.push(e.id);
      const detail = e.status === 'Downloading' || e.status === 'Pushing' ? ` ${bar(Number(e.current), Number(e.total))}` : '';
      lines.set(e.id, `${e.id}: ${e.status}${detail}`);
      redraw();
    },
    done() {},
  };
}
