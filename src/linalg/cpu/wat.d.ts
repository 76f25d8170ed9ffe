/** `.wat` sources are assembled at build time (vite.config.ts): the import is the binary in base64. */
declare module '*.wat' {
  const base64: string;
  export default base64;
}
