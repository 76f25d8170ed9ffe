// The page the browser tests drive: the public API, unbundled by vite's dev server, on window.
import * as nnspectra from '../../../src/index.js';

declare global {
  interface Window {
    nnspectra: typeof nnspectra;
    nnspectraReady: boolean;
  }
}

window.nnspectra = nnspectra;
window.nnspectraReady = true;
