/**
 * Sets `key` as the newest entry of `map` and drops the oldest ones past `max`: the servers'
 * small memories (recent answers, stats reads, versions) stay bounded however many people ask.
 * A Map keeps insertion order, so the first key is the oldest.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}
