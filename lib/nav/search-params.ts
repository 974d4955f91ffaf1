/** Next's searchParams: one value of `key` (the first when repeated). Pure. */
export type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  return Array.isArray(v) ? v[0] : v;
}
