import { stringify } from 'yaml';

/** YAML as kubectl users read it: two-space indent, keys in the object's order. */
export function toYaml(value: unknown): string {
  return stringify(value, { indent: 2, lineWidth: 0 });
}

/** The shell command that applies the same object (`kubectl apply -f- <<EOF … EOF`). */
export function kubectlApplyCommand(object: unknown, context?: string): string {
  const ctx = context ? ` --context ${context}` : '';
  return `kubectl apply${ctx} --server-side --field-manager=kgateway-dashboard -f- <<EOF\n${toYaml(object)}EOF\n`;
}
