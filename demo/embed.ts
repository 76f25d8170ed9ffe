// The embed page needs nothing but the widgets module: `import 'nnspectra/widgets'` in a package user's page.
import '../src/widgets/index.js';
