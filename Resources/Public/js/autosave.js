// Lưu nháp tự động: the report form saves itself two seconds after the officer stops typing, so a
// closed tab or a lost connection loses nothing. The form still works without this script.
(function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) return;
  var status = document.getElementById("autosave-status");
  var timer = null;
  function save() {
    var body = new URLSearchParams(new FormData(form));
    body.delete("action");
    fetch(form.dataset.autosave, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json" }
    }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (res) {
        form.querySelectorAll(".autosave-error").forEach(function (e) { e.remove(); });
        if (res.ok) { status.textContent = (document.documentElement.lang === "en" ? "Draft saved at " : "Đã lưu nháp lúc ") + res.json.saved; return; }
        status.textContent = document.documentElement.lang === "en" ? "Not saved: see the marked cells." : "Chưa lưu: xem các ô được đánh dấu.";
        Object.keys(res.json.errors || {}).forEach(function (key) {
          var input = document.getElementById("v-" + key);
          if (!input) return;
          var note = document.createElement("span");
          note.className = "error autosave-error";
          note.setAttribute("role", "alert");
          note.textContent = res.json.errors[key];
          input.insertAdjacentElement("afterend", note);
        });
      })
      .catch(function () { status.textContent = document.documentElement.lang === "en" ? "Offline: not saved yet." : "Mất kết nối: chưa lưu."; });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 2000); });
})();
