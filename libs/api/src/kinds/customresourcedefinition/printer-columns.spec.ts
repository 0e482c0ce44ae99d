import { customPrinter, parsePath, valueAtPath } from './printer-columns';

const obj = {
  metadata: { name: 'a', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { cronSpec: '* * * * */5', replicas: 2 },
  status: {
    conditions: [
      { type: 'Synced', status: 'False' },
      { type: 'Ready', status: 'True' },
    ],
  },
};

describe('custom printer columns', () => {
  it('reads the JSONPath subset printer columns use', () => {
    expect(valueAtPath(obj, parsePath('.spec.cronSpec') ?? [])).toBe('* * * * */5');
    expect(valueAtPath(obj, parsePath('.status.conditions[1].type') ?? [])).toBe('Ready');
    expect(valueAtPath(obj, parsePath('.status.conditions[?(@.type=="Ready")].status') ?? [])).toBe('True');
    expect(parsePath('{.spec}')).toBeUndefined();
  });

  it('prints NAME and AGE without additional columns', () => {
    const printer = customPrinter();
    expect(printer.columns.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(printer.cells(obj, Date.parse('2026-01-01T00:05:00Z'))).toEqual(['a', '5m']);
  });

  it('prints NAME and the additional columns, dates as ages and missing values as null', () => {
    const printer = customPrinter([
      { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Image', type: 'string', jsonPath: '.spec.image' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
    expect(printer.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'Name:string',
      'Spec:string',
      'Replicas:integer',
      'Ready:string',
      'Image:string',
      'Age:string',
    ]);
    expect(printer.cells(obj, Date.parse('2026-01-01T00:05:00Z'))).toEqual(['a', '* * * * */5', 2, 'True', null, '5m']);
  });
});
