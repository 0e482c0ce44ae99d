export type { ColumnDefinition, Printer } from './columns';
export { ageColumn, column, nameColumn, none, simplePrinter } from './columns';
export { age, humanDuration } from './duration';
export { selectorText, templateCells, templateColumns } from './template-columns';
