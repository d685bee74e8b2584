// Test-only stand-in for the webview API VS Code injects: records what the panel posts and saves,
// returns a preset state from getState, and records CSP violations.
(function () {
  'use strict';
  const record = (window.__fl = window.__fl || {});
  record.posted = [];
  record.saved = [];
  record.csp = [];
  let acquired = false;
  document.addEventListener('securitypolicyviolation', function (event) {
    record.csp.push(event.violatedDirective + ' ' + (event.blockedURI || '') + ' ' + (event.sample || ''));
  });
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: function (message) {
        record.posted.push(JSON.parse(JSON.stringify(message)));
      },
      getState: function () {
        return record.initialState;
      },
      setState: function (state) {
        record.saved.push(Date.now());
        record.lastSaved = state;
        return state;
      },
    });
  };
})();
