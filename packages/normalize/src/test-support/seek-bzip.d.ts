// Minimal types for seek-bzip (a CommonJS package without its own declarations).
declare module 'seek-bzip' {
  const Bunzip: {
    /** Decompresses a whole bzip2 stream. */
    decode(input: Uint8Array): Uint8Array;
  };
  export default Bunzip;
}
