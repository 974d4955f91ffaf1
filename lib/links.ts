/** Keeps the chosen kubeconfig context in links, so a shared URL shows the same cluster. */
export function withContext(href: string, context?: string): string {
  if (!context) return href;
  const [path, query = ''] = href.split('?');
  const params = new URLSearchParams(query);
  params.set('context', context);
  return `${path}?${params.toString()}`;
}
