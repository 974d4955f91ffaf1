import { parseClusterPath } from './cluster-path';

/**
 * What the page at `pathname` shows, in the words of an error about it ("Could not show this
 * policy"). The one error boundary (app/error.tsx) names the page from its address. A module of its
 * own, so that only the boundary's chunk carries it, not every page's layout.
 */
export function pageSubject(pathname: string): string {
  const rest = parseClusterPath(pathname)?.rest;
  if (rest === undefined) return 'this page';
  const [, section, ...more] = rest.split('/');
  const one = more.length > 0 && more[0] !== '';
  switch (section) {
    case undefined:
    case '':
      return 'the cluster';
    case 'services':
      return 'the Services';
    case 'policies':
      return more[0] === 'new' ? 'the new policy form' : one ? 'this policy' : 'the policies';
    case 'gateways':
      return one ? 'this Gateway' : 'the Gateways';
    case 'dumps':
      return 'this config dump';
    case 'guide':
      return 'the walkthrough';
    default:
      return 'this page';
  }
}
