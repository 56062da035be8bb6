// Copy buttons on the dashboard: data-copy names the element whose text is copied. Without
// JavaScript the buttons stay hidden and the text can be selected by hand.
(function (d) {
  d.querySelectorAll('[data-copy]').forEach(function (button) {
    var target = d.getElementById(button.getAttribute('data-copy'));
    var status = d.getElementById(button.getAttribute('data-copy') + '-copied');
    if (!target) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = target.value !== undefined ? target.value : target.textContent;
      var done = function () {
        if (status) status.textContent = button.getAttribute('data-copied') || '✓';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () {
          target.select && target.select();
        });
      } else if (target.select) {
        target.select();
        if (d.execCommand && d.execCommand('copy')) done();
      }
    });
  });
})(document);
