// Terminal size messages on the resize channel: JSON objects `{"Width":W,"Height":H}`, one per
// WebSocket message, or newline-separated on kubectl's SPDY resize stream, which may deliver
// several, or part of one, per data frame.

export class ResizeReader {
  private carry = '';

  constructor(private readonly onSize: (width: number, height: number) => void) {}

  push(data: Buffer): void {
    const pieces = (this.carry + data.toString('utf8')).split('\n');
    this.carry = pieces.pop() ?? '';
    for (const piece of pieces) this.parse(piece);
    // A WebSocket message is one whole object without a newline.
    if (this.carry && this.parse(this.carry)) this.carry = '';
  }

  private parse(text: string): boolean {
    if (!text.trim()) return true;
    try {
      const size = JSON.parse(text) as { Width?: number; Height?: number };
      if (typeof size.Width === 'number' && typeof size.Height === 'number') this.onSize(size.Width, size.Height);
      return true;
    } catch {
      return false;
    }
  }
}
