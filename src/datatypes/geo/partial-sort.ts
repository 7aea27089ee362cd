// Sorting search results by distance, in the exact order Redis returns them, ties included.
// Mirrors: redis src/pqsort.c (pqsort, _pqsort, med3: NetBSD's qsort, Bentley & McIlroy's
// "Engineering a Sort Function", cut short for ranges nobody asked for) and src/geo.c
// (sort_gp_asc, sort_gp_desc and the qsort/pqsort choice in georadiusGeneric).
//
// Why port a sort: two members at the same distance (same position, or the centre on a line between
// them) come out in an order that depends on the algorithm. When every result is returned Redis
// calls the C library's qsort, which in glibc is a merge sort: stable, like Array.prototype.sort.
// With COUNT below the number of matches it calls its own partial quicksort, which only finishes
// the partitions overlapping positions [0, count-1] and is not stable; equal distances then come out
// in quicksort's order, which we reproduce by running the same algorithm on the same array.
// This is the 7.0.15 version: NetBSD's "no swaps, switch to insertion sort" shortcut is gone (it
// made some inputs quadratic), which changes the order of ties (checked against redis-server).
// Indexes here are element positions; the C works on byte addresses, which compare the same way.

/** A comparator returning <0, 0 or >0 (sort_gp_asc / sort_gp_desc). */
export type Compare<T> = (a: T, b: T) => number;

function swap<T>(array: T[], i: number, j: number): void {
  const t = array[i] as T;
  array[i] = array[j] as T;
  array[j] = t;
}

/** Swap the n elements starting at i with the n starting at j (vecswap). */
function vecswap<T>(array: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(array, i + k, j + k);
}

function med3<T>(array: T[], a: number, b: number, c: number, cmp: Compare<T>): number {
  const A = array[a] as T;
  const B = array[b] as T;
  const C = array[c] as T;
  return cmp(A, B) < 0
    ? (cmp(B, C) < 0 ? b : (cmp(A, C) < 0 ? c : a))
    : (cmp(B, C) > 0 ? b : (cmp(A, C) < 0 ? a : c));
}

function insertionSort<T>(array: T[], start: number, n: number, cmp: Compare<T>): void {
  for (let m = start + 1; m < start + n; m++) {
    for (let l = m; l > start && cmp(array[l - 1] as T, array[l] as T) > 0; l--) swap(array, l, l - 1);
  }
}

/** Is the wanted range [lrange, rrange] entirely outside [start, start + n - 1]? */
function outside(start: number, n: number, lrange: number, rrange: number): boolean {
  const last = start + n - 1;
  return (lrange < start && rrange < start) || (lrange > last && rrange > last);
}

/**
 * pqsort: sort `array` so that positions lrange..rrange hold what a full sort would put there;
 * the rest is only partitioned.
 */
export function partialSort<T>(array: T[], cmp: Compare<T>, lrange: number, rrange: number): void {
  pqsort(array, 0, array.length, cmp, lrange, rrange);
}

/** _pqsort on array[start .. start + count - 1]; lrange and rrange are absolute positions. */
function pqsort<T>(array: T[], start: number, count: number, cmp: Compare<T>, lrange: number, rrange: number): void {
  let a = start;
  let n = count;
  for (;;) {
    if (n < 7) {
      insertionSort(array, a, n, cmp);
      return;
    }
    let pm = a + Math.floor(n / 2);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(array, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(array, pm - d, pm, pm + d, cmp);
        pn = med3(array, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(array, pl, pm, pn, cmp);
    }
    swap(array, a, pm);
    let pa = a + 1;
    let pb = pa;
    let pc = a + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(array[pb] as T, array[a] as T)) <= 0) {
        if (r === 0) {
          swap(array, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(array[pc] as T, array[a] as T)) >= 0) {
        if (r === 0) {
          swap(array, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(array, pb, pc);
      pb++;
      pc--;
    }
    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    if (r > 0) vecswap(array, a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    if (r > 0) vecswap(array, pb, pn - r, r);
    r = pb - pa;
    if (r > 1 && !outside(a, r, lrange, rrange)) pqsort(array, a, r, cmp, lrange, rrange);
    r = pd - pc;
    if (r > 1) {
      // Iterate rather than recurse on the right part, as the C does.
      a = pn - r;
      n = r;
      if (!outside(a, n, lrange, rrange)) continue;
    }
    return;
  }
}
