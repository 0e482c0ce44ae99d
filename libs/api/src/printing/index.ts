export { age, humanDuration } from './duration';
export { ageColumn, column, nameColumn, none, simplePrinter } from './columns';
export type { ColumnDefinition, Printer } from './columns';
export { selectorText, templateCells, templateColumns } from './template-columns';
