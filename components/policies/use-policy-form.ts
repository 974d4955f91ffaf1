'use client';

import { useMemo, useState } from 'react';
import { applyPolicyAction, deletePolicyAction, reviewPolicy, type Review } from '@/app/c/[context]/policies/actions';
import type { PolicyDto } from '@/lib/wire/dto';
import type { AppError, Result } from '@/lib/wire/errors';
import { fetchPolicy } from '@/lib/query/policies';
import { policySchemaQuery } from '@/lib/query/policy-schema';
import { useFormChecks } from '@/components/ui/use-lazy-module';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import { emptyForm, formFromPolicy, toInput, type FormValue } from './form-state';
import { typedSpec } from '@/lib/policy/spec-edit';

// The policy form's state: what the user typed (never lost on an error), which errors to show,
// and the three writes — review (dry run), apply (optionally taking over), delete — each of which
// carries the resourceVersion the form was loaded at.

export interface FormSeed {
  initial?: PolicyDto;
  defaultNamespace: string;
  defaultService?: string;
  defaults?: Partial<FormValue['tcpKeepalive']>;
}

function seed({ initial, defaultNamespace, defaultService, defaults }: FormSeed): FormValue {
  if (initial) return formFromPolicy(initial);
  const empty = emptyForm(defaultNamespace, defaultService);
  return { ...empty, tcpKeepalive: { ...empty.tcpKeepalive, ...defaults } };
}

export type PolicyFormState = ReturnType<typeof usePolicyForm>;

export function usePolicyForm(s: FormSeed, onApplied: (p: PolicyDto) => void) {
  const href = useClusterHref();
  const [loaded, setLoaded] = useState<PolicyDto | undefined>(s.initial);
  const [value, setValue] = useState<FormValue>(() => seed(s));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError>();
  const [review, setReview] = useState<Review>();
  const [latest, setLatest] = useState<PolicyDto>();
  const [applied, setApplied] = useState<PolicyDto>();
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState(false);
  // Set once the person works with the form (focus, an edit, a review): the checks load then.
  const [engaged, setEngaged] = useState(false);

  // The CRD of the cluster's kgateway judges every field in the API server's words; the zod schema
  // adds what Linux refuses on top and types the input for the write.
  const schema = useRead(policySchemaQuery(useClusterContext(), href)).data;
  const model = schema?.model;
  const input = useMemo(() => toInput(value, model), [value, model]);
  // The checks load once the form is used, not with the page; until then the server's checks stand
  // alone, and nothing they would say is shown anyway (errors show on touched fields or a review).
  const checks = useFormChecks(engaged);
  const parsed = checks?.keepalivePolicySchema.safeParse(input);
  // Judged once per edit, not on every render (a busy flag or a poll re-renders too). The input's
  // sections are typed already; typedSpec types the keepalive count the same way.
  const crdErrors = useMemo(
    () => (model && checks ? checks.fieldMessages(checks.validateSpec(typedSpec(input.spec, model), model)) : {}),
    [input, model, checks],
  );
  const clientErrors = { ...(parsed && !parsed.success ? checks!.fieldErrors(parsed.error) : {}), ...crdErrors };
  const shown = { ...Object.fromEntries(Object.entries(clientErrors).filter(([k]) => submitted || touched.has(k))), ...serverErrors };

  const update = (v: FormValue) => {
    setEngaged(true);
    setValue(v);
    setReview(undefined);
    setServerErrors({});
    setError(undefined);
    setApplied(undefined);
  };
  const fail = (e: AppError) => {
    setError(e);
    setServerErrors(e.fieldErrors ?? {});
  };

  async function run<T>(call: () => Promise<Result<T>>, done: (v: T) => void) {
    setBusy(true);
    try {
      const r = await call();
      if (r.ok) {
        setError(undefined);
        setServerErrors({});
        done(r.value);
      } else {
        fail(r.error);
        // Show who wrote first and what they wrote: a read, through the one read path.
        if (r.error.kind === 'conflict' && loaded) setLatest(await fetchPolicy(href, value.namespace, value.name).catch(() => undefined));
      }
    } catch (e) {
      fail({
        kind: 'unavailable',
        message: `The dashboard server did not answer: ${(e as Error).message}. Your input is kept; try again.`,
      });
    } finally {
      setBusy(false);
    }
  }

  const loadedVersion = { ...(loaded && { resourceVersion: loaded.resourceVersion }) };
  return {
    value,
    schema,
    model,
    /** Every problem the checks find, shown or not yet (the YAML tab lists them all). */
    problems: { ...clientErrors, ...serverErrors },
    parsed,
    input,
    shown,
    loaded,
    error,
    review,
    latest,
    applied,
    busy,
    deleted,
    update,
    /** The person started working with the form (it gained focus). */
    engage: () => setEngaged(true),
    blur: (path: string) => setTouched(new Set(touched).add(path)),
    reviewChanges: () => {
      setEngaged(true);
      setSubmitted(true);
      return run(() => reviewPolicy(input, loadedVersion), setReview);
    },
    apply: (force: boolean) =>
      run(
        () => applyPolicyAction(input, force && latest ? { resourceVersion: latest.resourceVersion } : loadedVersion, force),
        (p) => {
          setApplied(p);
          setLoaded(p);
          setReview(undefined);
          setLatest(undefined);
          onApplied(p);
        },
      ),
    remove: () =>
      loaded &&
      run(
        () => deletePolicyAction({ namespace: loaded.namespace, name: loaded.name, resourceVersion: loaded.resourceVersion }),
        () => setDeleted(true),
      ),
    rebase: () => {
      setLoaded(latest);
      setLatest(undefined);
      setError(undefined);
    },
  };
}
