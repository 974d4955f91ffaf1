// Shell words and the apply command, without the YAML library: pages that only show commands do
// not load it (issue 13's first-load budget). Pure.

/** `s` as one shell word: as it is when that is safe, else in single quotes. Context names are free-form. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The shell command that applies YAML text (`kubectl apply -f- <<EOF … EOF`). */
export function kubectlApplyYaml(yaml: string, context?: string): string {
  const ctx = context ? ` --context ${shellWord(context)}` : '';
  // A quoted here-document: the shell expands nothing inside the YAML.
  return `kubectl apply${ctx} --server-side --field-manager=kgateway-dashboard -f- <<'EOF'\n${yaml}EOF\n`;
}
