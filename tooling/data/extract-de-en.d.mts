// Types for extract-de-en.mjs (a plain Node script so it runs without a build).
export declare const DEFAULT_DICTIONARY: string;
export declare const DEFAULT_OUTPUT: string;
export declare function cleanSentence(text: string): string | null;
export declare function extractDeEn(dictionary: string): {
  pairs: [string, string][];
  lines: number;
  skippedUnaligned: number;
  version: string;
};
export declare function toTsv(dictionary: string): string;
