/**
 * The sandbox's stand-in for Atlassian's global-bridge.js: the source of an inline <script> that
 * defines `window.__bridge.callBridge` before the app bundle runs (@forge/bridge reads it at module
 * load). Server-side methods go over HTTP to the bridge routes; UI-only methods are answered here,
 * and functions (event callbacks, history listeners) stay inside the frame.
 *
 * The script is plain ES2020 text rather than a compiled function, so coverage instrumentation or a
 * TypeScript downlevel can never change what the browser runs (its CSP hash must be stable too).
 */

export interface BridgeShimOptions {
  /** Identifies the frame (and through it the module, context and viewer) to the bridge routes. */
  frameToken: string;
  /** Base URL of the bridge routes, e.g. `/__sandbox/bridge`; calls go to `{bridgeUrl}/{method}`. */
  bridgeUrl: string;
}

/** Methods the bridge routes answer; every other supported method is answered inside the frame. */
export const SERVER_BRIDGE_METHODS = ['getContext', 'invoke', 'fetchProduct'] as const;

export function bridgeShimScript(opts: BridgeShimOptions): string {
  const config = scriptLiteral({ frameToken: opts.frameToken, bridgeUrl: opts.bridgeUrl.replace(/\/+$/, '') });
  const serverMethods = scriptLiteral(SERVER_BRIDGE_METHODS);
  return `(function () {
  'use strict';
  var config = ${config};
  var serverMethods = ${serverMethods};
  // UI-only calls are recorded so tests (and later the host page) can see what the app asked for.
  var hostLog = [];
  var listeners = { local: new Map(), public: new Map() };

  function bridgeError(message) {
    var error = new Error(message);
    error.name = 'BridgeError';
    return error;
  }

  function findFunction(value, path, seen) {
    if (typeof value === 'function') return path || 'payload';
    if (!value || typeof value !== 'object' || seen.indexOf(value) >= 0) return null;
    seen.push(value);
    var keys = Object.keys(value);
    for (var i = 0; i < keys.length; i++) {
      var found = findFunction(value[keys[i]], (path ? path + '.' : '') + keys[i], seen);
      if (found) return found;
    }
    return null;
  }

  // JSON copy without functions, for the log: callbacks must never leave the frame.
  function withoutFunctions(value) {
    if (value === undefined) return undefined;
    try {
      return JSON.parse(JSON.stringify(value, function (key, v) { return typeof v === 'function' ? undefined : v; }));
    } catch (e) {
      return String(value);
    }
  }

  function callServer(method, payload) {
    var fn = findFunction(payload, '', []);
    if (fn) return Promise.reject(bridgeError('Cannot send a function (' + fn + ') over the bridge in ' + method));
    var body;
    try {
      body = JSON.stringify({ frameToken: config.frameToken, payload: payload === undefined ? null : payload });
    } catch (e) {
      return Promise.reject(bridgeError(method + ' failed: the payload cannot be sent as JSON (' + e.message + ')'));
    }
    return fetch(config.bridgeUrl + '/' + encodeURIComponent(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body,
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (response) {
      return response.text().then(function (text) {
        var answer = null;
        try { answer = text ? JSON.parse(text) : null; } catch (e) { answer = null; }
        if (!response.ok) {
          var message = answer && typeof answer.error === 'string' ? answer.error : 'HTTP ' + response.status + ' ' + response.statusText;
          var error = bridgeError(method + ' failed: ' + message);
          error.status = response.status;
          throw error;
        }
        if (!answer || typeof answer !== 'object' || !('result' in answer)) {
          throw bridgeError(method + ' failed: the sandbox bridge sent an unreadable answer');
        }
        return answer.result;
      });
    }, function (cause) {
      throw bridgeError(method + ' failed: the sandbox bridge is unreachable (' + (cause && cause.message) + ')');
    });
  }

  function record(method, payload) {
    hostLog.push({ method: method, payload: withoutFunctions(payload), at: Date.now() });
  }

  function subscribe(scope, payload) {
    if (!payload || typeof payload.event !== 'string' || typeof payload.callback !== 'function') {
      throw bridgeError('on needs {event, callback}');
    }
    var set = listeners[scope].get(payload.event);
    if (!set) { set = new Set(); listeners[scope].set(payload.event, set); }
    var callback = payload.callback;
    set.add(callback);
    return { unsubscribe: function () { set.delete(callback); } };
  }

  // Only this frame's own listeners hear an emit: the sandbox hosts no other extensions to reach.
  function dispatch(scope, payload) {
    if (!payload || typeof payload.event !== 'string') throw bridgeError('emit needs {event, payload}');
    var set = listeners[scope].get(payload.event);
    if (!set) return;
    Array.from(set).forEach(function (callback) {
      setTimeout(function () {
        try { callback(payload.payload); } catch (e) { console.error('[sandbox bridge] listener for ' + payload.event + ' threw', e); }
      }, 0);
    });
  }

  function parsePath(to) {
    var text = typeof to === 'string' ? to : '';
    var hashAt = text.indexOf('#');
    var hash = hashAt >= 0 ? text.slice(hashAt) : '';
    if (hashAt >= 0) text = text.slice(0, hashAt);
    var searchAt = text.indexOf('?');
    var search = searchAt >= 0 ? text.slice(searchAt) : '';
    if (searchAt >= 0) text = text.slice(0, searchAt);
    return { pathname: text || '/', search: search, hash: hash };
  }

  var keySeq = 0;
  function makeLocation(to, state) {
    var parts = typeof to === 'object' && to !== null
      ? { pathname: to.pathname || '/', search: to.search || '', hash: to.hash || '' }
      : parsePath(to);
    parts.state = state === undefined ? null : state;
    parts.key = 'k' + (++keySeq);
    return parts;
  }

  // An in-memory history in the shape the bridge expects (listeners get (location, action)).
  function createHistory() {
    var entries = [makeLocation('/', null)];
    var index = 0;
    var historyListeners = new Set();
    var history = {
      action: 'POP',
      location: entries[0],
      get length() { return entries.length; },
      listen: function (listener) {
        historyListeners.add(listener);
        return function () { historyListeners.delete(listener); };
      },
      createHref: function (to) {
        var loc = typeof to === 'string' ? parsePath(to) : to;
        return (loc.pathname || '/') + (loc.search || '') + (loc.hash || '');
      },
      push: function (to, state) { entries = entries.slice(0, index + 1); entries.push(makeLocation(to, state)); index++; notify('PUSH'); },
      replace: function (to, state) { entries[index] = makeLocation(to, state); notify('REPLACE'); },
      go: function (delta) {
        var next = Math.max(0, Math.min(entries.length - 1, index + delta));
        if (next === index) return;
        index = next;
        notify('POP');
      },
      back: function () { history.go(-1); },
      forward: function () { history.go(1); },
      block: function () { return function () {}; }
    };
    function notify(action) {
      history.action = action;
      history.location = entries[index];
      record('history.' + action.toLowerCase(), history.location);
      Array.from(historyListeners).forEach(function (listener) { listener(history.location, action); });
    }
    return history;
  }

  function urlFor(location) {
    if (!location || typeof location.target !== 'string') throw bridgeError('getUrl needs a location with a target');
    var origin = window.location.origin;
    if (location.target === 'issue' && location.issueKey) return origin + '/browse/' + encodeURIComponent(location.issueKey);
    var params = Object.keys(location).filter(function (k) { return k !== 'target' && k !== 'type'; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(String(location[k])); }).join('&');
    return origin + '/__sandbox/navigate/' + encodeURIComponent(location.target) + (params ? '?' + params : '');
  }

  var uiMethods = {
    enableTheming: function () {
      var root = document.documentElement;
      root.setAttribute('data-color-mode', 'light');
      root.setAttribute('data-theme', 'light:light dark:dark spacing:spacing typography:typography');
    },
    changeWindowTitle: function (title) { document.title = String(title); },
    emitReadyEvent: function () {},
    getFrameDispatch: function () { return undefined; },
    showFlag: function () { return true; },
    closeFlag: function () { return true; },
    refresh: function () { return true; },
    submit: function () { return true; },
    close: function () { return true; },
    onClose: function () { return true; },
    open: function () { return true; },
    navigate: function () {},
    reload: function () { setTimeout(function () { window.location.reload(); }, 0); },
    getUrl: urlFor,
    on: function (payload) { return subscribe('local', payload); },
    onPublic: function (payload) { return subscribe('public', payload); },
    emit: function (payload) { dispatch('local', payload); },
    emitPublic: function (payload) { dispatch('public', payload); },
    createHistory: createHistory
  };

  function callBridge(method, payload) {
    if (serverMethods.indexOf(method) >= 0) return callServer(method, payload);
    if (!Object.prototype.hasOwnProperty.call(uiMethods, method)) {
      return Promise.reject(bridgeError('Bridge method "' + method + '" is not supported by the Provisio sandbox'));
    }
    try {
      if (method !== 'createHistory') record(method, payload);
      return Promise.resolve(uiMethods[method](payload));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  Object.defineProperty(window, '__bridge', {
    value: Object.freeze({ callBridge: callBridge }),
    writable: false,
    configurable: false,
    enumerable: false
  });
  Object.defineProperty(window, '__sandboxBridgeLog', { value: hostLog, writable: false, configurable: false, enumerable: false });
})();`;
}

/** JSON that is also safe inside an inline <script> (no `</script>` or `<!--` can form). */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
