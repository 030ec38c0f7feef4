// The hosted connect page. It reads its token from the URL's fragment (never sent to a server), keeps it in this tab's
// sessionStorage, and sends it in the Connect-Token header. Everything the API returns is rendered as text: no innerHTML.
'use strict';

(() => {
  const config = JSON.parse(document.getElementById('connect-config').textContent);
  const strings = config.strings;
  const view = document.getElementById('view');
  const alertRegion = document.getElementById('alert');
  const statusRegion = document.getElementById('status');
  const requestedBy = document.getElementById('requested-by');
  const validUntil = document.getElementById('valid-until');

  const query = new URLSearchParams(location.search);
  const sessionId = query.get('session') || '';
  const tokenKey = `connect:${sessionId}:token`;
  const popupKey = `connect:${sessionId}:popup`;
  const messageType = 'credentials.connect';

  let session = null;

  // Strings with {placeholders}; values are inserted as text, so nothing in them is markup.
  function t(key, values = {}) {
    const text = strings[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
  }

  // Creates an element; children are nodes or strings (text nodes).
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'className') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function announce(text) {
    statusRegion.textContent = '';
    window.setTimeout(() => { statusRegion.textContent = text; }, 50);
  }

  function showAlert(text) {
    alertRegion.textContent = text || '';
  }

  // Replaces the view and moves focus to its heading, so keyboard and screen reader users start at the new content.
  function render(...nodes) {
    showAlert('');
    view.replaceChildren(...nodes.filter((node) => node !== null && node !== undefined));
    const heading = view.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }

  function tenantName() {
    return session ? session.tenantName : '';
  }

  function connectorName(connectorId) {
    const found = session && session.connectors.find((c) => c.connectorId === connectorId);
    return found ? found.name : connectorId || '';
  }

  function monogram(connector) {
    const words = connector.name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const letters = (words.length > 1 ? words[0][0] + words[1][0] : (words[0] || '?').slice(0, 2)).toUpperCase();
    let hash = 0;
    for (const c of connector.connectorId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    return el('span', { className: `monogram monogram-${hash % 8}`, 'aria-hidden': 'true' }, letters);
  }

  // WCAG relative luminance, to pick black or white text on the tenant's accent (one of them always reaches 4.5:1).
  function onAccent(hex) {
    const channel = (i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? '#ffffff' : '#000000';
  }

  function applyTenant() {
    if (session.accentColor && /^#[0-9a-fA-F]{6}$/.test(session.accentColor)) {
      document.documentElement.style.setProperty('--accent', session.accentColor);
      document.documentElement.style.setProperty('--on-accent', onAccent(session.accentColor));
    }
    requestedBy.textContent = t('requestedBy', { tenant: session.tenantName });
    requestedBy.hidden = false;
    const expires = new Date(session.expiresAt);
    if (session.canConnect && !Number.isNaN(expires.getTime())) {
      validUntil.textContent = t('validUntil', { time: expires.toLocaleString(config.language, { dateStyle: 'medium', timeStyle: 'short' }) });
      validUntil.hidden = false;
    } else {
      validUntil.hidden = true;
    }
  }

  async function api(method, url, body) {
    const token = sessionStorage.getItem(tokenKey);
    const response = await fetch(url, {
      method,
      headers: Object.assign({ 'Connect-Token': token || '' }, body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    return { status: response.status, body: payload };
  }

  async function loadSession() {
    const answer = await api('GET', config.sessionUrl);
    if (answer.status !== 200 || !answer.body || answer.body.sessionId !== sessionId) return null;
    session = answer.body;
    applyTenant();
    return session;
  }

  // ---- Views --------------------------------------------------------------------------------------------------------------

  function renderInvalid() {
    requestedBy.hidden = true;
    validUntil.hidden = true;
    render(
      el('div', { className: 'outcome-icon outcome-neutral', 'aria-hidden': 'true' }, '!'),
      el('h1', {}, t('invalidHeading')),
      el('p', {}, t('invalidBody')));
  }

  function renderExpired() {
    render(
      el('div', { className: 'outcome-icon outcome-neutral', 'aria-hidden': 'true' }, '!'),
      el('h1', {}, t('expiredHeading')),
      el('p', {}, t('expiredBody', { tenant: tenantName() })));
  }

  function renderList() {
    if (session.reauthorizeConnectorId) {
      renderConnector(session.reauthorizeConnectorId);
      return;
    }
    if (session.connectors.length === 1) {
      renderConnector(session.connectors[0].connectorId);
      return;
    }

    const items = session.connectors.map((connector) => {
      const types = connector.methods.map((m) => t(`authType.${m.authenticationType}`)).join(' · ');
      const item = el('li', { 'data-search': `${connector.name} ${connector.description || ''}`.toLowerCase() },
        el('button', { type: 'button', className: 'app', onclick: () => renderConnector(connector.connectorId) },
          monogram(connector),
          el('span', { className: 'app-text' },
            el('span', { className: 'app-name' }, connector.name),
            connector.description ? el('span', { className: 'app-description' }, connector.description) : null,
            el('span', { className: 'app-types' }, types))));
      return item;
    });
    const list = el('ul', { className: 'apps', 'aria-label': t('appListLabel') }, items);
    const noMatches = el('p', { className: 'intro', hidden: true }, t('noMatches'));

    let search = null;
    if (session.connectors.length > 8) {
      const input = el('input', { type: 'search', id: 'search', autocomplete: 'off', 'aria-controls': 'app-list' });
      input.addEventListener('input', () => {
        const terms = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
        let shown = 0;
        for (const item of items) {
          const match = terms.every((term) => item.dataset.search.includes(term));
          item.hidden = !match;
          if (match) shown += 1;
        }
        noMatches.hidden = shown > 0;
        announce(t('searchCount', { count: shown, total: items.length }));
      });
      search = el('div', { className: 'search' }, el('label', { for: 'search' }, t('searchLabel')), input);
    }
    list.id = 'app-list';

    render(
      el('h1', {}, t('chooseHeading', { tenant: tenantName() })),
      el('p', { className: 'intro' }, t('chooseIntro', { tenant: tenantName() })),
      search,
      list,
      noMatches);
  }

  function dataSchema(method) {
    const schema = method.inputSchema || {};
    // oauth2's schema is oneOf [start a flow, import tokens]: the page only starts flows.
    const body = Array.isArray(schema.oneOf) ? schema.oneOf[0] : schema;
    return (body.properties && body.properties.data) || { properties: {}, required: [] };
  }

  function renderConnector(connectorId, preferredType) {
    const connector = session.connectors.find((c) => c.connectorId === connectorId);
    if (!connector) {
      renderList();
      return;
    }

    const reconnect = Boolean(session.reauthorizeConnectorId);
    const canGoBack = !reconnect && session.connectors.length > 1;
    let method = connector.methods.find((m) => m.authenticationType === preferredType) || connector.methods[0];
    const formHost = el('div');

    const heading = reconnect
      ? t('reconnectHeading', { connector: connector.name })
      : t('connectorHeading', { connector: connector.name });
    const parts = [
      canGoBack ? el('button', { type: 'button', className: 'link-button back', onclick: renderList }, `← ${t('back')}`) : null,
      el('div', { className: 'connector-title' }, monogram(connector), el('h1', {}, heading)),
      reconnect ? el('p', { className: 'intro' }, t('reconnectIntro', { tenant: tenantName(), connector: connector.name })) : null,
      connector.description && !reconnect ? el('p', { className: 'intro' }, connector.description) : null,
    ];

    if (connector.methods.length > 1) {
      const choices = connector.methods.map((m) => {
        const id = `method-${m.authenticationType}`;
        return el('div', { className: 'choice' },
          el('input', {
            type: 'radio', name: 'method', id, value: m.authenticationType, checked: m === method,
            onchange: () => { method = m; formHost.replaceChildren(buildForm(connector, method)); },
          }),
          el('label', { for: id }, t(`authType.${m.authenticationType}`)));
      });
      parts.push(el('fieldset', {}, el('legend', {}, t('methodLegend')), choices));
    }

    formHost.replaceChildren(buildForm(connector, method));
    parts.push(formHost);
    render(...parts);
  }

  // A form generated from the connector's input schema: labels and help from title and description, writeOnly fields as
  // password inputs, enums as selects. The browser checks required fields, lengths and patterns; the API checks again.
  function buildForm(connector, method) {
    const schema = dataSchema(method);
    const required = new Set(schema.required || []);
    const fields = Object.entries(schema.properties || {}).map(([name, property]) => buildField(name, property, required.has(name)));
    const oauth = method.authenticationType === 'oauth2';
    const submit = el('button', { type: 'submit', className: 'button' },
      oauth ? t('signIn', { connector: connector.name }) : t('connect'));
    const form = el('form', { novalidate: true, 'aria-describedby': oauth ? 'sign-in-help' : null },
      ...fields.map((f) => f.node),
      oauth ? el('p', { id: 'sign-in-help', className: 'intro' }, t('signInHelp', { connector: connector.name })) : null,
      el('div', { className: 'actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitForm(connector, method, fields, submit);
    });
    return form;
  }

  function buildField(name, property, isRequired) {
    const id = `field-${name}`;
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const label = property.title || name;
    const described = [property.description ? helpId : null, errorId].filter(Boolean).join(' ');
    let input;
    if (Array.isArray(property.enum)) {
      input = el('select', { id, name, required: isRequired, 'aria-describedby': described },
        el('option', { value: '' }, t('chooseOption')),
        property.enum.map((value) => el('option', { value }, value)));
    } else if (property.type === 'boolean') {
      input = el('input', { type: 'checkbox', id, name, 'aria-describedby': described });
    } else {
      const type = property.writeOnly ? 'password'
        : property.format === 'email' ? 'email'
          : property.format === 'uri' ? 'url' : 'text';
      input = el('input', {
        type, id, name, required: isRequired, 'aria-required': isRequired ? 'true' : null,
        'aria-describedby': described,
        maxlength: property.maxLength || null,
        inputmode: property.type === 'integer' ? 'numeric' : null,
        autocomplete: property.writeOnly ? 'new-password' : 'off',
        spellcheck: 'false',
        autocapitalize: 'off',
      });
    }
    const error = el('p', { id: errorId, className: 'field-error' });
    const labelNode = property.type === 'boolean'
      ? el('div', { className: 'checkbox' }, input, el('label', { for: id }, label))
      : el('label', { for: id }, label, isRequired ? null : el('span', { className: 'optional' }, ` (${t('optional')})`));
    const node = el('div', { className: 'field' },
      property.type === 'boolean' ? null : labelNode,
      property.description ? el('span', { id: helpId, className: 'help' }, property.description) : null,
      property.type === 'boolean' ? labelNode : input,
      error);
    return { name, property, isRequired, input, error, node };
  }

  function setFieldError(field, message) {
    field.error.textContent = message || '';
    if (message) field.input.setAttribute('aria-invalid', 'true');
    else field.input.removeAttribute('aria-invalid');
  }

  // The JSON Schema pattern as a JavaScript RegExp; \A and \z anchors become ^ and $. A pattern JavaScript cannot read is
  // left to the API.
  function patternOf(property) {
    if (!property.pattern) return null;
    try {
      return new RegExp(property.pattern.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$'), 'u');
    } catch {
      return null;
    }
  }

  function checkField(field) {
    const { property, input } = field;
    if (property.type === 'boolean') return null;
    const value = input.value;
    if (value === '') return field.isRequired ? t(Array.isArray(property.enum) ? 'choose' : 'required') : null;
    if (property.maxLength && value.length > property.maxLength) return t('tooLong', { max: property.maxLength });
    if (property.type === 'integer' && !/^-?\d+$/.test(value)) return t('wholeNumber');
    if (property.format === 'email' && input.validity && input.validity.typeMismatch) return t('email');
    if (property.format === 'uri' && !/^https:\/\/\S+$/.test(value)) return t('url');
    const pattern = patternOf(property);
    if (pattern && !pattern.test(value)) return t('pattern');
    return null;
  }

  function formData(fields) {
    const data = {};
    for (const field of fields) {
      const { property, input } = field;
      if (property.type === 'boolean') data[field.name] = input.checked;
      else if (input.value === '') continue;
      else if (property.type === 'integer') data[field.name] = parseInt(input.value, 10);
      else data[field.name] = input.value;
    }
    return data;
  }

  async function submitForm(connector, method, fields, submit) {
    showAlert('');
    let firstInvalid = null;
    for (const field of fields) {
      const problem = checkField(field);
      setFieldError(field, problem);
      if (problem && !firstInvalid) firstInvalid = field;
    }
    if (firstInvalid) {
      showAlert(t('fixFields'));
      firstInvalid.input.focus();
      return;
    }

    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = t('working');
    announce(t('working'));
    let answer;
    try {
      answer = await api('POST', config.credentialsUrl, {
        connectorId: connector.connectorId,
        authenticationType: method.authenticationType,
        data: formData(fields),
      });
    } catch {
      answer = { status: 0, body: null };
    }
    submit.disabled = false;
    submit.textContent = label;

    if (answer.status === 200 && answer.body && answer.body.oauthUrl) {
      // Full-page redirect to the provider; its callback brings the browser back to this page with the outcome.
      location.assign(answer.body.oauthUrl);
      return;
    }
    if (answer.status === 201 && answer.body) {
      await loadSession();
      finish(answer.body);
      return;
    }
    await showFailure(answer, fields);
  }

  async function showFailure(answer, fields) {
    const code = answer.body && answer.body.code;
    if (answer.status === 401) {
      renderInvalid();
      return;
    }
    if (code === 'session_expired' || code === 'session_completed') {
      await start();
      return;
    }
    if (code === 'validation_failed' && answer.body.errors) {
      let firstInvalid = null;
      const other = [];
      for (const [path, messages] of Object.entries(answer.body.errors)) {
        const field = fields.find((f) => path === `data.${f.name}`);
        if (field) {
          setFieldError(field, messages.join(' '));
          if (!firstInvalid) firstInvalid = field;
        } else {
          other.push(...messages);
        }
      }
      showAlert(other.length > 0 ? `${t('fixFields')} ${other.join(' ')}` : t('fixFields'));
      if (firstInvalid) firstInvalid.input.focus();
      return;
    }
    const messages = {
      verification_failed: 'verificationFailed',
      provider_error: 'providerError',
      auth_config_required: 'authConfigRequired',
      rate_limited: 'rateLimited',
    };
    showAlert(t(messages[code] || 'genericError', { tenant: tenantName() }));
  }

  // Done: post the result to the opener (popup mode, only to the origin of the tenant's redirect URI), or go to the redirect
  // URI, or say "Connected".
  function finish(result) {
    const popup = sessionStorage.getItem(popupKey) === '1';
    if (popup && window.opener && session.openerOrigin) {
      try {
        window.opener.postMessage({
          type: messageType, status: 'completed', sessionId, credentialId: result.credentialId, connectorId: result.connectorId,
        }, session.openerOrigin);
      } catch {
        // The opener went away; the tenant's app polls GET /connect/sessions/{id} instead.
      }
    }
    if (!popup && result.redirectUrl && !session.canConnect) {
      renderConnected(result, false);
      announce(t('returning', { tenant: tenantName() }));
      location.assign(result.redirectUrl);
      return;
    }
    renderConnected(result, popup);
    if (popup && !session.canConnect) window.close();
  }

  function renderConnected(result, popup) {
    const actions = [];
    if (session.canConnect) {
      actions.push(el('button', { type: 'button', className: 'button', onclick: renderList }, t('connectAnother')));
    }
    if (!popup && result.redirectUrl) {
      actions.push(el('a', { className: session.canConnect ? 'link-button' : 'button', href: result.redirectUrl }, t('continue', { tenant: tenantName() })));
    }
    const closable = popup || !result.redirectUrl;
    render(
      el('div', { className: 'outcome-icon outcome-success', 'aria-hidden': 'true' }, '✓'),
      el('h1', {}, t('connectedHeading')),
      el('p', {}, t('connectedBody', { connector: connectorName(result.connectorId), tenant: tenantName() })),
      closable && !session.canConnect ? el('p', {}, t('closeInstruction')) : null,
      actions.length > 0 ? el('div', { className: 'actions' }, actions) : null);
  }

  function renderAlreadyConnected(result) {
    render(
      el('div', { className: 'outcome-icon outcome-success', 'aria-hidden': 'true' }, '✓'),
      el('h1', {}, t('connectedHeading')),
      el('p', {}, t('alreadyConnectedBody', { connector: connectorName(result.connectorId) })),
      result.redirectUrl
        ? el('div', { className: 'actions' }, el('a', { className: 'button', href: result.redirectUrl }, t('continue', { tenant: tenantName() })))
        : el('p', {}, t('closeInstruction')));
  }

  function renderOAuthFailure(error, connectorId) {
    const denied = error === 'access_denied';
    const connector = connectorName(connectorId);
    render(
      el('div', { className: 'outcome-icon outcome-failure', 'aria-hidden': 'true' }, '×'),
      el('h1', {}, t(denied ? 'deniedHeading' : 'failedHeading')),
      el('p', {}, t(denied ? 'deniedBody' : 'failedBody', { connector })),
      session.canConnect
        ? el('div', { className: 'actions' },
          el('button', { type: 'button', className: 'button', onclick: () => renderConnector(connectorId, 'oauth2') }, t('tryAgain')))
        : null);
  }

  // ---- Start ----------------------------------------------------------------------------------------------------------------

  // The token comes once in the fragment; it is moved to this tab's sessionStorage (it survives the OAuth round trip) and the
  // address bar keeps only the session id. Remembers whether the page was opened as a popup of the tenant's app.
  function takeTokenFromFragment() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get('token');
    if (token && token.startsWith(`${sessionId}.`)) {
      sessionStorage.setItem(tokenKey, token);
      sessionStorage.setItem(popupKey, window.opener ? '1' : '0');
    }
  }

  function takeOutcomeFromQuery() {
    const outcome = {
      credentialId: query.get('credentialId'),
      connectorId: query.get('connectorId'),
      error: query.get('error'),
    };
    history.replaceState(null, '', `${location.pathname}?session=${encodeURIComponent(sessionId)}`);
    return outcome.credentialId || outcome.error ? outcome : null;
  }

  async function start(outcome = null) {
    if (!sessionId || !sessionStorage.getItem(tokenKey)) {
      renderInvalid();
      return;
    }
    let loaded = null;
    try {
      loaded = await loadSession();
    } catch {
      loaded = null;
    }
    if (!loaded) {
      renderInvalid();
      return;
    }

    if (outcome && outcome.credentialId) {
      const result = session.results.find((r) => r.credentialId === outcome.credentialId);
      if (result) {
        finish(result);
        return;
      }
    }
    if (outcome && outcome.error) {
      if (outcome.error === 'session_expired' || session.status === 'expired') {
        renderExpired();
      } else if (outcome.error === 'session_completed' && session.results.length > 0) {
        renderAlreadyConnected(session.results[session.results.length - 1]);
      } else {
        renderOAuthFailure(outcome.error, outcome.connectorId);
      }
      return;
    }
    if (session.status === 'expired') {
      renderExpired();
    } else if (!session.canConnect && session.results.length > 0) {
      renderAlreadyConnected(session.results[session.results.length - 1]);
    } else {
      renderList();
    }
  }

  takeTokenFromFragment();
  start(takeOutcomeFromQuery());
})();
