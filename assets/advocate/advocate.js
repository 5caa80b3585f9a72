'use strict';
// The advocate page: takes the age-encrypted pack out of this page, checks it against the
// page's own digest, decrypts it in memory with the passphrase (CasebookAge: age-encryption,
// bundled), runs verify.html's checks on it (CasebookVerify: verify.html's own script, carried
// unchanged), then shows what it holds and offers its ZIP. Every piece of the pack's text goes
// into the page with textContent; images are shown from blob: URLs of their bytes.
(function () {
  var V = window.CasebookVerify, AGE = window.CasebookAge;
  var FORMAT = 'casebook-advocate-html/1';
  // The most scrypt work Casebook asks for (casebook-pack's PACK_SCRYPT_LOG_N); more is refused.
  var MAX_LOG_N = 18;
  var IMAGES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
  var status = document.getElementById('status');
  var form = document.getElementById('unlock'), openButton = document.getElementById('open');
  var results = document.getElementById('results'), opened = document.getElementById('opened');
  var holds = document.getElementById('holds');

  function state(name) { document.body.setAttribute('data-state', name); }
  function say(text, kind) {
    status.textContent = text;
    status.className = 'notice' + (kind ? ' ' + kind : '');
    status.setAttribute('role', kind === 'bad' ? 'alert' : 'status');
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function hex(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16); }
    return s;
  }
  function Damaged(message) { this.message = message; }

  if (!V || !AGE || !window.crypto || !crypto.subtle) {
    state('broken');
    say('This page cannot run here: part of its script is missing (the file is damaged) or this browser is too old. ' +
      'Use a current Chrome, Edge, Firefox or Safari, or ask the person to send the pack again.', 'bad');
    return;
  }

  // ------------------------------------------------------------ the encrypted pack, checked before use
  var payload = null;
  async function payloadBytes() {
    if (payload) { return payload; }
    var armor = document.getElementById('casebook-payload'), wrap = document.getElementById('casebook-wrapper');
    if (!armor || !wrap) { throw new Damaged('the encrypted pack or the page\'s digest of it is missing (the file was cut short?)'); }
    var wrapper;
    try { wrapper = JSON.parse(wrap.textContent); } catch (e) { throw new Damaged('the page\'s digest of the encrypted pack cannot be read'); }
    if (!wrapper || wrapper.format !== FORMAT) { throw new Damaged('it is in a layout this page does not know'); }
    var bytes;
    // Each step is timed (performance.measure, read by `make bench`), so its figures say where
    // the time goes.
    var t = performance.now();
    try { bytes = decodeArmor(armor.textContent); } catch (e) { throw new Damaged('the encrypted pack is not well formed (' + e.message + ')'); }
    t = step('armor decode', t);
    var digest = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
    step('payload digest', t);
    if (bytes.length !== wrapper.payload_bytes || digest !== wrapper.payload_sha256) {
      throw new Damaged('the encrypted pack does not match the page\'s own digest of it');
    }
    var header = new TextDecoder().decode(bytes.subarray(0, 300));
    var work = /\n-> scrypt \S+ (\d+)\n/.exec(header);
    if (work && Number(work[1]) > MAX_LOG_N) {
      throw new Damaged('it demands 2^' + work[1] + ' scrypt work to open, more than Casebook ever uses (2^' + MAX_LOG_N + '): refused');
    }
    payload = bytes;
    return bytes;
  }
  // The armor decoded by the browser's own base64 decoder where it has one (Uint8Array.fromBase64:
  // Chromium 140, Firefox 133, Safari 18.2), else by age-encryption's: the JavaScript decoder took
  // 2 s of a 100 MiB pack's 15 s in Chromium. Either way the bytes are then checked against the
  // page's own digest, so a laxer reading of the text cannot let other bytes through.
  var BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----', END = '-----END AGE ENCRYPTED FILE-----';
  function decodeArmor(text) {
    var t = text.trim();
    if (typeof Uint8Array.fromBase64 === 'function' && t.indexOf(BEGIN) === 0 &&
      t.lastIndexOf(END) === t.length - END.length) {
      return Uint8Array.fromBase64(t.slice(BEGIN.length, t.length - END.length), { lastChunkHandling: 'strict' });
    }
    return AGE.decodeArmor(text);
  }
  function step(name, since) {
    var now = performance.now();
    try { performance.measure('casebook ' + name, { start: since, end: now }); } catch (e) { /* an older browser: no figure */ }
    return now;
  }
  function damaged(e) {
    state('damaged');
    openButton.disabled = true;
    say('This file is damaged or was changed after it was made: ' + e.message + '. It cannot be opened. ' +
      'Ask the person to make and send the pack again.', 'bad');
  }

  // ------------------------------------------------------------ what the person expects you to check
  function expectations() {
    var typed = document.getElementById('fingerprint').value.trim(), expected = { fingerprint: null, witnesses: [] };
    if (typed) {
      expected.fingerprint = V.parseFingerprint(typed);
      if (!expected.fingerprint) { return { error: 'That is not a key card fingerprint: it must be 64 letters and digits (0-9, a-f), spaces allowed.' }; }
    }
    var lines = document.getElementById('witnesses').value.split(/[\n,;]/);
    for (var i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) { continue; }
      var code = V.parseWitness(lines[i]);
      if (code.error) { return { error: 'Witness code ' + JSON.stringify(lines[i].trim()) + ': ' + code.error + '.' }; }
      expected.witnesses.push(code);
    }
    return expected;
  }

  // ------------------------------------------------------------ opening
  var zipBytes = null, urls = [];
  async function open() {
    var expected = expectations();
    if (expected.error) { say(expected.error, 'bad'); return; }
    var pass = document.getElementById('passphrase');
    if (!pass.value) { say('Type the passphrase the person gave you first.', 'bad'); pass.focus(); return; }
    openButton.disabled = true;
    say('Opening… (this takes a few seconds)');
    var bytes;
    try { bytes = await payloadBytes(); } catch (e) { if (e instanceof Damaged) { damaged(e); return; } throw e; }
    var zip, t = performance.now();
    try {
      var d = new AGE.Decrypter();
      d.addPassphrase(pass.value);
      zip = await d.decrypt(bytes, 'uint8array');
      t = step('scrypt and decrypt', t);
    } catch (e) {
      openButton.disabled = false;
      if (/no identity matched/.test(String(e && e.message))) {
        state('wrong-passphrase');
        say('That passphrase does not open this pack. Check it with the person (capital letters, spaces, every word) ' +
          'and try again.', 'bad');
        pass.select();
        return;
      }
      damaged(new Damaged('it could not be decrypted (' + (e && e.message) + ')'));
      return;
    }
    pass.value = '';
    zipBytes = zip;
    say('Checking the pack…');
    var blob = new Blob([zip], { type: 'application/zip' });
    var report = await V.verifyBlob(blob, function (what) { say('Checking ' + what + ' …'); }, expected);
    t = step('checks', t);
    V.render(results, report, null);
    form.hidden = true;
    opened.hidden = false;
    document.getElementById('saving').hidden = false;
    document.getElementById('what').hidden = true;
    if (report.verdict === 'valid') {
      say('The pack is open and every check passed. What it holds is below.', 'good');
    } else {
      say('The pack is open, but the checks below did not all pass. Read what they say before relying on it.', 'bad');
    }
    state('opened');
    if (report.facts) { await show(blob, report.verdict === 'valid'); }
    step('entries shown', t);
    document.body.setAttribute('data-verdict', report.verdict);
  }

  // ------------------------------------------------------------ what the pack holds
  async function show(blob, valid) {
    holds.replaceChildren();
    var files = {};
    (await V.readZip(blob)).forEach(function (e) { if (!e.broken) { files[e.name] = e; } });
    var read = function (name) { var e = files[name]; return e ? V.bytesOf(blob, e.start, e.start + e.csize) : null; };
    var data;
    try { data = JSON.parse(new TextDecoder().decode(await read('entries.json'))); } catch (e) { return; }
    var entries = Array.isArray(data.entries) ? data.entries : [];
    holds.appendChild(el('h2', null, 'What the pack holds'));
    if (!valid) { holds.appendChild(el('p', 'notice bad', 'The checks failed: what follows may not be what the person wrote.')); }
    holds.appendChild(el('p', null, entries.length + ' entr' + (entries.length === 1 ? 'y' : 'ies') +
      '. The full report, with every correction and the continuity log, is report.pdf in the saved ZIP.'));
    pattern(entries);
    holds.appendChild(el('h2', null, 'Entries'));
    for (var i = 0; i < entries.length; i++) { await entry(entries[i], read); }
  }

  function latest(e) { var v = Array.isArray(e.versions) ? e.versions : []; return v.length ? v[v.length - 1] : null; }
  function when(f) {
    var o = f && f.occurred ? f.occurred : {};
    var start = String(o.start || '').replace('T', ' ');
    return (o.approximate ? 'about ' : '') + start + (o.end ? ' to ' + String(o.end).replace('T', ' ') : '');
  }

  function pattern(entries) {
    var counted = entries.filter(function (e) { return !e.retraction && latest(e); });
    holds.appendChild(el('h2', null, 'Pattern'));
    if (!counted.length) { holds.appendChild(el('p', null, 'No entries are counted (all were withdrawn).')); return; }
    var starts = counted.map(function (e) { return String(latest(e).fields.occurred.start); }).sort();
    holds.appendChild(el('p', null, counted.length + ' incident(s) counted, from ' + starts[0].slice(0, 10) + ' to ' +
      starts[starts.length - 1].slice(0, 10) + (counted.length < entries.length ? ' (' + (entries.length - counted.length) + ' withdrawn by the person, not counted)' : '') + '.'));
    var byKind = {}, byMonth = {};
    counted.forEach(function (e) {
      var f = latest(e).fields, k = String(f.kind), m = String(f.occurred.start).slice(0, 7);
      byKind[k] = (byKind[k] || 0) + 1;
      byMonth[m] = (byMonth[m] || 0) + 1;
    });
    [['Kind', byKind], ['Month', byMonth]].forEach(function (pair) {
      var t = el('table', 'pattern'), head = el('tr');
      head.appendChild(el('th', null, pair[0]));
      head.appendChild(el('th', null, 'Incidents'));
      t.appendChild(head);
      Object.keys(pair[1]).sort().forEach(function (k) {
        var row = el('tr');
        row.appendChild(el('td', null, k.replace(/_/g, ' ')));
        row.appendChild(el('td', null, pair[1][k]));
        t.appendChild(row);
      });
      holds.appendChild(t);
      holds.appendChild(el('p'));
    });
  }

  async function entry(e, read) {
    var v = latest(e);
    if (!v) { return; }
    var f = v.fields || {}, box = el('article', 'entry' + (e.retraction ? ' retracted' : ''));
    box.setAttribute('data-entry', String(e.id));
    box.appendChild(el('h3', null, f.title || '(no title)'));
    box.appendChild(el('p', 'when', when(f) + ' · ' + String(f.kind || '').replace(/_/g, ' ') +
      (v.revision > 1 ? ' · corrected ' + (v.revision - 1) + ' time(s), every version is in the report' : '')));
    if (e.retraction) { box.appendChild(el('p', 'notice', 'Withdrawn by the person: ' + (e.retraction.reason || ''))); }
    [['Where', f.location], ['Channel', f.channel], ['From', f.identifier], ['Effect on them', f.impact],
      ['Witnesses', Array.isArray(f.witnesses) && f.witnesses.length ? f.witnesses.join(', ') : null]
    ].forEach(function (row) { if (row[1]) { box.appendChild(el('p', null, row[0] + ': ' + row[1])); } });
    if (f.narrative) { box.appendChild(el('p', 'narrative', f.narrative)); }
    var exhibits = Array.isArray(e.exhibits) ? e.exhibits : [];
    for (var i = 0; i < exhibits.length; i++) {
      var x = exhibits[i], item = el('div', 'exhibit'), name = x.original && x.original.name ? x.original.name : '';
      var label = 'Exhibit ' + String(x.mark || '').replace('_', '/') + (name ? ' (' + name + ')' : '');
      if (x.withheld) { item.appendChild(el('p', null, label + ': not in this pack (' + x.withheld + ')')); box.appendChild(item); continue; }
      var bytes = x.file ? await read(x.file) : null;
      if (bytes && IMAGES.indexOf(x.media_type) >= 0) {
        var url = URL.createObjectURL(new Blob([bytes], { type: x.media_type }));
        urls.push(url);
        var img = el('img');
        img.src = url;
        img.alt = label;
        item.appendChild(el('p', null, label + (x.derived_from ? ', a copy without the photo\'s location' : '')));
        item.appendChild(img);
      } else {
        item.appendChild(el('p', null, label + ': ' + (x.media_type || 'a file') + ', ' + (bytes ? bytes.length : 0) +
          ' bytes, in the saved ZIP as ' + (x.file || '(missing)')));
      }
      box.appendChild(item);
    }
    holds.appendChild(box);
  }

  // ------------------------------------------------------------ saving the ZIP for the police
  document.getElementById('save').addEventListener('click', function () {
    if (!zipBytes) { return; }
    var here = decodeURIComponent(location.pathname.split('/').pop() || '');
    var name = /\.html?$/i.test(here) ? here.replace(/\.html?$/i, '.zip') : 'casebook-pack-for-advocate.zip';
    var url = URL.createObjectURL(new Blob([zipBytes], { type: 'application/zip' }));
    urls.push(url);
    var a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    document.getElementById('saved').textContent = 'Saved as ' + name + ' (in your downloads folder, unless your browser asked where).';
  });
  window.addEventListener('pagehide', function () { urls.forEach(function (u) { URL.revokeObjectURL(u); }); });

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    open().catch(function (e) {
      openButton.disabled = false;
      state('error');
      say('Something went wrong while opening the pack: ' + (e && e.message) + '.', 'bad');
    });
  });

  // The page's digest is checked as soon as it loads, so a damaged file says so before a
  // passphrase is typed.
  say('Checking the file…');
  payloadBytes().then(function () {
    state('locked');
    say('Type the passphrase the person gave you, then choose "Open the pack".');
  }, function (e) {
    if (e instanceof Damaged) { damaged(e); } else { state('error'); say('This file could not be read: ' + (e && e.message) + '.', 'bad'); }
  });
})();
