/** The weights page's worker: files are read and analysed here, off the page's main thread. */
import * as Comlink from 'comlink';
import { analyzeWeights } from '../src/weights/analyze.js';
import type { AnalyzeWeightsOptions, LayerReport, WeightsReport } from '../src/weights/analyze.js';

let controller: AbortController | null = null;

const api = {
  async analyze(
    files: File[],
    opts: Pick<AnalyzeWeightsOptions, 'filter' | 'conv' | 'randomize' | 'backend'>,
    onLayer: (l: LayerReport) => void,
    onProgress: (done: number, total: number) => void,
  ): Promise<WeightsReport> {
    controller = new AbortController();
    return analyzeWeights(files, { ...opts, eigenvalues: true, onLayer: (l) => void onLayer(l) }, { signal: controller.signal, onProgress: (e) => void onProgress(e.done, e.total) });
  },
  cancel(): void {
    controller?.abort();
  },
};

export type WeightsWorker = typeof api;
Comlink.expose(api);
