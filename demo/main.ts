/**
 * The explorer: one page, a view per `?view=`, every parameter in the URL (history entries per
 * edit, back/forward restore them), the views built from the package's widgets, which compute
 * in one shared Web Worker.
 */
import '../src/widgets/index.js';
import { computeWorker } from '../src/widgets/client.js';
import type { GpuInfo } from '../src/widgets/protocol.js';
import { BenchView } from './bench.js';
import { VIEWS, type View } from './views.js';

const form = document.querySelector<HTMLFormElement>('#params')!;
const main = document.querySelector<HTMLElement>('#view')!;
const nav = document.querySelector<HTMLElement>('#views')!;
const blurb = document.querySelector<HTMLElement>('#blurb')!;
const carry = document.querySelector<HTMLElement>('#carry')!;
const notice = document.querySelector<HTMLElement>('#gpu-notice')!;

let info: GpuInfo;
let small = false;
let view: View;
let widget: HTMLElement | null = null;
let bench: BenchView | null = null;
/** True while a burst of edits is being typed: the first pushes a history entry, the rest replace it. */
let editing = false;
let typingTimer: ReturnType<typeof setTimeout> | null = null;

function currentView(params: URLSearchParams): View {
  return VIEWS.find((v) => v.id === params.get('view')) ?? VIEWS[0];
}

function defaults(v: View): Record<string, string> {
  return Object.fromEntries(v.params.map((p) => [p.name, small && p.cpu !== undefined ? p.cpu : p.def]));
}

/** The view's full parameter set: URL values over the defaults. */
function valuesFrom(params: URLSearchParams, v: View): Record<string, string> {
  const d = defaults(v);
  for (const p of v.params) {
    const u = params.get(p.name);
    if (u !== null) d[p.name] = u;
  }
  return d;
}

