// Partial quicksort: put the elements of positions lo..hi where a full sort would put them, sorting
// only the partitions that overlap that range. SORT uses it when a BY pattern meets a LIMIT that
// does not cover everything: with SORT ... LIMIT 0 10 on a million elements, most partitions are
// never sorted.
// Mirrors: redis src/pqsort.c (pqsort, _pqsort), which is NetBSD's qsort (Bentley and McIlroy's
// "Engineering a Sort Function") taught to skip partitions outside the range.
//
// Why port it rather than sort fully and slice: the result must be Redis's to the element. Quicksort
// is not stable, so elements whose weights compare equal (ALPHA BY with missing or equal values) come
// out in an order only this exact algorithm reproduces: the same pivot choices (median of three, or
// Tukey's ninther above 40 elements), the same three-way partition that parks equal keys at both
// ends and swaps them back to the middle, the same fallback to insertion sort below 7 elements or
// when a partition pass swapped nothing. Positions are array indexes here instead of byte pointers.

export type Compare<T> = (a: T, b: T) => number;

function swap<T>(v: T[], i: number, j: number): void {
  const t = v[i] as T;
  v[i] = v[j] as T;
  v[j] = t;
}

/** Swap the `count` elements starting at i with those starting at j (the blocks do not overlap). */
function swapBlocks<T>(v: T[], i: number, j: number, count: number): void {
  for (let k = 0; k < count; k++) swap(v, i + k, j + k);
}

/** The index of the median of v[a], v[b], v[c], found with the same comparisons as med3. */
function median3<T>(v: T[], a: number, b: number, c: number, cmp: Compare<T>): number {
  const x = v[a] as T;
  const y = v[b] as T;
  const z = v[c] as T;
  if (cmp(x, y) < 0) return cmp(y, z) < 0 ? b : cmp(x, z) < 0 ? c : a;
  return cmp(y, z) > 0 ? b : cmp(x, z) < 0 ? a : c;
}

/** Straight insertion sort of v[a .. a+n), moving each element down while its left neighbour is greater. */
function insertionSort<T>(v: T[], a: number, n: number, cmp: Compare<T>): void {
  for (let m = a + 1; m < a + n; m++) {
    for (let l = m; l > a && cmp(v[l - 1] as T, v[l] as T) > 0; l--) swap(v, l, l - 1);
  }
}

/** Does the partition v[start .. start+count) lie wholly before or wholly after positions lo..hi? */
function outsideRange(start: number, count: number, lo: number, hi: number): boolean {
  return (lo < start && hi < start) || (lo >= start + count && hi >= start + count);
}

function partialSortRange<T>(v: T[], start: number, count: number, cmp: Compare<T>, lo: number, hi: number): void {
  let a = start;
  let n = count;
  for (;;) {
    if (n < 7) {
      insertionSort(v, a, n, cmp);
      return;
    }
    // The pivot: the middle element, the median of first/middle/last above 7, the ninther above 40.
    let pm = a + Math.floor(n / 2);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = median3(v, pl, pl + d, pl + 2 * d, cmp);
        pm = median3(v, pm - d, pm, pm + d, cmp);
        pn = median3(v, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = median3(v, pl, pm, pn, cmp);
    }
    swap(v, a, pm);
    // Partition: [a] pivot, [a+1, pa) equal, [pa, pb) less, (pc, pd] greater, (pd, a+n) equal.
    let pa = a + 1;
    let pb = a + 1;
    let pc = a + n - 1;
    let pd = a + n - 1;
    let swapped = false;
    for (;;) {
      let order: number;
      while (pb <= pc && (order = cmp(v[pb] as T, v[a] as T)) <= 0) {
        if (order === 0) {
          swapped = true;
          swap(v, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (order = cmp(v[pc] as T, v[a] as T)) >= 0) {
        if (order === 0) {
          swapped = true;
          swap(v, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(v, pb, pc);
      swapped = true;
      pb++;
      pc--;
    }
    // Nothing moved: the data looks sorted already, finish with insertion sort.
    if (!swapped) {
      insertionSort(v, a, n, cmp);
      return;
    }
    // Bring the equal runs from both ends to the middle.
    const end = a + n;
    let r = Math.min(pa - a, pb - pa);
    swapBlocks(v, a, pb - r, r);
    r = Math.min(pd - pc, end - pd - 1);
    swapBlocks(v, pb, end - r, r);
    // Recurse into the smaller-than part, loop on the greater-than part, skipping any outside lo..hi.
    r = pb - pa;
    if (r > 1 && !outsideRange(a, r, lo, hi)) partialSortRange(v, a, r, cmp, lo, hi);
    r = pd - pc;
    if (r <= 1) return;
    a = end - r;
    n = r;
    if (outsideRange(a, n, lo, hi)) return;
  }
}

/** pqsort: sort `v` in place enough that positions lo..hi hold what a full sort would put there. */
export function partialSort<T>(v: T[], cmp: Compare<T>, lo: number, hi: number): void {
  partialSortRange(v, 0, v.length, cmp, lo, hi);
}
