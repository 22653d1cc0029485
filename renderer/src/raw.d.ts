/** A file's text, bundled by Vite (`import text from './file?raw'`). */
declare module '*?raw' {
  const text: string;
  export default text;
}
