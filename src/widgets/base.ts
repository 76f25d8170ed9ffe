/**
 * The base of every nnspectra custom element: attributes (named like the explorer's URL
 * parameters) parsed for the library, which validates them; one job at a time, cancelled when
 * an attribute changes; the library's one-line error in a role="alert" element with the stale
 * result cleared; `nns-result` events with the numbers.
 */
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { WidgetError } from './client.js';
import widgetCss from './widgets.css?inline';

let styled = false;

function injectStyles(): void {
  if (styled || typeof document === 'undefined') return;
  styled = true;
  const s = document.createElement('style');
  s.dataset.nnspectra = '';
  s.textContent = `${uplotCss}\n${widgetCss}`;
  document.head.prepend(s);
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', 'nns-button', label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

export abstract class NnsElement extends HTMLElement {
  protected statusEl!: HTMLElement;
  protected alertEl!: HTMLElement;
  protected progressEl!: HTMLProgressElement;
  protected body!: HTMLElement;
  protected controls!: HTMLElement;
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private built = false;
  /** Whether the expensive part (sampling, training, benchmark) runs without a click. */
  protected runRequested = false;

  connectedCallback(): void {
    injectStyles();
    if (!this.built) {
      this.built = true;
      this.classList.add('nns-widget');
      this.controls = el('div', 'nns-controls');
      this.progressEl = el('progress', 'nns-progress');
      this.progressEl.max = 1;
      this.progressEl.value = 0;
      this.progressEl.hidden = true;
      this.statusEl = el('p', 'nns-status');
      this.statusEl.setAttribute('role', 'status');
      this.alertEl = el('p', 'nns-alert');
      this.alertEl.setAttribute('role', 'alert');
      this.body = el('div', 'nns-body');
      this.append(this.controls, this.alertEl, this.statusEl, this.progressEl, this.body);
      this.build();
    }
    this.runRequested = this.hasAttribute('autorun') && this.getAttribute('autorun') !== '0';
    this.schedule(0);
  }

  disconnectedCallback(): void {
    this.cancel();
  }

  attributeChangedCallback(name: string): void {
    if (!this.built) return;
    if (name === 'autorun') this.runRequested = this.getAttribute('autorun') !== null && this.getAttribute('autorun') !== '0';
    this.schedule(60);
  }

  /** Builds the element's controls and plots (once, on first connection). */
  protected abstract build(): void;
  /** Computes with the current attributes; returns the numbers sent as `nns-result`. */
  protected abstract compute(signal: AbortSignal): Promise<unknown>;
  /** Removes results that no longer match the attributes. */
  protected abstract clear(): void;

  /** Recomputes soon (coalescing attribute changes that arrive together). */
  schedule(ms = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  /** Starts the expensive part now (the run button). */
  run(): void {
    this.runRequested = true;
    this.schedule(0);
  }

  /** Cancels the running job (its partial results stay, marked as cancelled). */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
    this.setBusy(false);
  }

  protected setBusy(busy: boolean): void {
    this.toggleAttribute('busy', busy);
    this.progressEl.hidden = !busy;
    if (!busy) this.progressEl.value = 0;
  }

  protected progress(done: number, total: number): void {
    this.progressEl.hidden = false;
    this.progressEl.value = total > 0 ? done / total : 0;
  }

  private async refresh(): Promise<void> {
    this.controller?.abort();
    const ac = new AbortController();
    this.controller = ac;
    this.alertEl.textContent = '';
    this.toggleAttribute('stale', true);
    try {
      const detail = await this.compute(ac.signal);
      if (ac.signal.aborted) return;
      this.toggleAttribute('stale', false);
      this.dispatchEvent(new CustomEvent('nns-result', { detail, bubbles: true }));
    } catch (e) {
      if (ac.signal.aborted || (e instanceof WidgetError && e.code === 'ABORTED')) return;
      this.fail(e);
    } finally {
      if (this.controller === ac) {
        this.controller = null;
        this.setBusy(false);
      }
    }
  }

  protected fail(e: unknown): void {
    this.clear();
    this.statusEl.textContent = '';
    this.toggleAttribute('stale', false);
    const message = e instanceof Error ? e.message : String(e);
    this.alertEl.textContent = message;
    this.dispatchEvent(new CustomEvent('nns-error', { detail: { message, code: (e as WidgetError).code, param: (e as WidgetError).param }, bubbles: true }));
  }

  /** Tells the page that the element changed one of its own parameters (e.g. the seed). */
  protected announce(name: string, value: string): void {
    this.setAttribute(name, value);
    this.dispatchEvent(new CustomEvent('nns-params', { detail: { [name]: value }, bubbles: true }));
  }

  // ---- attributes, parsed for the library (which validates and names them in its messages)

  protected str(name: string, def: string): string {
    const v = this.getAttribute(name);
    return v === null ? def : v.trim();
  }

  protected num(name: string, def: number): number;
  protected num(name: string, def: undefined): number | undefined;
  protected num(name: string, def: number | undefined): number | undefined {
    const v = this.getAttribute(name);
    if (v === null) return def;
    const t = v.trim();
    return t === '' ? NaN : Number(t);
  }

  protected list(name: string, def: number[]): number[] {
    const v = this.getAttribute(name);
    if (v === null) return def;
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(Number);
  }
}
