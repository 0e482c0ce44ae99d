/** An API object as the server handles it: loosely typed JSON whose metadata is always present. */
export type ApiObject = { metadata: Record<string, any>; [field: string]: any };
