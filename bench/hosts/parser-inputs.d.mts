/** Types of parser-inputs.mjs, for the test that shares its generators. */
export interface Generator {
  readonly head?: string;
  readonly tail?: string;
  item(i: number, last: boolean): string;
}
export declare const GENERATORS: Readonly<Record<string, Generator>>;
export declare function makeOutput(name: string, n: number): string | undefined;
export declare function structuralSize(value: unknown): number;
