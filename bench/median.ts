// The median the benches report: the middle value of the sorted samples (the upper one of the two
// middle values for an even count, so that it is always a value that was measured).
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
