/** Plain data: what JSON (and so a checkpoint's metadata) can carry. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };
