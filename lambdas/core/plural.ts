/** A count with its noun in the right number: "1 file", "2 files", "1 entry" / "2 entries" with `many`. */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
