// The article form's heartbeat: keeps this editor's soft lock fresh and says who else
// is editing (desk/locks.py). Without JavaScript the warning still shows when the form
// is opened.
(function () {
  "use strict";
  var banner = document.getElementById("desk-lock");
  if (!banner) return;
  var url = banner.dataset.url;
  var seconds = parseInt(banner.dataset.seconds, 10) || 30;
  var form = document.querySelector("#article_form") || document.querySelector("form[method=post]");
  function csrf() {
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function show(holder) {
    var hint = banner.querySelector(".desk-lock-hint");
    banner.textContent = holder ? banner.dataset.template.replace("%(name)s", holder) + " " : "";
    if (hint) banner.appendChild(hint);
    banner.classList.toggle("desk-hidden", !holder);
  }
  function beat(release) {
    var body = new URLSearchParams({ csrfmiddlewaretoken: csrf() });
    if (release) {
      body.set("release", "1");
      navigator.sendBeacon(url, body);
      return;
    }
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-CSRFToken": csrf() } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) show(data.holder); })
      .catch(function () { /* offline for a moment: try again at the next beat */ });
  }
  window.setInterval(function () { beat(false); }, seconds * 1000);
  var saving = false;
  if (form) form.addEventListener("submit", function () { saving = true; });
  window.addEventListener("pagehide", function () { if (!saving) beat(true); });
})();
