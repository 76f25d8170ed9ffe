/** The bench view: the package's kernels timed in this page's worker, as a table and as JSON. */
import { callback, computeWorker, job, WidgetError } from '../src/widgets/client.js';
import type { BenchRow, GpuInfo } from '../src/widgets/protocol.js';

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

export class BenchView {
  readonly root: HTMLElement;
  private table: HTMLTableSectionElement;
  private json: HTMLPreElement;
  private status: HTMLElement;
  private alert: HTMLElement;
  private runBtn: HTMLButtonElement;
  private copyBtn: HTMLButtonElement;
  private controller: AbortController | null = null;
  private params: Record<string, string> = {};

  constructor(private info: GpuInfo) {
    this.root = document.createElement('section');
    this.root.className = 'bench';
    this.root.innerHTML = `
      <p class="bench-adapter"></p>
      <p><button type="button" data-action="run">run benchmark</button>
         <button type="button" data-action="cancel" disabled>cancel</button>
         <button type="button" data-action="copy" disabled>copy as JSON</button></p>
      <p class="bench-alert" role="alert"></p>
      <p class="bench-status" role="status"></p>
      <table class="bench-table"><thead><tr><th>operation</th><th>size</th><th>backend</th><th>ms</th><th>GPU passes ms</th><th>GFLOP/s</th></tr></thead><tbody></tbody></table>
      <pre class="bench-json"></pre>`;
    this.table = this.root.querySelector('tbody')!;
    this.json = this.root.querySelector('pre')!;
    this.status = this.root.querySelector('.bench-status')!;
    this.alert = this.root.querySelector('.bench-alert')!;
    this.runBtn = this.root.querySelector('[data-action=run]')!;
    this.copyBtn = this.root.querySelector('[data-action=copy]')!;
    const cancelBtn = this.root.querySelector<HTMLButtonElement>('[data-action=cancel]')!;
    this.root.querySelector('.bench-adapter')!.textContent = info.webgpu
      ? `Adapter: ${info.adapter}${info.software ? ' (a software renderer: GPU numbers here measure the CPU emulating WebGPU)' : ''}; timestamp queries ${info.features.includes('timestamp-query') ? 'available: GPU rows also give the summed compute-pass time' : 'not available: wall-clock times only'}.`
      : `No WebGPU (${info.reason}): only the CPU twins are timed.`;
    this.runBtn.addEventListener('click', () => void this.run());
    cancelBtn.addEventListener('click', () => this.controller?.abort());
    this.copyBtn.addEventListener('click', () => void this.copy());
    const obs = new MutationObserver(() => (cancelBtn.disabled = !this.runBtn.disabled));
    obs.observe(this.runBtn, { attributes: true });
  }

  /** New parameters: the old numbers no longer describe them. */
  set(params: Record<string, string>): void {
    this.params = params;
    this.controller?.abort();
    this.table.textContent = '';
    this.json.textContent = '';
    this.alert.textContent = '';
    this.status.textContent = 'press "run benchmark" (a GPU run takes seconds to a minute)';
    this.copyBtn.disabled = true;
  }

  private numbers(s: string): number[] {
    return s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .map(Number);
  }

  async run(): Promise<void> {
    this.set(this.params);
    const ac = new AbortController();
    this.controller = ac;
    this.runBtn.disabled = true;
    this.status.textContent = 'running…';
    const p = this.params;
    const params = { width: Number(p.width), depth: Number(p.depth), networks: Number(p.networks), lmax: Number(p.lmax), sht: this.numbers(p.sht ?? ''), eig: Number(p.eig) };
    const w = computeWorker();
    try {
      const r = await job(ac.signal, (id) =>
        w.bench(
          id,
          params,
          callback((row: BenchRow) => {
            const tr = document.createElement('tr');
            for (const c of [row.what, row.size, row.backend, fmtMs(row.ms), row.gpuMs === null ? '' : fmtMs(row.gpuMs), row.gflops === null ? '' : row.gflops.toFixed(2)]) {
              const td = document.createElement('td');
              td.textContent = c;
              tr.append(td);
            }
            this.table.append(tr);
          }),
        ),
      );
      const out = { date: new Date().toISOString(), userAgent: navigator.userAgent, params, ...r };
      this.json.textContent = JSON.stringify(out, null, 2);
      this.copyBtn.disabled = false;
      this.status.textContent = `done: ${r.rows.length} measurements. ${r.timing}.`;
      this.root.dispatchEvent(new CustomEvent('nns-result', { detail: out, bubbles: true }));
    } catch (e) {
      if (ac.signal.aborted) {
        this.status.textContent = 'cancelled';
        return;
      }
      this.table.textContent = '';
      this.status.textContent = '';
      this.alert.textContent = e instanceof WidgetError || e instanceof Error ? e.message : String(e);
    } finally {
      this.runBtn.disabled = false;
      if (this.controller === ac) this.controller = null;
    }
  }

  private async copy(): Promise<void> {
    const text = this.json.textContent ?? '';
    try {
      await navigator.clipboard.writeText(text);
      this.status.textContent = 'copied';
    } catch {
      // Clipboard access needs a secure context and permission: select the text instead.
      getSelection()?.selectAllChildren(this.json);
      this.status.textContent = 'select and copy the JSON below';
    }
  }
}