function writeUrl(values: Record<string, string>, push: boolean): void {
  const params = new URLSearchParams(location.search);
  params.set('view', view.id);
  for (const [k, v] of Object.entries(values)) params.set(k, v);
  const url = `${location.pathname}?${params.toString()}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function formValues(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of view.params) out[p.name] = (form.elements.namedItem(p.name) as HTMLInputElement | HTMLSelectElement).value.trim();
  return out;
}

function apply(values: Record<string, string>): void {
  if (widget) for (const [k, v] of Object.entries(values)) if (widget.getAttribute(k) !== v) widget.setAttribute(k, v);
  bench?.set(values);
}

function buildForm(values: Record<string, string>): void {
  form.textContent = '';
  for (const p of view.params) {
    const label = document.createElement('label');
    label.textContent = p.label;
    label.htmlFor = `p-${p.name}`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (p.options) {
      const s = document.createElement('select');
      const opts = p.options.includes(values[p.name]) ? p.options : [...p.options, values[p.name]];
      for (const o of opts) s.append(new Option(o, o));
      input = s;
    } else {
      const i = document.createElement('input');
      i.type = 'text';
      i.spellcheck = false;
      input = i;
    }
    input.id = `p-${p.name}`;
    input.name = p.name;
    input.value = values[p.name];
    if (p.title) input.title = p.title;
    form.append(label, input);
  }
}

function setFormValues(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) {
    const e = form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | null;
    if (!e) continue;
    if (e instanceof HTMLSelectElement && !Array.from(e.options).some((o) => o.value === v)) e.append(new Option(v, v));
    e.value = v;
  }
}

function showView(params: URLSearchParams): void {
  const v = currentView(params);
  const values = valuesFrom(params, v);
  const autorun = params.get('autorun') === '1';
  if (v !== view || !main.firstChild) {
    view = v;
    document.title = `nnspectra explorer — ${v.title}`;
    for (const a of Array.from(nav.querySelectorAll('a'))) {
      if (a.dataset.view === v.id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    blurb.textContent = v.blurb;
    buildForm(values);
    main.textContent = '';
    carry.textContent = '';
    widget = null;
    bench = null;
    if (v.tag === 'bench') {
      bench = new BenchView(info);
      main.append(bench.root);
      bench.set(values);
      if (autorun) void bench.run();
    } else {
      widget = document.createElement(v.tag);
      for (const [k, val] of Object.entries(values)) widget.setAttribute(k, val);
      if (autorun) widget.setAttribute('autorun', '');
      main.append(widget);
    }
  } else {
    setFormValues(values);
    apply(values);
  }
  // The address bar always holds the complete state.
  writeUrl(values, false);
}

function onEdit(commit: boolean): void {
  const values = formValues();
  writeUrl(values, !editing);
  editing = !commit;
  apply(values);
}

form.addEventListener('input', () => {
  if (typingTimer) clearTimeout(typingTimer);
  typingTimer = setTimeout(() => onEdit(false), 300);
});
form.addEventListener('change', () => {
  if (typingTimer) clearTimeout(typingTimer);
  onEdit(true);
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  onEdit(true);
});

// A widget changed one of its own parameters (resample -> seed): a new history entry.
main.addEventListener('nns-params', (e) => {
  const d = (e as CustomEvent<Record<string, string>>).detail;
  setFormValues(d);
  writeUrl(formValues(), true);
});

main.addEventListener('nns-error', (e) => {
  const param = (e as CustomEvent<{ param?: string }>).detail.param;
  for (const el of Array.from(form.querySelectorAll('[aria-invalid]'))) el.removeAttribute('aria-invalid');
  const bad = param ? (form.elements.namedItem(param === 'sigmaB2' ? 'sb2' : param === 'sigmaW2' ? 'sw2' : param) as HTMLElement | null) : null;
  bad?.setAttribute('aria-invalid', 'true');
});
// The last numbers and a count of results, readable by scripts driving the page (and its tests).
let results = 0;
main.addEventListener('nns-result', (e) => {
  (window as unknown as { nnsLastResult: unknown }).nnsLastResult = (e as CustomEvent).detail;
  document.body.dataset.results = String(++results);
  for (const el of Array.from(form.querySelectorAll('[aria-invalid]'))) el.removeAttribute('aria-invalid');
});

// The phase diagram's picked point becomes raw-mode (σ_w², σ_b²) for the other views.
main.addEventListener('nns-select', (e) => {
  const { sigmaW2, sigmaB2 } = (e as CustomEvent<{ sigmaW2: number; sigmaB2: number }>).detail;
  const params = new URLSearchParams(location.search);
  carry.textContent = `σ_w² = ${sigmaW2}, σ_b² = ${sigmaB2} (raw mode): `;
  for (const target of ['sphere', 'spectrum', 'depth']) {
    const p = new URLSearchParams(params);
    p.set('view', target);
    p.set('mode', 'raw');
    p.set('sw2', String(sigmaW2));
    p.set('sb2', String(sigmaB2));
    const a = document.createElement('a');
    a.href = `?${p.toString()}`;
    a.textContent = `→ ${target}`;
    a.dataset.view = target;
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      history.pushState(null, '', a.href);
      showView(new URLSearchParams(location.search));
    });
    carry.append(a);
  }
});

window.addEventListener('popstate', () => {
  editing = false;
  showView(new URLSearchParams(location.search));
});

function buildNav(): void {
  for (const v of VIEWS) {
    const a = document.createElement('a');
    a.textContent = v.title;
    a.dataset.view = v.id;
    a.href = `?view=${v.id}`;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      // Shared parameters (activation, depth, …) travel with the user; the view's own defaults fill the rest.
      const p = new URLSearchParams(location.search);
      p.set('view', v.id);
      p.delete('autorun');
      history.pushState(null, '', `${location.pathname}?${p.toString()}`);
      editing = false;
      showView(p);
    });
    nav.append(a);
  }
}

async function start(): Promise<void> {
  buildNav();
  info = await computeWorker().gpuInfo();
  small = !info.webgpu || info.software;
  if (!info.webgpu) {
    notice.hidden = false;
    notice.textContent = `WebGPU is not available in this browser (${info.reason}). Everything runs on the CPU (the package's float64 twins) in a background worker, with smaller default sizes.`;
  } else if (info.software) {
    notice.hidden = false;
    notice.textContent = `WebGPU runs on a software adapter (${info.adapter}): with backend "auto" the CPU twins compute, and default sizes are smaller.`;
  }
  document.body.dataset.webgpu = String(info.webgpu);
  showView(new URLSearchParams(location.search));
  document.body.dataset.ready = 'true';
}

void start();
