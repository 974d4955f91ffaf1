import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS, guideQuery, parseGuideState, stepCommands, type GuideState } from './walkthrough';
import { toYaml } from '@/lib/policy/yaml';

// kgateway's own keepalive guide, the manual path each step teaches.
const seed = readFileSync('fixtures/kgateway/docs/tcp-keepalive.md', 'utf8');
const guideState: GuideState = {
  service: { namespace: 'httpbin', name: 'httpbin' },
  port: 8000,
  policy: 'httpbin-keepalive',
  gateway: { namespace: 'kgateway-system', name: 'http' },
  step: 1,
};

describe('guide state in the URL', () => {
  it('round-trips everything a link carries', () => {
    const s: GuideState = {
      ...guideState,
      step: 5,
      present: true,
      lines: 'http-abc-1:12-18',
      generation: 3,
    };
    expect(parseGuideState(new URLSearchParams(guideQuery(s)))).toEqual(s);
  });

  it('drops what is malformed instead of guessing', () => {
    const s = parseGuideState({ service: 'httpbin', port: '70000', step: '9', policy: 'Bad_Name', lines: 'x', gateway: '../etc' });
    expect(s).toEqual({
      step: 1,
      service: undefined,
      port: undefined,
      policy: undefined,
      gateway: undefined,
      present: undefined,
      lines: undefined,
      generation: undefined,
    });
  });
});

describe('stepCommands', () => {
  it("teaches the guide's own commands for the dump and the cleanup", () => {
    const at = (step: number) => stepCommands({ ...guideState, step }).join('\n');
    // The guide's lines, with its namespace snippet filled in as the stack does.
    expect(seed).toContain('kubectl port-forward deployment/http -n');
    expect(at(4)).toContain('kubectl port-forward deployment/http -n kgateway-system 19000');
    expect(seed).toContain('curl -X POST 127.0.0.1:19000/config_dump\\?include_eds > gateway-config.json');
    expect(at(4)).toContain('curl -X POST 127.0.0.1:19000/config_dump\\?include_eds > gateway-config.json');
    expect(seed).toContain('kubectl delete backendconfigpolicy httpbin-keepalive -n httpbin');
    expect(at(6)).toBe('kubectl delete backendconfigpolicy httpbin-keepalive -n httpbin');
    expect(at(5)).toContain('select(.cluster.name == "kube_httpbin_httpbin_8000")');
  });

  it('names the context when the walkthrough is not on the default one, and has a command for every step', () => {
    for (let step = 1; step <= GUIDE_STEPS.length; step++) {
      const cmds = stepCommands({ ...guideState, step }, undefined, 'staging');
      expect(cmds.length).toBeGreaterThan(0);
      expect(cmds.filter((c) => c.startsWith('kubectl')).every((c) => c.includes('--context staging'))).toBe(true);
    }
  });
});

describe('commands to copy', () => {
  it('quote a context name the shell would split or expand, and never expand the YAML', () => {
    const cmds = stepCommands({ ...guideState, step: 2 }, undefined, "team's $(rm -rf) cluster").join('\n');
    expect(cmds).toContain(`--context 'team'\\''s $(rm -rf) cluster'`);
    const apply = stepCommands({ ...guideState, step: 3 }, toYaml({ kind: 'BackendConfigPolicy', spec: { x: '$HOME' } }), 'kind@prod')[0]!;
    expect(apply).toContain(' --context kind@prod ');
    expect(apply).toContain("<<'EOF'\n");
  });
});
