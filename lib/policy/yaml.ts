import { stringify } from 'yaml';

/** YAML as kubectl users read it: two-space indent, keys in the object's order. */
export function toYaml(value: unknown): string {
  return stringify(value, { indent: 2, lineWidth: 0 });
}

/** The shell command that applies the same object (`kubectl apply -f- <<EOF … EOF`). */
export function kubectlApplyCommand(object: unknown, context?: string): string {
  const ctx = context ? ` --context ${shellWord(context)}` : '';
  // A quoted here-document: the shell expands nothing inside the YAML.
  return `kubectl apply${ctx} --server-side --field-manager=kgateway-dashboard -f- <<'EOF'\n${toYaml(object)}EOF\n`;
}

/** `s` as one shell word: as it is when that is safe, else in single quotes. Context names are free-form. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
