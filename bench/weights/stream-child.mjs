// Analyses one file in a fresh process and prints its peak resident memory: the streaming
// half of bench/weights (the parent's own allocations must not count).
import { analyzeWeights } from '../../dist/index.js';

const file = process.argv[2];
const t0 = performance.now();
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const r = await analyzeWeights(file, { backend: 'cpu' });
clearInterval(timer);
const maxRssBytes = Math.max(peak, process.resourceUsage().maxRSS * 1024);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, layers: r.layers.length, maxRssBytes }) + '\n');
