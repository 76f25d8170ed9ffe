/**
 * `nnspectra/widgets`: custom elements for web pages. Importing this module registers
 * `<nns-spectrum>`, `<nns-sphere-field>`, `<nns-depth-map>`, `<nns-phase-diagram>` and
 * `<nns-training>`. Each is configured by attributes (the names of the explorer's URL
 * parameters), computes in one Web Worker shared by the page (and so one GPU device), and emits
 * `nns-result` (detail: the numbers) and `nns-error` (detail: { message, code, param }).
 *
 * ```html
 * <script type="module">import 'nnspectra/widgets';</script>
 * <nns-spectrum activation="relu" depths="1,3" lmax="12" widths="64,256" networks="16" autorun></nns-spectrum>
 * ```
 *
 * @packageDocumentation
 */
import { NnsDepthMap } from './depth-map.js';
import { NnsPhaseDiagram } from './phase-diagram.js';
import { NnsSphereField } from './sphere-field.js';
import { NnsSpectrum } from './spectrum.js';
import { NnsTraining } from './training.js';

export { NnsDepthMap, NnsPhaseDiagram, NnsSphereField, NnsSpectrum, NnsTraining };
export { computeWorker, WidgetError } from './client.js';
export type * from './protocol.js';

const ELEMENTS: [string, CustomElementConstructor][] = [
  ['nns-spectrum', NnsSpectrum],
  ['nns-sphere-field', NnsSphereField],
  ['nns-depth-map', NnsDepthMap],
  ['nns-phase-diagram', NnsPhaseDiagram],
  ['nns-training', NnsTraining],
];

if (typeof customElements !== 'undefined') {
  for (const [name, ctor] of ELEMENTS) if (!customElements.get(name)) customElements.define(name, ctor);
}
