// What the policy form checks on every edit, loaded together when the form first renders: the zod
// schema (what Linux refuses, and the typed input) and the CRD's schema and CEL rules.
export { fieldErrors, keepalivePolicySchema } from './schema';
export { fieldMessages, validateSpec } from './crd-validate';
