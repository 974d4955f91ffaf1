export const policyKeys = {
  one: (context: string | undefined, namespace: string, name: string, generation?: number) =>
    ['policy', context ?? '', namespace, name, generation ?? 0] as const,
};
