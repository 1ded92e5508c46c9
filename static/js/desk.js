/* The moderation desk, enhanced: keyboard shortcuts and decisions without a reload.
 *
 * Without this file every button still works as a plain form post (comments/admin.py).
 * Keys: j/k next/previous row, a approve, s spam, d remove, r reply, e edit, z undo.
 * Decisions go to the same POST endpoints, asking for JSON instead of a redirect.
 */
"use strict";

// Loaded in the admin's <head> (ModelAdmin.Media): start once the page is parsed.
function startDesk() {
  const table = document.getElementById("result_list");
  if (!table) return;
  // The keys work only with this file: their line is hidden until now.
  const keys = document.querySelector(".desk-keys");
  if (keys) keys.hidden = false;
  const form = document.getElementById("changelist-form");
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  const status = document.createElement("p");
  status.className = "desk-status";
  status.setAttribute("role", "status");
  table.parentNode.insertBefore(status, table);

  let current = 0;
  const rows = () => Array.from(table.querySelectorAll("tbody tr"));

  function select(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("desk-current", i === current));
    all[current].scrollIntoView({ block: "nearest" });
  }

  function moveCount(from, to) {
    for (const [queue, step] of [[from, -1], [to, 1]]) {
      const count = document.querySelector(
        `.desk-queues a[href="?status=${queue}"] .desk-count`,
      );
      // A count past the cap reads "10,000+": leave it as it is.
      if (count && /^\d+$/.test(count.textContent)) {
        count.textContent = Math.max(0, Number(count.textContent) + step);
      }
    }
  }

  function setUndo(url) {
    let undo = document.querySelector("form.desk-undo");
    if (!undo || !url) return;
    undo.action = url;
  }

  async function decide(button) {
    const row = button.closest("tr");
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    body.append("decision", button.value);
    button.disabled = true;
    let reply;
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      reply = await response.json();
    } catch (error) {
      // Whatever went wrong, the plain form post still works.
      button.disabled = false;
      button.form.requestSubmit(button);
      return;
    }
    status.textContent = reply.message;
    if (!reply.ok) {
      button.disabled = false;
      return;
    }
    if (reply.undo) {
      if (!document.querySelector("form.desk-undo")) {
        const undo = document.createElement("form");
        undo.className = "desk-undo";
        undo.method = "post";
        const csrf = document.createElement("input");
        csrf.type = "hidden";
        csrf.name = "csrfmiddlewaretoken";
        csrf.value = token ? token.value : "";
        const next = document.createElement("input");
        next.type = "hidden";
        next.name = "next";
        next.value = location.pathname + location.search;
        const submit = document.createElement("button");
        submit.type = "submit";
        submit.className = "desk-button";
        submit.dataset.key = "z";
        submit.textContent = "Undo";
        undo.append(csrf, next, submit);
        status.after(undo);
      }
      setUndo(reply.undo);
    }
    const listsEverything = new URLSearchParams(location.search).get("status") === "all";
    if (listsEverything || ["feature", "unfeature"].includes(button.value)) {
      // Every status is listed here, or a pick leaves the comment where it is: show the
      // row's new state rather than hide it.
      location.reload();
      return;
    }
    // The comment has left this queue for another: move it in the queues' counts, take
    // its row out and stay at the same place.
    moveCount(new URLSearchParams(location.search).get("status") || "pending", reply.status);
    const index = rows().indexOf(row);
    row.remove();
    select(index);
  }

  table.addEventListener("click", function (event) {
    const button = event.target.closest("button[name=decision]");
    if (!button) return;
    event.preventDefault();
    decide(button);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const row = rows()[current];
    const press = (selector) => {
      const target = row && row.querySelector(selector);
      if (target) {
        event.preventDefault();
        target.click();
      }
    };
    switch (event.key) {
      case "j":
        event.preventDefault();
        select(current + 1);
        break;
      case "k":
        event.preventDefault();
        select(current - 1);
        break;
      case "a":
        press("button[value=approve]");
        break;
      case "s":
        press("button[value=spam]");
        break;
      case "d":
        press("button[value=remove]");
        break;
      case "r":
        press("a.desk-reply");
        break;
      case "e":
        press("a.desk-edit");
        break;
      case "z": {
        const undo = document.querySelector("form.desk-undo");
        if (undo) {
          event.preventDefault();
          undo.submit();
        }
        break;
      }
    }
  });

  select(0);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startDesk);
} else {
  startDesk();
}
