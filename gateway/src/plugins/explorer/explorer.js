/* global document, URL, Worker */
// Starts Ruru (GraphiQL) from the gateway's own copy of its bundle. The page has no inline script
// so that its Content-Security-Policy can say script-src 'self': the settings come in a JSON data
// block, which the browser never runs.
const config = JSON.parse(document.getElementById('explorer-config').textContent);

// Monaco's language workers, from the same origin (worker-src 'self').
const worker = (file) => new Worker(new URL(config.staticPath + file, document.baseURI), { type: 'module' });
globalThis.MonacoEnvironment = {
  getWorker(_moduleId, label) {
    switch (label) {
      case 'json':
        return worker('jsonWorker.js');
      case 'graphql':
        return worker('graphqlWorker.js');
      default:
        return worker('editorWorker.js');
    }
  },
};

const { React, createRoot, Ruru } = await import(config.staticPath + 'ruru.js');
createRoot(document.getElementById('ruru-root')).render(React.createElement(Ruru, config));
