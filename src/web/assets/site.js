// The only script of the public pages. Everything works without it; it adds the quick-exit key,
// copy buttons, and opening a status link whose secret sits in the URL fragment.
(function () {
  'use strict';
  var d = document;

  d.querySelectorAll('[data-js-only]').forEach(function (el) {
    el.hidden = false;
  });

  // Quick exit: replace this page in the history, so Back does not come here again.
  var exit = d.querySelector('[data-quick-exit]');
  if (exit) {
    var leave = function () {
      d.body.hidden = true;
      window.location.replace(exit.href);
    };
    exit.addEventListener('click', function (event) {
      event.preventDefault();
      leave();
    });
    var lastEscape = 0;
    d.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape') return;
      var now = Date.now();
      if (now - lastEscape < 1000) leave();
      lastEscape = now;
    });
  }

  // Copy buttons: data-copy names the field whose text is copied.
  d.querySelectorAll('[data-copy]').forEach(function (button) {
    var target = d.getElementById(button.getAttribute('data-copy'));
    var status = d.getElementById(button.getAttribute('data-copy') + '-copied');
    if (!target) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = 'value' in target ? target.value : target.textContent;
      var done = function () {
        if (status) status.textContent = button.getAttribute('data-copied') || '';
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {
          target.select();
        });
      } else if (target.select) {
        target.select();
        if (d.execCommand && d.execCommand('copy')) done();
      }
    });
  });

  // A status link carries the reference and the secret in the fragment, which never reaches a
  // server or a log. Move them into the lookup form and post it, after taking them out of the
  // address bar and the history.
  var lookup = d.querySelector('form[data-status-lookup]');
  if (lookup && window.location.hash.length > 1) {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var reference = params.get('ref');
    var token = params.get('token');
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    if (reference && token) {
      lookup.elements.namedItem('reference').value = reference;
      lookup.elements.namedItem('token').value = token;
      var opening = d.getElementById('opening');
      if (opening) opening.hidden = false;
      lookup.submit();
    }
  }
})();
