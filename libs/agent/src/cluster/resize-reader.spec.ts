import { ResizeReader } from './resize-reader';

describe('ResizeReader', () => {
  it('reads whole messages, newline-separated ones and objects cut across frames', () => {
    const sizes: string[] = [];
    const reader = new ResizeReader((w, h) => sizes.push(`${w}x${h}`));
    reader.push(Buffer.from('{"Width":80,"Height":24}'));
    reader.push(Buffer.from('{"Width":100,"Height":30}\n{"Width":120,'));
    reader.push(Buffer.from('"Height":40}\n'));
    reader.push(Buffer.from('not json\n'));
    expect(sizes).toEqual(['80x24', '100x30', '120x40']);
  });
});
