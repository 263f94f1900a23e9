// The console's few lines of script: htmx does the rest (docs/console.md).
(() => {
  // Every htmx request carries the session's CSRF token, which the server checks on anything but a GET.
  document.addEventListener('htmx:configRequest', (event) => {
    const token = document.querySelector('meta[name="csrf-token"]');
    if (token) {
      event.detail.headers['X-CSRF-Token'] = token.content;
    }
  });

  // A live run graph: the server says "changed" (at most a few times a second) and htmx fetches the graph
  // again; "ended" fetches it one last time and closes the stream.
  function connectLive(element) {
    const source = new EventSource(element.dataset.live);
    source.addEventListener('changed', () => htmx.trigger(element, 'changed'));
    source.addEventListener('ended', () => {
      source.close();
      htmx.trigger(element, 'changed');
    });
  }

  // Following the log: each "row" event is an already rendered, escaped table row, newest on top.
  function toggleFollow(button) {
    if (button.source) {
      button.source.close();
      button.source = null;
      button.setAttribute('aria-pressed', 'false');
      button.textContent = 'Follow live';
      return;
    }
    const rows = document.getElementById('event-rows');
    button.source = new EventSource(button.dataset.follow);
    button.source.addEventListener('row', (event) => rows.insertAdjacentHTML('afterbegin', event.data));
    button.setAttribute('aria-pressed', 'true');
    button.textContent = 'Stop following';
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('[data-live]').forEach(connectLive);
    const follow = document.getElementById('follow');
    if (follow) {
      follow.addEventListener('click', () => toggleFollow(follow));
    }
  });
})();
