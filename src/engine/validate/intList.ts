/**
 * A list of 32-bit integers in one typed array that doubles when full: a 170,000-rule dump's jump records are then a
 * few flat arrays the garbage collector never looks into, instead of a boxed number array or one small array per
 * chain.
 */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
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

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** The values pushed, in an array of their own. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
