/**
 * A growable list of 32-bit integers in one typed array that doubles when full: a 170,000-rule dump's jump records
 * are then a few flat arrays the garbage collector never looks into, instead of boxed number arrays or one small
 * array per chain.
 */
export class IntList {
  /** The values are data[0] … data[length - 1]. */
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed, in an array of their own. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
